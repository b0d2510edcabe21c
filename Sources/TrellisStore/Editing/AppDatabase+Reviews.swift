import GRDB
import TrellisCore

extension AppDatabase {
    /// Sets (or, with `nil`, clears) `reviewer`'s rating of a span on one dimension.
    public func rate(span spanID: Int64, in documentID: Int64, dimension: String, value: Int?, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("rate", span: spanID, in: documentID, by: reviewer, schema: schema) { reviewerID, _ in
            ChangeSet(ratings: [RatingSnapshot(spanId: spanID, reviewerId: reviewerID, dimension: dimension, value: value)])
        }
    }

    /// Sets (or clears) `reviewer`'s decision on a span, keeping their note.
    public func decide(span spanID: Int64, in documentID: Int64, decision: Decision?, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("decide", span: spanID, in: documentID, by: reviewer, schema: schema) { reviewerID, db in
            let note = try String.fetchOne(db, sql: "SELECT note FROM span_review WHERE span_id = ? AND reviewer_id = ?", arguments: [spanID, reviewerID])
            return ChangeSet(spanReviews: [SpanReviewSnapshot(spanId: spanID, reviewerId: reviewerID, decision: decision?.rawValue, note: note)])
        }
    }

    /// Sets (or clears, with `nil` or empty text) `reviewer`'s note on a span, keeping their decision.
    public func annotate(span spanID: Int64, in documentID: Int64, note: String?, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("note", span: spanID, in: documentID, by: reviewer, schema: schema) { reviewerID, db in
            let decision = try String.fetchOne(db, sql: "SELECT decision FROM span_review WHERE span_id = ? AND reviewer_id = ?", arguments: [spanID, reviewerID])
            return ChangeSet(spanReviews: [SpanReviewSnapshot(spanId: spanID, reviewerId: reviewerID, decision: decision, note: note.flatMap { $0.isEmpty ? nil : $0 })])
        }
    }

    /// Sets (or clears) `reviewer`'s decision on a whole document, keeping their note.
    public func decide(document documentID: Int64, decision: Decision?, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("decide-document", span: nil, in: documentID, by: reviewer, schema: schema) { reviewerID, db in
            let note = try String.fetchOne(db, sql: "SELECT note FROM document_review WHERE document_id = ? AND reviewer_id = ?", arguments: [documentID, reviewerID])
            return ChangeSet(documentReviews: [DocumentReviewSnapshot(documentId: documentID, reviewerId: reviewerID, decision: decision?.rawValue, note: note)])
        }
    }

    /// Sets (or clears) `reviewer`'s note on a whole document, keeping their decision.
    public func annotate(document documentID: Int64, note: String?, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("note-document", span: nil, in: documentID, by: reviewer, schema: schema) { reviewerID, db in
            let decision = try String.fetchOne(db, sql: "SELECT decision FROM document_review WHERE document_id = ? AND reviewer_id = ?", arguments: [documentID, reviewerID])
            return ChangeSet(documentReviews: [DocumentReviewSnapshot(documentId: documentID, reviewerId: reviewerID, decision: decision, note: note.flatMap { $0.isEmpty ? nil : $0 })])
        }
    }

    /// Commits the state `target` builds, with history, unless it is already the state.
    private func review(
        _ action: String, span spanID: Int64?, in documentID: Int64, by reviewer: String, schema: TagSchema,
        target: (Int64, Database) throws -> ChangeSet
    ) throws -> StoredDocument {
        if isReadOnly { throw StoreError.readOnly(path ?? "database") }
        return try writer.write { db in
            let reviewerID = try self.reviewer(named: reviewer, in: db).id!
            var owner = try Self.versionOwner(of: documentID, reviewerID: reviewerID, in: db)
            if let spanID {
                guard let row = try Row.fetchOne(db, sql: "SELECT owner_id FROM span WHERE id = ? AND document_id = ? AND deleted = 0", arguments: [spanID, documentID]) else {
                    throw StoreError.conflict("that span was changed or deleted by someone else; here is the current state")
                }
                owner = try row.decode(forColumn: "owner_id")
            }
            let after = try target(reviewerID, db)
            let before = try after.current(in: db)
            if before != after {
                try self.commit(action, document: documentID, span: spanID, reviewer: reviewerID, before: before, after: after, reverts: nil, in: db)
            }
            return try self.refreshCounts(of: documentID, owner: owner, schema: schema, in: db)
        }
    }
}
