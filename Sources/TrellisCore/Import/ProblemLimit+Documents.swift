extension ProblemLimit {
    /// The report that stands for `count` problems of a document left out, placed at `place`.
    public static func leftOut(_ count: Int, at place: ImportPlace, documentID: String?) -> ImportProblem {
        ImportProblem(line: place.line, column: place.column, message: more(count, "in this document"), documentID: documentID, leftOut: count, file: place.file)
    }

    /// A document's problems (another tool's record, CoNLL lines, a brat file) as they are
    /// reported: the first `perLine` in full, then one counting the rest, placed at the first of
    /// those.
    public static func limited(_ problems: [ImportProblem]) -> [ImportProblem] {
        guard problems.count > perLine else { return problems }
        let first = problems[perLine]
        return Array(problems.prefix(perLine))
            + [leftOut(problems.count - perLine, at: ImportPlace(file: first.file, line: first.line, column: first.column), documentID: first.documentID)]
    }
}
