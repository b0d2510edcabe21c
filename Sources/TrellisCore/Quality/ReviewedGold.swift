/// Which documents count as reviewed for measuring a rewriter, and what their gold is
/// (`trellis quality`, and the corrections and preference exports). Only current decisions count
/// (made on the spans and the document as they are now; see `DecisionState`).
///
/// A document is **reviewed** when a reviewer approved it as a whole, or when every span of its
/// shared version has a decision; its **gold** is its spans less those rejected. It is left out,
/// as not settled, when it was rejected or flagged as a whole, when a span is flagged, or when
/// reviewers approved and rejected the same span.
public enum ReviewedGold {
    /// The decisions made on a span or a document (by any reviewers).
    public struct Decisions: OptionSet, Hashable, Sendable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let approved = Decisions(rawValue: 1)
        public static let rejected = Decisions(rawValue: 2)
        public static let flagged = Decisions(rawValue: 4)
        /// A decision of another name (none is written; counted as a decision all the same).
        public static let other = Decisions(rawValue: 8)

        /// One decision from its name's UTF-8: `approved`, `rejected` or `flagged`.
        public init<Name: Sequence<UInt8>>(utf8 name: Name) {
            if name.elementsEqual("approved".utf8) {
                self = .approved
            } else if name.elementsEqual("rejected".utf8) {
                self = .rejected
            } else if name.elementsEqual("flagged".utf8) {
                self = .flagged
            } else {
                self = .other
            }
        }
    }

    public enum Outcome: Hashable, Sendable {
        case gold([Span])
        /// Why the document is left out: `not-reviewed`, `document-rejected`, `document-flagged`,
        /// `span-flagged`, `disagreement`.
        case skipped(String)
    }

    /// Judges a document from its spans (document order), each span's current decisions and the
    /// document's current decisions.
    public static func judge(spans: [Span], spanDecisions: [Decisions], documentDecisions: Decisions) -> Outcome {
        precondition(spans.count == spanDecisions.count, "ReviewedGold: \(spans.count) spans, \(spanDecisions.count) sets of decisions")
        if documentDecisions.contains(.rejected) { return .skipped("document-rejected") }
        if documentDecisions.contains(.flagged) { return .skipped("document-flagged") }
        var gold: [Span] = []
        var everyDecided = true
        for (span, decisions) in zip(spans, spanDecisions) {
            if decisions.contains(.flagged) { return .skipped("span-flagged") }
            let approved = decisions.contains(.approved), rejected = decisions.contains(.rejected)
            if approved && rejected { return .skipped("disagreement") }
            if decisions.isEmpty { everyDecided = false }
            if !rejected { gold.append(span) }
        }
        let approvedWhole = documentDecisions.contains(.approved)
        guard approvedWhole || (everyDecided && !spans.isEmpty) else { return .skipped("not-reviewed") }
        return .gold(gold)
    }
}
