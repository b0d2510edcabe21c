import GRDB
import TrellisModel

extension ChangeSet {
    /// The current state of every item this change set names.
    func current(in db: Database) throws -> ChangeSet {
        var now = ChangeSet()
        for span in spans {
            guard let row = try SpanRecord.fetchOne(db, key: span.id) else { throw StoreError.unknownSpan(span.id) }
            now.spans.append(SpanSnapshot(row))
        }
        for rating in ratings {
            let row = try Row.fetchOne(db, sql: "SELECT value, seen FROM rating WHERE span_id = ? AND reviewer_id = ? AND dimension = ?",
                                       arguments: [rating.spanId, rating.reviewerId, rating.dimension])
            now.ratings.append(RatingSnapshot(spanId: rating.spanId, reviewerId: rating.reviewerId, dimension: rating.dimension, value: try row?.decode(Int?.self, forColumn: "value"),
                                              seen: try row?.decode(Int64?.self, forColumn: "seen")))
        }
        for review in spanReviews {
            let row = try Row.fetchOne(db, sql: "SELECT decision, note, seen FROM span_review WHERE span_id = ? AND reviewer_id = ?",
                                       arguments: [review.spanId, review.reviewerId])
            now.spanReviews.append(SpanReviewSnapshot(spanId: review.spanId, reviewerId: review.reviewerId, decision: try row?.decode(String?.self, forColumn: "decision"),
                                                      note: try row?.decode(String?.self, forColumn: "note"), seen: try row?.decode(Int64?.self, forColumn: "seen")))
        }
        for review in documentReviews {
            let row = try Row.fetchOne(db, sql: "SELECT decision, note, seen FROM document_review WHERE document_id = ? AND reviewer_id = ?",
                                       arguments: [review.documentId, review.reviewerId])
            now.documentReviews.append(DocumentReviewSnapshot(
                documentId: review.documentId, reviewerId: review.reviewerId, decision: try row?.decode(String?.self, forColumn: "decision"),
                note: try row?.decode(String?.self, forColumn: "note"), seen: try row?.decode(Int64?.self, forColumn: "seen")))
        }
        return now
    }

    /// Makes the database hold this state.
    func apply(in db: Database, at time: String) throws {
        for span in spans {
            try db.execute(sql: """
                UPDATE span SET start = ?, "end" = ?, label = ?, depth = ?, deleted = ?, revision = revision + 1 WHERE id = ?
                """, arguments: [span.start, span.end, span.label, span.depth, span.deleted, span.id])
        }
        for rating in ratings {
            if let value = rating.value {
                try db.execute(sql: """
                    INSERT INTO rating (span_id, reviewer_id, dimension, value, seen, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(span_id, reviewer_id, dimension) DO UPDATE SET value = excluded.value, seen = excluded.seen, updated_at = excluded.updated_at
                    """, arguments: [rating.spanId, rating.reviewerId, rating.dimension, value, rating.seen, time])
            } else {
                try db.execute(sql: "DELETE FROM rating WHERE span_id = ? AND reviewer_id = ? AND dimension = ?",
                               arguments: [rating.spanId, rating.reviewerId, rating.dimension])
            }
        }
        for review in spanReviews {
            if review.decision == nil && review.note == nil {
                try db.execute(sql: "DELETE FROM span_review WHERE span_id = ? AND reviewer_id = ?", arguments: [review.spanId, review.reviewerId])
            } else {
                try db.execute(sql: """
                    INSERT INTO span_review (span_id, reviewer_id, decision, note, seen, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(span_id, reviewer_id) DO UPDATE SET decision = excluded.decision, note = excluded.note, seen = excluded.seen, updated_at = excluded.updated_at
                    """, arguments: [review.spanId, review.reviewerId, review.decision, review.note, review.seen, time])
            }
        }
        for review in documentReviews {
            if review.decision == nil && review.note == nil {
                try db.execute(sql: "DELETE FROM document_review WHERE document_id = ? AND reviewer_id = ?", arguments: [review.documentId, review.reviewerId])
            } else {
                try db.execute(sql: """
                    INSERT INTO document_review (document_id, reviewer_id, decision, note, seen, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(document_id, reviewer_id) DO UPDATE SET decision = excluded.decision, note = excluded.note, seen = excluded.seen, updated_at = excluded.updated_at
                    """, arguments: [review.documentId, review.reviewerId, review.decision, review.note, review.seen, time])
            }
        }
    }
}
