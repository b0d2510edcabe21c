import GRDB
import TrellisCore
import TrellisModel

extension ChangeSet {
    /// The current state of every item this change set names.
    func current(in db: Database) throws -> ChangeSet {
        var now = ChangeSet()
        for span in spans {
            guard let row = try SpanRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM span WHERE id = ?"), arguments: [span.id]) else {
                throw StoreError.unknownSpan(span.id)
            }
            now.spans.append(SpanSnapshot(row))
        }
        for rating in ratings {
            let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT value, seen FROM rating WHERE span_id = ? AND reviewer_id = ? AND dimension = ?"),
                                       arguments: [rating.spanId, rating.reviewerId, rating.dimension])
            now.ratings.append(RatingSnapshot(spanId: rating.spanId, reviewerId: rating.reviewerId, dimension: rating.dimension, value: try row?.decode(Int?.self, forColumn: "value"),
                                              seen: try row?.decode(Int64?.self, forColumn: "seen")))
        }
        for review in spanReviews {
            let stored = try ReviewTable.span.review(of: review.spanId, by: review.reviewerId, in: db)
            now.spanReviews.append(SpanReviewSnapshot(spanId: review.spanId, reviewerId: review.reviewerId, decision: stored.decision, note: stored.note, seen: stored.seen))
        }
        for review in documentReviews {
            let stored = try ReviewTable.document.review(of: review.documentId, by: review.reviewerId, in: db)
            now.documentReviews.append(DocumentReviewSnapshot(documentId: review.documentId, reviewerId: review.reviewerId,
                                                              decision: stored.decision, note: stored.note, seen: stored.seen))
        }
        for adjudication in adjudications {
            let row = try Row.fetchOne(db, sql: "SELECT adjudicator_id, at, automatic FROM adjudication WHERE document_id = ?", arguments: [adjudication.documentId])
            now.adjudications.append(AdjudicationSnapshot(
                documentId: adjudication.documentId, adjudicatorId: try row?.decode(Int64?.self, forColumn: "adjudicator_id"),
                at: try row?.decode(String?.self, forColumn: "at"), automatic: try row?.decode(Bool?.self, forColumn: "automatic")))
        }
        for source in adjudicationSources {
            now.adjudicationSources.append(AdjudicationSourceSnapshot(spanId: source.spanId, sources: try Int64.fetchAll(
                db, sql: "SELECT source_span_id FROM adjudication_source WHERE span_id = ? ORDER BY source_span_id", arguments: [source.spanId])))
        }
        return now
    }

    /// Makes the database hold this state. The statements of spans and ratings, which every
    /// edit and rating runs, stay prepared on the connection: preparing one compiles every
    /// trigger it can fire (GRDB's authorizer sees each column they read), which cost more than
    /// running them.
    ///
    /// Every write of a span moves its version's kept state (``VersionState``) by the change.
    func apply(in db: Database, at time: String) throws {
        var moves = VersionStateMoves()
        for span in spans {
            if let old = try Row.fetchOne(db.cachedStatement(sql: """
                SELECT document_id, owner_id, start, "end", label, depth, deleted FROM span WHERE id = ?
                """), arguments: [span.id]) {
                let was = Span(start: try old.decode(atIndex: 2), end: try old.decode(atIndex: 3), label: try old.decode(atIndex: 4), depth: try old.decode(atIndex: 5))
                moves.change(document: try old.decode(atIndex: 0), owner: try old.decode(atIndex: 1),
                             from: try old.decode(Bool.self, atIndex: 6) ? nil : was, to: span.deleted ? nil : span.span)
            }
            try db.cachedStatement(sql: """
                UPDATE span SET start = ?, "end" = ?, label = ?, depth = ?, deleted = ?, revision = revision + 1 WHERE id = ?
                """).execute(arguments: [span.start, span.end, span.label, span.depth, span.deleted, span.id])
        }
        try moves.apply(in: db)
        for rating in ratings {
            if let value = rating.value {
                try db.cachedStatement(sql: """
                    INSERT INTO rating (span_id, reviewer_id, dimension, value, seen, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT(span_id, reviewer_id, dimension) DO UPDATE SET value = excluded.value, seen = excluded.seen, updated_at = excluded.updated_at
                    """).execute(arguments: [rating.spanId, rating.reviewerId, rating.dimension, value, rating.seen, time])
            } else {
                try db.cachedStatement(sql: "DELETE FROM rating WHERE span_id = ? AND reviewer_id = ? AND dimension = ?")
                    .execute(arguments: [rating.spanId, rating.reviewerId, rating.dimension])
            }
        }
        for review in spanReviews {
            try ReviewTable.span.save(of: review.spanId, by: review.reviewerId, decision: review.decision, note: review.note, seen: review.seen, at: time, in: db)
        }
        for review in documentReviews {
            try ReviewTable.document.save(of: review.documentId, by: review.reviewerId, decision: review.decision, note: review.note, seen: review.seen, at: time, in: db)
        }
        for adjudication in adjudications {
            if let adjudicator = adjudication.adjudicatorId {
                try db.execute(sql: "INSERT OR REPLACE INTO adjudication (document_id, adjudicator_id, at, automatic) VALUES (?, ?, ?, ?)",
                               arguments: [adjudication.documentId, adjudicator, adjudication.at ?? time, adjudication.automatic ?? false])
            } else {
                try db.execute(sql: "DELETE FROM adjudication WHERE document_id = ?", arguments: [adjudication.documentId])
            }
        }
        for source in adjudicationSources {
            try db.execute(sql: "DELETE FROM adjudication_source WHERE span_id = ?", arguments: [source.spanId])
            for sourceID in source.sources {
                try db.execute(sql: "INSERT INTO adjudication_source (span_id, source_span_id) VALUES (?, ?)", arguments: [source.spanId, sourceID])
            }
        }
    }
}

/// The two tables of reviewers' decisions and notes, alike but for what they are about:
/// `span_review` (a span) and `document_review` (a whole document).
enum ReviewTable: String {
    case span = "span_review", document = "document_review"

    /// The column naming what the review is about.
    private var subject: String { self == .span ? "span_id" : "document_id" }

    /// `reviewer`'s decision, note and the state they were made on, all `nil` for no review.
    func review(of id: Int64, by reviewer: Int64, in db: Database) throws -> (decision: String?, note: String?, seen: Int64?) {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT decision, note, seen FROM \(rawValue) WHERE \(subject) = ? AND reviewer_id = ?"),
                                         arguments: [id, reviewer]) else { return (nil, nil, nil) }
        return (try row.decode(forColumn: "decision"), try row.decode(forColumn: "note"), try row.decode(forColumn: "seen"))
    }

    /// Stores `reviewer`'s review; no decision and no note removes it.
    func save(of id: Int64, by reviewer: Int64, decision: String?, note: String?, seen: Int64?, at time: String, in db: Database) throws {
        if decision == nil && note == nil {
            try db.cachedStatement(sql: "DELETE FROM \(rawValue) WHERE \(subject) = ? AND reviewer_id = ?").execute(arguments: [id, reviewer])
        } else {
            try db.cachedStatement(sql: """
                INSERT INTO \(rawValue) (\(subject), reviewer_id, decision, note, seen, updated_at) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(\(subject), reviewer_id) DO UPDATE SET decision = excluded.decision, note = excluded.note, seen = excluded.seen, updated_at = excluded.updated_at
                """).execute(arguments: [id, reviewer, decision, note, seen, time])
        }
    }
}
