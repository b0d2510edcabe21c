import GRDB
import TrellisCore
import TrellisModel

extension AppDatabase {
    /// Records a change of `reviewer`'s own ratings, decisions or notes (one of the calls below).
    public func review(_ change: ReviewChange, in documentID: Int64, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        switch change {
        case .rate(let span, let dimension, let value): try rate(span: span, in: documentID, dimension: dimension, value: value, by: reviewer, schema: schema)
        case .decideSpan(let span, let decision): try decide(span: span, in: documentID, decision: decision, by: reviewer, schema: schema)
        case .noteSpan(let span, let note): try annotate(span: span, in: documentID, note: note, by: reviewer, schema: schema)
        case .decideDocument(let decision): try decide(document: documentID, decision: decision, by: reviewer, schema: schema)
        case .noteDocument(let note): try annotate(document: documentID, note: note, by: reviewer, schema: schema)
        case .reconfirmSpan(let span): try reconfirm(span: span, in: documentID, by: reviewer, schema: schema)
        case .reconfirmDocument: try reconfirm(document: documentID, by: reviewer, schema: schema)
        }
    }

    /// Sets (or, with `nil`, clears) `reviewer`'s rating of a span on one dimension, given to the
    /// span as it is now.
    public func rate(span spanID: Int64, in documentID: Int64, dimension: String, value: Int?, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("rate", span: spanID, in: documentID, by: reviewer, schema: schema) { reviewerID, db in
            ChangeSet(ratings: [RatingSnapshot(spanId: spanID, reviewerId: reviewerID, dimension: dimension, value: value,
                                               seen: value == nil ? nil : try Self.spanState(of: spanID, in: db))])
        }
    }

    /// Sets (or clears) `reviewer`'s decision on a span, keeping their note. The decision, and
    /// their ratings of the span, are bound to the span as it is now (its label, boundaries and
    /// the spans nested in it): any later change makes them stale.
    public func decide(span spanID: Int64, in documentID: Int64, decision: Decision?, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("decide", span: spanID, in: documentID, by: reviewer, schema: schema) { reviewerID, db in
            let note = try ReviewTable.span.review(of: spanID, by: reviewerID, in: db).note
            guard let decision else {
                return ChangeSet(spanReviews: [SpanReviewSnapshot(spanId: spanID, reviewerId: reviewerID, decision: nil, note: note, seen: nil)])
            }
            let state = try Self.spanState(of: spanID, in: db)
            return ChangeSet(ratings: try Self.ratingsRebound(span: spanID, reviewer: reviewerID, to: state, in: db),
                             spanReviews: [SpanReviewSnapshot(spanId: spanID, reviewerId: reviewerID, decision: decision.rawValue, note: note, seen: state)])
        }
    }

    /// Binds `reviewer`'s decision and ratings of a span, made on an earlier state, to the span as
    /// it is now: they stand as they were. Changes nothing when they are already current.
    public func reconfirm(span spanID: Int64, in documentID: Int64, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("reconfirm", span: spanID, in: documentID, by: reviewer, schema: schema) { reviewerID, db in
            let state = try Self.spanState(of: spanID, in: db)
            var change = ChangeSet(ratings: try Self.ratingsRebound(span: spanID, reviewer: reviewerID, to: state, in: db))
            let stored = try ReviewTable.span.review(of: spanID, by: reviewerID, in: db)
            if let decision = stored.decision {
                change.spanReviews = [SpanReviewSnapshot(spanId: spanID, reviewerId: reviewerID, decision: decision, note: stored.note, seen: state)]
            }
            return change
        }
    }

    /// Sets (or clears, with `nil` or empty text) `reviewer`'s note on a span, keeping their decision.
    public func annotate(span spanID: Int64, in documentID: Int64, note: String?, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("note", span: spanID, in: documentID, by: reviewer, schema: schema) { reviewerID, db in
            let stored = try ReviewTable.span.review(of: spanID, by: reviewerID, in: db)
            return ChangeSet(spanReviews: [SpanReviewSnapshot(spanId: spanID, reviewerId: reviewerID, decision: stored.decision,
                                                              note: note.flatMap { $0.isEmpty ? nil : $0 }, seen: stored.seen)])
        }
    }

    /// Sets (or clears) `reviewer`'s decision on a whole document, keeping their note. The
    /// decision is bound to the document as it is now (its content and every span of the version
    /// the reviewer works on).
    public func decide(document documentID: Int64, decision: Decision?, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("decide-document", span: nil, in: documentID, by: reviewer, schema: schema) { reviewerID, db in
            let note = try ReviewTable.document.review(of: documentID, by: reviewerID, in: db).note
            let seen = try decision.map { _ in try Self.documentState(of: documentID, owner: try Self.workingOwner(of: documentID, reviewerID: reviewerID, in: db), keep: true, in: db) }
            return ChangeSet(documentReviews: [DocumentReviewSnapshot(documentId: documentID, reviewerId: reviewerID, decision: decision?.rawValue, note: note, seen: seen)])
        }
    }

    /// Binds `reviewer`'s decision on a document, made on an earlier state, to the document as it is now.
    public func reconfirm(document documentID: Int64, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("reconfirm-document", span: nil, in: documentID, by: reviewer, schema: schema) { reviewerID, db in
            let stored = try ReviewTable.document.review(of: documentID, by: reviewerID, in: db)
            guard let decision = stored.decision else { return ChangeSet() }
            let seen = try Self.documentState(of: documentID, owner: try Self.workingOwner(of: documentID, reviewerID: reviewerID, in: db), keep: true, in: db)
            return ChangeSet(documentReviews: [DocumentReviewSnapshot(documentId: documentID, reviewerId: reviewerID, decision: decision, note: stored.note, seen: seen)])
        }
    }

    /// Sets (or clears) `reviewer`'s note on a whole document, keeping their decision.
    public func annotate(document documentID: Int64, note: String?, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        try review("note-document", span: nil, in: documentID, by: reviewer, schema: schema) { reviewerID, db in
            let stored = try ReviewTable.document.review(of: documentID, by: reviewerID, in: db)
            return ChangeSet(documentReviews: [DocumentReviewSnapshot(documentId: documentID, reviewerId: reviewerID, decision: stored.decision,
                                                                      note: note.flatMap { $0.isEmpty ? nil : $0 }, seen: stored.seen)])
        }
    }

    /// Commits the state `target` builds, with history, unless it is already the state.
    private func review(
        _ action: String, span spanID: Int64?, in documentID: Int64, by reviewer: String, schema: TagSchema,
        target: (Int64, Database) throws -> ChangeSet
    ) throws -> StoredDocument {
        if isReadOnly { throw StoreError.readOnly(path ?? "database") }
        return try write { db in
            let reviewerID = try self.reviewer(named: reviewer, in: db).id
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
            // A judgement changes no span: a long version's counts stand.
            guard try Self.isWindowed(documentID, owner: owner, in: db) else { return try self.refreshCounts(of: documentID, owner: owner, schema: schema, in: db) }
            let near = try spanID.flatMap { try Int.fetchOne(db.cachedStatement(sql: "SELECT start FROM span WHERE id = ?"), arguments: [$0]) }
            return try self.refreshCounts(of: documentID, owner: owner, schema: schema, near: near, change: CountChange(), in: db)
        }
    }
}
