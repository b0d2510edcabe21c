import GRDB
import TrellisCore
import TrellisModel

extension AppDatabase {
    /// The current state (`DecisionState`) of a live span among its version's spans; `nil` for a
    /// deleted or unknown span.
    /// Reads only the spans that start within the span (those nested in it are among them), not
    /// the whole version.
    static func spanState(of spanID: Int64, in db: Database) throws -> Int64? {
        guard let row = try Row.fetchOne(db, sql: "SELECT document_id, owner_id, start, \"end\" FROM span WHERE id = ? AND deleted = 0", arguments: [spanID]) else { return nil }
        let start: Int = try row.decode(forColumn: "start"), end: Int = try row.decode(forColumn: "end")
        let spans = try SpanRecord.live(in: try row.decode(forColumn: "document_id"), owner: try row.decode(forColumn: "owner_id"))
            .filter(Column("start") >= start && Column("start") <= max(start, end)).fetchAll(db)
        guard let index = spans.firstIndex(where: { $0.id == spanID }) else { return nil }
        return DecisionState.fingerprint(ofSpanAt: index, in: spans.map(\.span))
    }

    /// The current state of a version of a document (`owner == nil`: the shared one): its
    /// content and live spans, from the version's kept sum (``VersionState``; worked out from
    /// the spans when not kept, and kept from then on when `keep`, in a write).
    static func documentState(of documentID: Int64, owner: Int64?, keep: Bool, in db: Database) throws -> Int64 {
        let contentHash = try String.fetchOne(db.cachedStatement(sql: "SELECT content_hash FROM document WHERE id = ?"), arguments: [documentID]) ?? ""
        guard try db.tableExists("version_state") else {
            // In a migration before v29 (v8's version statuses): the fingerprint of its time.
            return DecisionState.sequentialFingerprint(ofDocument: try SpanRecord.fetchLive(in: documentID, owner: owner, db).map(\.span), contentHash: contentHash)
        }
        return DecisionState.fingerprint(spanSum: try VersionState.spanSum(of: documentID, owner: owner, keep: keep, in: db), contentHash: contentHash)
    }

    /// The version of a document a reviewer works on, and decides the document on: their
    /// independent one until the document is adjudicated, else the shared one (`nil`).
    static func workingOwner(of documentID: Int64, reviewerID: Int64, in db: Database) throws -> Int64? {
        let adjudicated = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM adjudication WHERE document_id = ?)"), arguments: [documentID]) ?? false
        return adjudicated ? nil : try versionOwner(of: documentID, reviewerID: reviewerID, in: db)
    }

    /// `reviewer`'s ratings of a span that were given to another state than `state`, bound to it.
    static func ratingsRebound(span spanID: Int64, reviewer reviewerID: Int64, to state: Int64?, in db: Database) throws -> [RatingSnapshot] {
        try Row.fetchAll(db, sql: "SELECT dimension, value FROM rating WHERE span_id = ? AND reviewer_id = ? AND seen IS NOT ? ORDER BY dimension",
                         arguments: [spanID, reviewerID, state]).map { row in
            RatingSnapshot(spanId: spanID, reviewerId: reviewerID, dimension: try row.decode(forColumn: "dimension"), value: try row.decode(forColumn: "value"), seen: state)
        }
    }
}

extension ChangeSet {
    /// Whether the database still holds this state. A decision or rating recorded without the
    /// state it was made on (history from before v7) matches whatever state it is bound to now.
    func isCurrent(in db: Database) throws -> Bool {
        var expected = self
        let now = try current(in: db)
        for index in expected.ratings.indices where expected.ratings[index].seen == nil { expected.ratings[index].seen = now.ratings[index].seen }
        for index in expected.spanReviews.indices where expected.spanReviews[index].seen == nil { expected.spanReviews[index].seen = now.spanReviews[index].seen }
        for index in expected.documentReviews.indices where expected.documentReviews[index].seen == nil {
            expected.documentReviews[index].seen = now.documentReviews[index].seen
        }
        return now == expected
    }
}
