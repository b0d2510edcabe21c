import GRDB

/// A row of `import_run`: one `trellis import` of one file, with its counts.
public struct ImportRunRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "import_run"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var file: String
    public var schemaName: String
    public var schemaVersion: String
    public var startedAt: String
    public var finishedAt: String?
    public var imported: Int
    public var unchanged: Int
    public var replaced: Int
    public var rejected: Int

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
