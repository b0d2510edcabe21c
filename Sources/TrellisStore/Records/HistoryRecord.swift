import GRDB

/// A row of the append-only `history`: who did what to which document, when, and the state
/// before and after (JSON), so that it can be audited, undone and reverted.
struct HistoryRecord: Hashable, Sendable, FetchableRecord, TableRecord {
    static let databaseTableName = "history"

    var id: Int64
    var documentId: Int64
    var spanId: Int64?
    var reviewerId: Int64?
    var at: String
    var action: String
    var before: String?
    var after: String?
    /// For an undo, redo or revert: the entry it reverses (or reverts to).
    var reverts: Int64?

    init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        documentId = try row.decode(forColumn: "document_id")
        spanId = try row.decode(forColumn: "span_id")
        reviewerId = try row.decode(forColumn: "reviewer_id")
        at = try row.decode(forColumn: "at")
        action = try row.decode(forColumn: "action")
        before = try row.decode(forColumn: "before")
        after = try row.decode(forColumn: "after")
        reverts = try row.decode(forColumn: "reverts")
    }

    /// Appends an entry; returns its id.
    @discardableResult
    static func append(
        document: Int64, span: Int64?, reviewer: Int64?, at time: String, action: String, before: String?, after: String?, reverts: Int64?, in db: Database
    ) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO history (document_id, span_id, reviewer_id, at, action, before, after, reverts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [document, span, reviewer, time, action, before, after, reverts])
        return db.lastInsertedRowID
    }
}
