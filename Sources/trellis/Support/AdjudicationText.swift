import TrellisCore
import TrellisStore

/// `trellis adjudicate`'s list: one line per document awaiting adjudication, saying what differs.
enum AdjudicationText {
    /// "t2 (ada, bo): 2 differences — 0–12 boundaries; 13–30 decisions, ratings"
    static func line(_ pending: PendingAdjudication) -> String {
        let comparison = pending.comparison
        let head = "\(pending.externalID) (\(comparison.reviewers.joined(separator: ", "))): "
        guard !comparison.agrees else {
            if comparison.acceptsAutomatically { return head + "the versions agree in everything; --auto accepts it" }
            var open: [String] = []
            if comparison.agreed.isEmpty { open.append("no spans") }
            if comparison.undecided > 0 { open.append("\(comparison.undecided) span\(comparison.undecided == 1 ? "" : "s") undecided") }
            if comparison.flagged > 0 { open.append("\(comparison.flagged) span\(comparison.flagged == 1 ? "" : "s") flagged") }
            if comparison.changedSince > 0 { open.append("\(comparison.changedSince) span\(comparison.changedSince == 1 ? "" : "s") judged before a change") }
            if comparison.documentChangedSince { open.append("the document decided before a change") }
            return head + "the versions agree so far (" + open.joined(separator: ", ") + ")"
        }
        var parts = comparison.regions.map { region in
            "\(region.range.lowerBound)–\(region.range.upperBound) " + region.differences.map(\.rawValue).joined(separator: ", ")
        }
        if !comparison.documentDifferences.isEmpty {
            parts.append(comparison.documentDifferences.map(\.rawValue).joined(separator: ", "))
        }
        return head + "\(parts.count) difference\(parts.count == 1 ? "" : "s") — " + parts.joined(separator: "; ")
    }

    static func summary(listed: Int, acceptable: Int) -> String {
        guard listed > 0 else { return "No document awaits adjudication." }
        return "\(listed) document\(listed == 1 ? "" : "s") await\(listed == 1 ? "s" : "") adjudication; "
            + "\(acceptable) can be accepted with --auto, the others in the review screen (V on the document)."
    }
}
