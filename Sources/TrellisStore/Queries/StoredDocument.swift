import GRDB
import TrellisCore

/// A document as stored: its row, its live spans in document order, and every reviewer's
/// ratings, decisions and notes (loaded for single documents; empty in bulk reads).
public struct StoredDocument: Hashable, Sendable {
    public var record: DocumentRecord
    /// The reviewer whose independent version `spans` are; `nil` for the shared version.
    public var owner: Int64?
    public let spans: [SpanRecord]
    public var ratings: [SpanRating] = []
    public var notes: [ReviewNote] = []
    /// The state (`DecisionState`) of each span, by id, and of the version as a whole: what
    /// decisions and ratings are compared with. Worked out when reviews are loaded.
    public private(set) var spanStates: [Int64: Int64] = [:]
    public private(set) var state: Int64?

    public init(record: DocumentRecord, owner: Int64? = nil, spans: [SpanRecord], ratings: [SpanRating] = [], notes: [ReviewNote] = []) {
        self.record = record
        self.owner = owner
        self.spans = spans
        self.ratings = ratings
        self.notes = notes
        if !ratings.isEmpty || !notes.isEmpty {
            let core = spans.map(\.span)
            spanStates = Dictionary(uniqueKeysWithValues: zip(spans.map { $0.id! }, DecisionState.fingerprints(of: core)))
            state = DecisionState.fingerprint(ofDocument: core, contentHash: record.contentHash)
        }
    }

    /// Whether a decision (on a span, or with `spanId == nil` on the document) was made on the
    /// state shown now; a stale one was made on an earlier state and counts for nothing until
    /// it is re-confirmed. `false` for spans of other versions.
    public func isCurrent(_ note: ReviewNote) -> Bool {
        guard let seen = note.seen else { return false }
        return note.spanId.map { spanStates[$0] == seen } ?? (state == seen)
    }

    /// Whether a rating was given to the span as it is now.
    public func isCurrent(_ rating: SpanRating) -> Bool {
        rating.seen != nil && spanStates[rating.spanId] == rating.seen
    }

    /// The dimensions `reviewer` rated on an earlier state of a span (kept, but not counted).
    public func ratingsBeforeChange(of spanID: Int64, by reviewer: String) -> Set<String> {
        Set(ratings.filter { $0.spanId == spanID && $0.reviewer == reviewer && !isCurrent($0) }.map(\.dimension))
    }

    /// `reviewer`'s decision on a span (`nil`: on the document) if it was made on what is shown now.
    public func currentDecision(on spanID: Int64?, by reviewer: String) -> Decision? {
        guard let note = note(on: spanID, by: reviewer), isCurrent(note) else { return nil }
        return note.decision
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

    /// The row id of the document with the corpus id `externalID`, if stored.
    public func documentID(named externalID: String) throws -> Int64? {
        try writer.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM document WHERE external_id = ?", arguments: [externalID]) }
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
