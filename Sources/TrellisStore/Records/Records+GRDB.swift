import GRDB
import TrellisCore
import TrellisModel

// How the model's values are read from (and named in) the database. Rows are decoded by column
// name: the `Codable` default with snake-case conversion converts every column name of every
// row, which dominated reading documents and spans in bulk.

extension DocumentStatus: DatabaseValueConvertible {}
extension ReviewerRole: DatabaseValueConvertible {}

extension DocumentRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "document"

    /// The text and the source are read whole, NUL included (`Row.exactText`).
    public init(row: Row) throws {
        self.init(
            id: try row.decode(forColumn: "id"), externalId: try row.decode(forColumn: "external_id"), text: try row.exactText("text") ?? "",
            length: try row.decode(forColumn: "length"), source: try row.exactText("source"), stage: try row.decode(forColumn: "stage"),
            meta: try row.decode(forColumn: "meta"), contentHash: try row.decode(forColumn: "content_hash"),
            importRunId: try row.decode(forColumn: "import_run_id"), importLine: try row.decode(forColumn: "import_line"),
            status: try row.decode(forColumn: "status"), spanCount: try row.decode(forColumn: "span_count"),
            problemCount: try row.decode(forColumn: "problem_count"), revision: try row.decode(forColumn: "revision"),
            importedAt: try row.decode(forColumn: "imported_at"), updatedAt: try row.decode(forColumn: "updated_at"))
    }
}

extension SpanRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "span"

    public init(row: Row) throws {
        self.init(
            id: try row.decode(forColumn: "id"), documentId: try row.decode(forColumn: "document_id"), ownerId: try row.decode(forColumn: "owner_id"),
            span: Span(start: try row.decode(forColumn: "start"), end: try row.decode(forColumn: "end"), label: try row.decode(forColumn: "label"),
                       depth: try row.decode(forColumn: "depth")),
            deleted: try row.decode(forColumn: "deleted"), revision: try row.decode(forColumn: "revision"))
    }

    /// Live spans of a version of a document (`owner == nil`: the shared one) in document order.
    static func live(in documentID: Int64, owner: Int64? = nil) -> QueryInterfaceRequest<SpanRecord> {
        SpanRecord
            .filter(Column("document_id") == documentID && Column("owner_id") == owner && Column("deleted") == false)
            .order(Column("start"), Column("end").desc, Column("depth"))
    }

    /// The live spans of a version of a document (`owner == nil`: the shared one) in document
    /// order, through a statement the connection keeps prepared (what every edit reads).
    static func fetchLive(in documentID: Int64, owner: Int64? = nil, _ db: Database) throws -> [SpanRecord] {
        try fetchAll(byIndex: db.cachedStatement(sql: """
            SELECT \(columns) FROM span WHERE document_id = ? AND owner_id IS ? AND deleted = 0 ORDER BY start, "end" DESC, depth
            """), arguments: [documentID, owner])
    }

    /// The span table's columns, in the order ``fetchAll(byIndex:arguments:)`` reads them.
    static let columns = #"id, document_id, owner_id, start, "end", label, depth, deleted, revision"#

    /// The spans a statement selecting ``columns`` returns, read by column index: by name, every
    /// row looked each of its column names up again, a tenth of an edit of a long document.
    static func fetchAll(byIndex statement: Statement, arguments: StatementArguments) throws -> [SpanRecord] {
        var records: [SpanRecord] = []
        let rows = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try rows.next() {
            records.append(SpanRecord(
                id: try row.decode(atIndex: 0), documentId: try row.decode(atIndex: 1), ownerId: try row.decode(atIndex: 2),
                span: Span(start: try row.decode(atIndex: 3), end: try row.decode(atIndex: 4), label: try row.decode(atIndex: 5), depth: try row.decode(atIndex: 6)),
                deleted: try row.decode(atIndex: 7), revision: try row.decode(atIndex: 8)))
        }
        return records
    }

    /// Inserts a span of a document's version (`owner == nil`: the shared one); returns its id.
    static func insert(_ span: Span, documentID: Int64, owner: Int64?, deleted: Bool, in db: Database) throws -> Int64 {
        try db.cachedStatement(sql: """
            INSERT INTO span (document_id, owner_id, start, "end", label, depth, deleted, revision) VALUES (?, ?, ?, ?, ?, ?, ?, 0)
            """).execute(arguments: [documentID, owner, span.start, span.end, span.label, span.depth, deleted])
        return db.lastInsertedRowID
    }
}

extension ReviewerRecord: FetchableRecord, TableRecord {
    public static let databaseTableName = "reviewer"

    public init(row: Row) throws {
        self.init(id: try row.decode(forColumn: "id"), name: try row.decode(forColumn: "name"), role: try row.decode(forColumn: "role"),
                  createdAt: try row.decode(forColumn: "created_at"))
    }
}

extension DocumentSummary: FetchableRecord {
    /// The preview is the first bytes of the text (SQLite's `substr` on text stops at a NUL):
    /// 800 bytes hold the first 200 code points whole, whatever they are.
    public init(row: Row) throws {
        self.init(
            id: try row.decode(forColumn: "id"), externalId: try row.decode(forColumn: "external_id"), stage: try row.decode(forColumn: "stage"),
            status: try row.decode(forColumn: "status"), spanCount: try row.decode(forColumn: "span_count"),
            problemCount: try row.decode(forColumn: "problem_count"), preview: try row.exactText("preview") ?? "")
    }
}
