/// One reviewer's independent version of a document, with their own judgements: what
/// adjudication compares.
public struct ReviewedVersion: Hashable, Sendable {
    public var reviewer: String
    /// The version's spans in document order.
    public var spans: [ReviewedSpan]
    /// The reviewer's decision ("approved", "rejected", "flagged" or `nil`) and note on the whole document.
    public var documentDecision: String?
    /// Whether the document decision was made on the version as it is now (see `DecisionState`).
    public var documentDecisionIsCurrent: Bool
    public var documentNote: String?

    public init(reviewer: String, spans: [ReviewedSpan], documentDecision: String? = nil, documentDecisionIsCurrent: Bool = true, documentNote: String? = nil) {
        self.reviewer = reviewer
        self.spans = spans
        self.documentDecision = documentDecision
        self.documentDecisionIsCurrent = documentDecisionIsCurrent
        self.documentNote = documentNote
    }

    /// The document decision as made on this version; `nil` when undecided or changed since.
    public var currentDocumentDecision: String? { documentDecisionIsCurrent ? documentDecision : nil }
}

/// A span of a version and its reviewer's judgement of it. A decision or rating made on an
/// earlier state of the span (changed since) is kept apart: it is not a judgement of this state.
public struct ReviewedSpan: Hashable, Sendable {
    /// The stored span's id, so that the adjudicated span can name the judgements it takes.
    public var id: Int64
    public var span: Span
    /// "approved", "rejected", "flagged" or `nil` (undecided).
    public var decision: String?
    /// Whether `decision` was made on the span as it is now.
    public var decisionIsCurrent: Bool
    /// The ratings given to the span as it is now.
    public var ratings: [String: Int]
    /// The ratings given to an earlier state of the span.
    public var ratingsBeforeChange: [String: Int]
    public var note: String?

    public init(id: Int64, span: Span, decision: String? = nil, decisionIsCurrent: Bool = true, ratings: [String: Int] = [:],
                ratingsBeforeChange: [String: Int] = [:], note: String? = nil) {
        self.id = id
        self.span = span
        self.decision = decision
        self.decisionIsCurrent = decisionIsCurrent
        self.ratings = ratings
        self.ratingsBeforeChange = ratingsBeforeChange
        self.note = note
    }

    /// The decision as made on this state; `nil` when undecided or changed since.
    public var currentDecision: String? { decisionIsCurrent ? decision : nil }

    /// Whether the reviewer judged the span as it is now (decided or rated it).
    public var isJudged: Bool { currentDecision != nil || !ratings.isEmpty }

    /// Whether a decision or rating of the reviewer's was made on an earlier state.
    public var isChangedSince: Bool { (decision != nil && !decisionIsCurrent) || !ratingsBeforeChange.isEmpty }
}

/// The outcome of adjudication: the document's new shared version with the judgement taken for
/// each span, and the document's decision and note.
public struct AdjudicatedVersion: Hashable, Sendable {
    public var spans: [AdjudicatedSpan]
    public var documentDecision: String?
    public var documentNote: String?

    public init(spans: [AdjudicatedSpan], documentDecision: String? = nil, documentNote: String? = nil) {
        self.spans = spans
        self.documentDecision = documentDecision
        self.documentNote = documentNote
    }

    /// The spans as a store keeps them: each at the depth the version's own nesting gives it, in
    /// document order.
    public var placed: [AdjudicatedSpan] {
        let ordered = SpanNesting.assigningDepths(spans.map(\.span))
        return spans.map { chosen in
            var placed = chosen
            placed.span = ordered.first { $0.start == chosen.span.start && $0.end == chosen.span.end && $0.label == chosen.span.label } ?? chosen.span
            return placed
        }.sorted { Span.documentOrder($0.span, $1.span) }
    }
}

/// A span of an adjudicated version: the decision, ratings and note taken, and the versions'
/// spans whose judgements they are (so that the gold names those reviewers, with their own ratings).
public struct AdjudicatedSpan: Hashable, Sendable {
    public var span: Span
    public var decision: String?
    public var ratings: [String: Int]
    public var note: String?
    /// Ids of the reviewed spans whose judgements were taken.
    public var sources: [Int64]

    public init(span: Span, decision: String? = "approved", ratings: [String: Int], note: String? = nil, sources: [Int64] = []) {
        self.span = span
        self.decision = decision
        self.ratings = ratings
        self.note = note
        self.sources = sources
    }
}
