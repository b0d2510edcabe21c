/// When a reviewer may approve: the rules the review screen enforces and explains.
public enum ApprovalRules {
    /// What stops a span of `mode` from being approved, in words; empty when it may be.
    public static func spanBlockers(mode: String, ratings: [String: Int], rubric: Rubric, documentProblems: Int) -> [String] {
        var blockers: [String] = []
        let missing = rubric.missing(for: mode, ratings: ratings)
        if !missing.isEmpty {
            blockers.append("rate " + missing.map { "\($0.name) (\($0.key))" }.joined(separator: ", "))
        }
        if documentProblems > 0 {
            blockers.append("fix the document's \(documentProblems) schema problem\(documentProblems == 1 ? "" : "s")")
        }
        return blockers
    }

    /// What stops a document from being approved: schema problems, and spans the reviewer has
    /// neither approved nor rejected (`undecided` counts them).
    public static func documentBlockers(documentProblems: Int, undecided: Int) -> [String] {
        var blockers: [String] = []
        if documentProblems > 0 {
            blockers.append("fix \(documentProblems) schema problem\(documentProblems == 1 ? "" : "s")")
        }
        if undecided > 0 {
            blockers.append("approve or reject \(undecided) more span\(undecided == 1 ? "" : "s")")
        }
        return blockers
    }
}
