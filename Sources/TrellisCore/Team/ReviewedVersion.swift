/// One reviewer's independent version of a document, with their own judgements: what
/// adjudication compares.
public struct ReviewedVersion: Hashable, Sendable {
    public var reviewer: String
    /// The version's spans in document order.
    public var spans: [ReviewedSpan]
    /// The reviewer's decision ("approved", "rejected", "flagged" or `nil`) and note on the whole document.
    public var documentDecision: String?
    public var documentNote: String?

    public init(reviewer: String, spans: [ReviewedSpan], documentDecision: String? = nil, documentNote: String? = nil) {
        self.reviewer = reviewer
        self.spans = spans
        self.documentDecision = documentDecision
        self.documentNote = documentNote
    }
}

/// A span of a version and its reviewer's judgement of it.
public struct ReviewedSpan: Hashable, Sendable {
    /// The stored span's id, so that the adjudicated span can name the judgements it takes.
    public var id: Int64
    public var span: Span
    /// "approved", "rejected", "flagged" or `nil` (undecided).
    public var decision: String?
    public var ratings: [String: Int]
    public var note: String?

    public init(id: Int64, span: Span, decision: String? = nil, ratings: [String: Int] = [:], note: String? = nil) {
        self.id = id
        self.span = span
        self.decision = decision
        self.ratings = ratings
        self.note = note
    }

    /// Whether the reviewer judged the span at all (decided or rated it).
    public var isJudged: Bool { decision != nil || !ratings.isEmpty }
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
