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
        id = row["id"]
        externalId = row["external_id"]
        text = try row.exactText("text") ?? ""
        length = row["length"]
        source = try row.exactText("source")
        stage = row["stage"]
        meta = row["meta"]
        contentHash = row["content_hash"]
        importRunId = row["import_run_id"]
        importLine = row["import_line"]
        status = row["status"]
        spanCount = row["span_count"]
        problemCount = row["problem_count"]
        revision = row["revision"]
        importedAt = row["imported_at"]
        updatedAt = row["updated_at"]
    }
}

/// Where a document stands in review.
public enum DocumentStatus: String, Codable, Hashable, Sendable, CaseIterable, DatabaseValueConvertible {
    case unreviewed
    case inProgress = "in-progress"
    case approved, rejected, flagged
}
