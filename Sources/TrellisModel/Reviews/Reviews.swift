/// A decision on a span or a document.
public enum Decision: String, Codable, Hashable, Sendable, CaseIterable {
    case approved, rejected, flagged
}

/// One reviewer's rating of a span on one dimension.
public struct SpanRating: Hashable, Sendable {
    public var spanId: Int64
    public var reviewer: String
    public var dimension: String
    public var value: Int
    /// The state of the span it was given to (`DecisionState`); `nil` if unknown.
    public var seen: Int64?

    public init(spanId: Int64, reviewer: String, dimension: String, value: Int, seen: Int64? = nil) {
        self.spanId = spanId
        self.reviewer = reviewer
        self.dimension = dimension
        self.value = value
        self.seen = seen
    }
}

/// One reviewer's decision and note on a span (or, with `spanId == nil`, on the document).
public struct ReviewNote: Hashable, Sendable {
    public var spanId: Int64?
    public var reviewer: String
    public var decision: Decision?
    public var note: String?
    /// When it was last changed.
    public var at: String
    /// The state of the span (or document) the decision was made on (`DecisionState`); `nil`
    /// if there is no decision or it is unknown.
    public var seen: Int64?

    public init(spanId: Int64?, reviewer: String, decision: Decision?, note: String?, at: String, seen: Int64?) {
        self.spanId = spanId
        self.reviewer = reviewer
        self.decision = decision
        self.note = note
        self.at = at
        self.seen = seen
    }
}
