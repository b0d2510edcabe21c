import GRDB
import TrellisCore
import TrellisModel

extension AppDatabase {
    /// The document with the corpus id `externalID`, if stored.
    public func document(externalID: String) throws -> StoredDocument? {
        try read { db in
            guard let id = try DocumentRecord.filter(Column("external_id") == externalID).fetchOne(db)?.id else { return nil }
            return try Self.document(id: id, in: db)
        }
    }

    /// The row id of the document with the corpus id `externalID`, if stored.
    public func documentID(named externalID: String) throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT id FROM document WHERE external_id = ?", arguments: [externalID]) }
    }

    /// The document with row id `id`, if stored.
    public func document(id: Int64) throws -> StoredDocument? {
        try read { db in try Self.document(id: id, in: db) }
    }

    /// The document with the spans of one version (`owner == nil`: the shared one) and their
    /// reviews. An independent version is blind: it comes with its owner's reviews only, and its
    /// record's status and counts are the owner's own.
    static func document(id: Int64, owner: Int64? = nil, in db: Database) throws -> StoredDocument? {
        guard var record = try DocumentRecord.fetchOne(db.cachedStatement(sql: "SELECT \(documentColumns) FROM document WHERE id = ?"), arguments: [id]) else { return nil }
        var reviews = try reviews(of: id, in: db)
        let spans = try SpanRecord.fetchLive(in: id, owner: owner, db)
        if let owner { try blind(&record, reviews: &reviews, owner: owner, spanCount: spans.count, in: db) }
        return StoredDocument(record: record, owner: owner, spans: spans, ratings: reviews.ratings, notes: reviews.notes)
    }

    /// An independent version's record and judgements as its owner sees them: their own reviews
    /// only, and their version's status and counts.
    static func blind(_ record: inout DocumentRecord, reviews: inout (ratings: [SpanRating], notes: [ReviewNote]), owner: Int64, spanCount: Int,
                      in db: Database) throws {
        let name = try String.fetchOne(db.cachedStatement(sql: "SELECT name FROM reviewer WHERE id = ?"), arguments: [owner])
        reviews.ratings.removeAll { $0.reviewer != name }
        reviews.notes.removeAll { $0.reviewer != name }
        let summary = try versionSummary(of: record.id, owner: owner, in: db)
        record.status = try summary.status ?? status(of: record.id, reviewer: owner, in: db)
        record.spanCount = spanCount
        record.problemCount = summary.problems ?? record.problemCount
    }

    /// Calls `body` for every document in id order, reading in batches of `batchSize` with keyset
    /// pagination so memory stays bounded on any size of database.
    public func forEachDocument(batchSize: Int = 500, _ body: (StoredDocument) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let page: [StoredDocument] = try read { db in
                let records = try DocumentRecord.fetchAll(db.cachedStatement(sql: "SELECT \(Self.documentColumns) FROM document WHERE id > ? ORDER BY id LIMIT ?"),
                                                           arguments: [after, batchSize])
                guard let first = records.first?.id, let last = records.last?.id else { return [] }
                let spans = try SpanRecord
                    .filter(Column("document_id") >= first && Column("document_id") <= last && Column("owner_id") == nil && Column("deleted") == false)
                    .order(Column("document_id"), Column("start"), Column("end").desc, Column("depth"))
                    .fetchAll(db)
                let grouped = Dictionary(grouping: spans, by: \.documentId)
                return records.map { StoredDocument(record: $0, spans: grouped[$0.id] ?? []) }
            }
            guard let last = page.last else { return }
            try page.forEach(body)
            after = last.record.id
        }
    }
}
