import GRDB

/// A row of `reviewer`: one person (by default their login name) and their role.
public struct ReviewerRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "reviewer"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var name: String
    public var role: ReviewerRole
    public var createdAt: String

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

/// What a reviewer may do.
public enum ReviewerRole: String, Codable, Hashable, Sendable, CaseIterable, DatabaseValueConvertible {
    case reviewer, adjudicator, admin
}
