/// Which documents count as reviewed for measuring a rewriter, and what their gold is
/// (`trellis quality`, and the corrections and preference exports). Only current decisions count
/// (made on the spans and the document as they are now; see `DecisionState`).
///
/// A document is **reviewed** when a reviewer approved it as a whole, or when every span of its
/// shared version has a decision; its **gold** is its spans less those rejected. It is left out,
/// as not settled, when it was rejected or flagged as a whole, when a span is flagged, or when
/// reviewers approved and rejected the same span.
public enum ReviewedGold {
    /// A decision: `approved`, `rejected` or `flagged`.
    public typealias Decision = String

    public enum Outcome: Hashable, Sendable {
        case gold([Span])
        /// Why the document is left out: `not-reviewed`, `document-rejected`, `document-flagged`,
        /// `span-flagged`, `disagreement`.
        case skipped(String)
    }

    /// Judges a document from its spans (document order), each span's current decisions and the
    /// document's current decisions.
    public static func judge(spans: [Span], spanDecisions: [[Decision]], documentDecisions: [Decision]) -> Outcome {
        precondition(spans.count == spanDecisions.count, "ReviewedGold: \(spans.count) spans, \(spanDecisions.count) lists of decisions")
        if documentDecisions.contains("rejected") { return .skipped("document-rejected") }
        if documentDecisions.contains("flagged") { return .skipped("document-flagged") }
        var gold: [Span] = []
        var everyDecided = true
        for (span, decisions) in zip(spans, spanDecisions) {
            if decisions.contains("flagged") { return .skipped("span-flagged") }
            let approved = decisions.contains("approved"), rejected = decisions.contains("rejected")
            if approved && rejected { return .skipped("disagreement") }
            if decisions.isEmpty { everyDecided = false }
            if !rejected { gold.append(span) }
        }
        let approvedWhole = documentDecisions.contains("approved")
        guard approvedWhole || (everyDecided && !spans.isEmpty) else { return .skipped("not-reviewed") }
        return .gold(gold)
    }
}
