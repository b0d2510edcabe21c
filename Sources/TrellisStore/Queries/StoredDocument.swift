import GRDB
import TrellisCore

/// A document as stored: its row, its live spans in document order, and every reviewer's
/// ratings, decisions and notes (loaded for single documents; empty in bulk reads).
public struct StoredDocument: Hashable, Sendable {
    public var record: DocumentRecord
    /// The reviewer whose independent version `spans` are; `nil` for the shared version.
    public var owner: Int64?
    public var spans: [SpanRecord]
    public var ratings: [SpanRating] = []
    public var notes: [ReviewNote] = []

    public init(record: DocumentRecord, owner: Int64? = nil, spans: [SpanRecord], ratings: [SpanRating] = [], notes: [ReviewNote] = []) {
        self.record = record
        self.owner = owner
        self.spans = spans
        self.ratings = ratings
        self.notes = notes
    }

    /// `reviewer`'s ratings of a span, by dimension.
    public func ratings(of spanID: Int64, by reviewer: String) -> [String: Int] {
        Dictionary(ratings.filter { $0.spanId == spanID && $0.reviewer == reviewer }.map { ($0.dimension, $0.value) }) { $1 }
    }

    /// `reviewer`'s decision and note on a span (`nil`: on the document).
    public func note(on spanID: Int64?, by reviewer: String) -> ReviewNote? {
        notes.first { $0.spanId == spanID && $0.reviewer == reviewer }
    }

    /// The plain text with its spans, for the core.
    public var annotated: AnnotatedText {
        AnnotatedText(text: record.text, spans: spans.map(\.span))
    }
}

extension AppDatabase {
    /// The document with the corpus id `externalID`, if stored.
    public func document(externalID: String) throws -> StoredDocument? {
        try writer.read { db in
            guard let id = try DocumentRecord.filter(Column("external_id") == externalID).fetchOne(db)?.id else { return nil }
            return try Self.document(id: id, in: db)
        }
    }

    /// The document with row id `id`, if stored.
    public func document(id: Int64) throws -> StoredDocument? {
        try writer.read { db in try Self.document(id: id, in: db) }
    }

    /// The document with the spans of one version (`owner == nil`: the shared one) and their
    /// reviews. An independent version is blind: it comes with its owner's reviews only, and its
    /// record's status and counts are the owner's own.
    static func document(id: Int64, owner: Int64? = nil, in db: Database) throws -> StoredDocument? {
        guard var record = try DocumentRecord.fetchOne(db, key: id) else { return nil }
        var reviews = try reviews(of: id, in: db)
        let spans = try SpanRecord.live(in: id, owner: owner).fetchAll(db)
        if let owner {
            let name = try String.fetchOne(db, sql: "SELECT name FROM reviewer WHERE id = ?", arguments: [owner])
            reviews.ratings.removeAll { $0.reviewer != name }
            reviews.notes.removeAll { $0.reviewer != name }
            let summary = try versionSummary(of: id, owner: owner, in: db)
            record.status = try summary.status ?? status(of: id, reviewer: owner, in: db)
            record.spanCount = spans.count
            record.problemCount = summary.problems ?? record.problemCount
        }
        return StoredDocument(record: record, owner: owner, spans: spans, ratings: reviews.ratings, notes: reviews.notes)
    }

    /// Calls `body` for every document in id order, reading in batches of `batchSize` with keyset
    /// pagination so memory stays bounded on any size of database.
    public func forEachDocument(batchSize: Int = 500, _ body: (StoredDocument) throws -> Void) throws {
        var after: Int64 = 0
        while true {
            let page: [StoredDocument] = try writer.read { db in
                let records = try DocumentRecord.filter(Column("id") > after).order(Column("id")).limit(batchSize).fetchAll(db)
                guard let first = records.first?.id, let last = records.last?.id else { return [] }
                let spans = try SpanRecord
                    .filter(Column("document_id") >= first && Column("document_id") <= last && Column("owner_id") == nil && Column("deleted") == false)
                    .order(Column("document_id"), Column("start"), Column("end").desc, Column("depth"))
                    .fetchAll(db)
                let grouped = Dictionary(grouping: spans, by: \.documentId)
                return records.map { StoredDocument(record: $0, spans: grouped[$0.id!] ?? []) }
            }
            guard let last = page.last else { return }
            try page.forEach(body)
            after = last.record.id!
        }
    }
}
