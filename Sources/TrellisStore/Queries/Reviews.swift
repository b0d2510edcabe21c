import GRDB
import TrellisModel

extension AppDatabase {
    /// Every rating, span decision and document decision of a document, with reviewer names.
    static func reviews(of documentID: Int64, in db: Database) throws -> (ratings: [SpanRating], notes: [ReviewNote]) {
        let ratings = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.span_id, v.name, r.dimension, r.value, r.seen FROM rating r
            JOIN span s ON s.id = r.span_id JOIN reviewer v ON v.id = r.reviewer_id
            WHERE s.document_id = ? AND s.deleted = 0 ORDER BY r.span_id, v.name, r.dimension
            """), arguments: [documentID]).map { row in
                SpanRating(spanId: try row.decode(atIndex: 0), reviewer: try row.decode(atIndex: 1), dimension: try row.decode(atIndex: 2),
                           value: try row.decode(atIndex: 3), seen: try row.decode(atIndex: 4))
            }
        let spanNotes = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT r.span_id, v.name, r.decision, r.note, r.updated_at, r.seen FROM span_review r
            JOIN span s ON s.id = r.span_id JOIN reviewer v ON v.id = r.reviewer_id
            WHERE s.document_id = ? AND s.deleted = 0 ORDER BY r.span_id, v.name
            """), arguments: [documentID]).map { row in
                ReviewNote(spanId: try row.decode(atIndex: 0), reviewer: try row.decode(atIndex: 1), decision: (try row.decode(atIndex: 2) as String?).flatMap(Decision.init(rawValue:)),
                           note: try row.decode(atIndex: 3), at: try row.decode(atIndex: 4), seen: try row.decode(atIndex: 5))
            }
        return (ratings, spanNotes + (try documentNotes(of: documentID, in: db)))
    }

    /// Every reviewer's decision and note on the document as a whole, by reviewer name.
    static func documentNotes(of documentID: Int64, in db: Database) throws -> [ReviewNote] {
        try Row.fetchAll(db.cachedStatement(sql: """
            SELECT v.name, r.decision, r.note, r.updated_at, r.seen FROM document_review r JOIN reviewer v ON v.id = r.reviewer_id
            WHERE r.document_id = ? ORDER BY v.name
            """), arguments: [documentID]).map { row in
                ReviewNote(spanId: nil, reviewer: try row.decode(atIndex: 0), decision: (try row.decode(atIndex: 1) as String?).flatMap(Decision.init(rawValue:)),
                           note: try row.decode(atIndex: 2), at: try row.decode(atIndex: 3), seen: try row.decode(atIndex: 4))
            }
    }
}
