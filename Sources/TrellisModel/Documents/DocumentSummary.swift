/// One row of the document list.
public struct DocumentSummary: Hashable, Sendable {
    public var id: Int64
    public var externalId: String
    public var stage: Int?
    public var status: DocumentStatus
    public var spanCount: Int
    public var problemCount: Int
    /// The first characters of the text (at most `previewLength` code points).
    public var preview: String

    /// Code points of the text in `preview`.
    public static let previewLength = 200

    public init(id: Int64, externalId: String, stage: Int?, status: DocumentStatus, spanCount: Int, problemCount: Int, preview: String) {
        self.id = id
        self.externalId = externalId
        self.stage = stage
        self.status = status
        self.spanCount = spanCount
        self.problemCount = problemCount
        self.preview = String(String.UnicodeScalarView(preview.unicodeScalars.prefix(Self.previewLength)))
    }
}
