import GRDB

/// A row of the append-only `history`: who did what to which document, when, and the state
/// before and after (JSON), so that it can be audited, undone and reverted.
public struct HistoryRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "history"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var documentId: Int64
    public var spanId: Int64?
    public var reviewerId: Int64?
    public var at: String
    public var action: String
    public var before: String?
    public var after: String?
    /// For an undo or redo: the entry it reverses.
    public var reverts: Int64?

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
