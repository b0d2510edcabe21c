import GRDB

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
}

/// One reviewer's decision and note on a span (or, with `spanId == nil`, on the document).
public struct ReviewNote: Hashable, Sendable {
    public var spanId: Int64?
    public var reviewer: String
    public var decision: Decision?
    public var note: String?
    /// When it was last changed.
    public var at: String
}

extension AppDatabase {
    /// Every rating, span decision and document decision of a document, with reviewer names.
    static func reviews(of documentID: Int64, in db: Database) throws -> (ratings: [SpanRating], notes: [ReviewNote]) {
        let ratings = try Row.fetchAll(db, sql: """
            SELECT r.span_id, v.name, r.dimension, r.value FROM rating r
            JOIN span s ON s.id = r.span_id JOIN reviewer v ON v.id = r.reviewer_id
            WHERE s.document_id = ? AND s.deleted = 0 ORDER BY r.span_id, v.name, r.dimension
            """, arguments: [documentID]).map { SpanRating(spanId: $0[0], reviewer: $0[1], dimension: $0[2], value: $0[3]) }
        let spanNotes = try Row.fetchAll(db, sql: """
            SELECT r.span_id, v.name, r.decision, r.note, r.updated_at FROM span_review r
            JOIN span s ON s.id = r.span_id JOIN reviewer v ON v.id = r.reviewer_id
            WHERE s.document_id = ? AND s.deleted = 0 ORDER BY r.span_id, v.name
            """, arguments: [documentID]).map { row in
                ReviewNote(spanId: try row.decode(atIndex: 0), reviewer: try row.decode(atIndex: 1), decision: (try row.decode(atIndex: 2) as String?).flatMap(Decision.init(rawValue:)), note: try row.decode(atIndex: 3), at: try row.decode(atIndex: 4))
            }
        let documentNotes = try Row.fetchAll(db, sql: """
            SELECT v.name, r.decision, r.note, r.updated_at FROM document_review r JOIN reviewer v ON v.id = r.reviewer_id
            WHERE r.document_id = ? ORDER BY v.name
            """, arguments: [documentID]).map { row in
                ReviewNote(spanId: nil, reviewer: try row.decode(atIndex: 0), decision: (try row.decode(atIndex: 1) as String?).flatMap(Decision.init(rawValue:)), note: try row.decode(atIndex: 2), at: try row.decode(atIndex: 3))
            }
        return (ratings, spanNotes + documentNotes)
    }
}
