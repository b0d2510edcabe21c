/// A stored document: the plain (untagged) text and what the list screen shows.
public struct DocumentRecord: Hashable, Sendable {
    public var id: Int64
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

    public init(
        id: Int64, externalId: String, text: String, length: Int, source: String? = nil, stage: Int? = nil, meta: String? = nil,
        contentHash: String, importRunId: Int64? = nil, importLine: Int? = nil, status: DocumentStatus = .unreviewed, spanCount: Int,
        problemCount: Int, revision: Int = 0, importedAt: String, updatedAt: String
    ) {
        self.id = id
        self.externalId = externalId
        self.text = text
        self.length = length
        self.source = source
        self.stage = stage
        self.meta = meta
        self.contentHash = contentHash
        self.importRunId = importRunId
        self.importLine = importLine
        self.status = status
        self.spanCount = spanCount
        self.problemCount = problemCount
        self.revision = revision
        self.importedAt = importedAt
        self.updatedAt = updatedAt
    }
}

/// Where a document stands in review.
public enum DocumentStatus: String, Hashable, Sendable, CaseIterable {
    case unreviewed
    case inProgress = "in-progress"
    case approved, rejected, flagged
}
