import TrellisModel
/// The state of everything one history entry touched, as stored in its `before` and `after`
/// columns: spans, ratings, span decisions and notes, document decisions and notes. Applying
/// an entry's `before` undoes it; applying its `after` redoes it.
public struct ChangeSet: Codable, Hashable, Sendable {
    public var spans: [SpanSnapshot] = []
    public var ratings: [RatingSnapshot] = []
    public var spanReviews: [SpanReviewSnapshot] = []
    public var documentReviews: [DocumentReviewSnapshot] = []

    public init(spans: [SpanSnapshot] = [], ratings: [RatingSnapshot] = [], spanReviews: [SpanReviewSnapshot] = [], documentReviews: [DocumentReviewSnapshot] = []) {
        self.spans = spans
        self.ratings = ratings
        self.spanReviews = spanReviews
        self.documentReviews = documentReviews
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        spans = try container.decodeIfPresent([SpanSnapshot].self, forKey: .spans) ?? []
        ratings = try container.decodeIfPresent([RatingSnapshot].self, forKey: .ratings) ?? []
        spanReviews = try container.decodeIfPresent([SpanReviewSnapshot].self, forKey: .spanReviews) ?? []
        documentReviews = try container.decodeIfPresent([DocumentReviewSnapshot].self, forKey: .documentReviews) ?? []
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !spans.isEmpty { try container.encode(spans, forKey: .spans) }
        if !ratings.isEmpty { try container.encode(ratings, forKey: .ratings) }
        if !spanReviews.isEmpty { try container.encode(spanReviews, forKey: .spanReviews) }
        if !documentReviews.isEmpty { try container.encode(documentReviews, forKey: .documentReviews) }
    }

    private enum CodingKeys: String, CodingKey {
        case spans, ratings, spanReviews = "span_reviews", documentReviews = "document_reviews"
    }

    public var isEmpty: Bool { spans.isEmpty && ratings.isEmpty && spanReviews.isEmpty && documentReviews.isEmpty }
}

/// A span's state in history.
public struct SpanSnapshot: Codable, Hashable, Sendable {
    public var id: Int64
    public var start: Int
    public var end: Int
    public var label: String
    public var depth: Int
    public var deleted: Bool

    public init(_ record: SpanRecord) {
        id = record.id
        start = record.start
        end = record.end
        label = record.label
        depth = record.depth
        deleted = record.deleted
    }
}

/// One reviewer's rating of one span on one dimension; `value == nil` means not rated. `seen` is
/// the state of the span it was given to (`DecisionState`; `nil` in entries older than v7).
public struct RatingSnapshot: Codable, Hashable, Sendable {
    public var spanId: Int64
    public var reviewerId: Int64
    public var dimension: String
    public var value: Int?
    public var seen: Int64?
}

/// One reviewer's decision and note on a span; both `nil` means none. `seen` is the state of
/// the span the decision was made on.
public struct SpanReviewSnapshot: Codable, Hashable, Sendable {
    public var spanId: Int64
    public var reviewerId: Int64
    public var decision: String?
    public var note: String?
    public var seen: Int64?
}

/// One reviewer's decision and note on a whole document; both `nil` means none. `seen` is the
/// state of the document (its content and the spans of the version) the decision was made on.
public struct DocumentReviewSnapshot: Codable, Hashable, Sendable {
    public var documentId: Int64
    public var reviewerId: Int64
    public var decision: String?
    public var note: String?
    public var seen: Int64?
}
