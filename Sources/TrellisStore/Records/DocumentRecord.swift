import GRDB

/// A row of `document`: the plain (untagged) text and what the list screen shows.
public struct DocumentRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "document"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var externalId: String
    /// Plain text; spans index it by code point.
    public var text: String
    /// Length of `text` in code points.
    public var length: Int
    public var source: String?
    public var stage: Int?
    /// The import's `meta` object, verbatim JSON.
    public var meta: String?
    public var contentHash: String
    public var importRunId: Int64?
    public var importLine: Int?
    public var status: DocumentStatus
    public var spanCount: Int
    public var problemCount: Int
    public var revision: Int
    public var importedAt: String
    public var updatedAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

extension DocumentRecord {
    /// Decodes a row by column name. (The `Codable` default with snake-case conversion converts
    /// every column name of every row, which dominated reading documents in bulk.) The text and
    /// the source are read whole, NUL included (`Row.exactText`).
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        externalId = try row.decode(forColumn: "external_id")
        text = try row.exactText("text") ?? ""
        length = try row.decode(forColumn: "length")
        source = try row.exactText("source")
        stage = try row.decode(forColumn: "stage")
        meta = try row.decode(forColumn: "meta")
        contentHash = try row.decode(forColumn: "content_hash")
        importRunId = try row.decode(forColumn: "import_run_id")
        importLine = try row.decode(forColumn: "import_line")
        status = try row.decode(forColumn: "status")
        spanCount = try row.decode(forColumn: "span_count")
        problemCount = try row.decode(forColumn: "problem_count")
        revision = try row.decode(forColumn: "revision")
        importedAt = try row.decode(forColumn: "imported_at")
        updatedAt = try row.decode(forColumn: "updated_at")
    }
}

/// Where a document stands in review.
public enum DocumentStatus: String, Codable, Hashable, Sendable, CaseIterable, DatabaseValueConvertible {
    case unreviewed
    case inProgress = "in-progress"
    case approved, rejected, flagged
}
