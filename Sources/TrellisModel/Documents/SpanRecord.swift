import TrellisCore

/// A stored mode span: its current boundaries and label. Deleted spans stay (flagged), so that
/// undo can bring them back with their reviews.
public struct SpanRecord: Hashable, Sendable {
    public var id: Int64
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

    public init(id: Int64, documentId: Int64, ownerId: Int64? = nil, span: Span, deleted: Bool = false, revision: Int = 0) {
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
}
