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
    public var start: Int
    public var end: Int
    public var label: String
    public var depth: Int
    public var deleted: Bool
    /// Bumped by every change, so a stale edit from another reviewer can be refused.
    public var revision: Int

    public init(id: Int64? = nil, documentId: Int64, span: Span, deleted: Bool = false, revision: Int = 0) {
        self.id = id
        self.documentId = documentId
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

    /// Live spans of a document in document order.
    public static func live(in documentID: Int64) -> QueryInterfaceRequest<SpanRecord> {
        SpanRecord
            .filter(Column("document_id") == documentID && Column("deleted") == false)
            .order(Column("start"), Column("end").desc, Column("depth"))
    }
}
