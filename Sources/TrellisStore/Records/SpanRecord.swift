import GRDB
import TrellisCore

/// A row of `span`: a mode span's current boundaries and label. Deleted spans stay (flagged), so
/// that undo can bring them back with their reviews.
public struct SpanRecord: Codable, Hashable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "span"
    public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase
    public static let databaseColumnEncodingStrategy = DatabaseColumnEncodingStrategy.convertToSnakeCase

    public var id: Int64?
    public var documentId: Int64
    /// The reviewer whose independent version this span belongs to; `nil` for the shared version.
    public var ownerId: Int64?
    public var start: Int
    public var end: Int
    public var label: String
    public var depth: Int
    public var deleted: Bool
    /// Bumped by every change, so a stale edit from another reviewer can be refused.
    public var revision: Int

    public init(id: Int64? = nil, documentId: Int64, ownerId: Int64? = nil, span: Span, deleted: Bool = false, revision: Int = 0) {
        self.id = id
        self.documentId = documentId
        self.ownerId = ownerId
        self.start = span.start
        self.end = span.end
        self.label = span.label
        self.depth = span.depth
        self.deleted = deleted
        self.revision = revision
    }

    /// The core value.
    public var span: Span { Span(start: start, end: end, label: label, depth: depth) }

    public mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    /// Live spans of a version of a document (`owner == nil`: the shared one) in document order.
    public static func live(in documentID: Int64, owner: Int64? = nil) -> QueryInterfaceRequest<SpanRecord> {
        SpanRecord
            .filter(Column("document_id") == documentID && Column("owner_id") == owner && Column("deleted") == false)
            .order(Column("start"), Column("end").desc, Column("depth"))
    }
}

extension SpanRecord {
    /// Decodes a row by column name. (The `Codable` default with snake-case conversion converts
    /// every column name of every row, which dominated reading spans in bulk.)
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        documentId = try row.decode(forColumn: "document_id")
        ownerId = try row.decode(forColumn: "owner_id")
        start = try row.decode(forColumn: "start")
        end = try row.decode(forColumn: "end")
        label = try row.decode(forColumn: "label")
        depth = try row.decode(forColumn: "depth")
        deleted = try row.decode(forColumn: "deleted")
        revision = try row.decode(forColumn: "revision")
    }
}
