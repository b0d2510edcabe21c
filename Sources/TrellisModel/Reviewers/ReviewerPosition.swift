/// Where a reviewer is: the document and the span (by index in document order) they were on, so
/// that reopening the review screen lands there.
public struct ReviewerPosition: Hashable, Sendable {
    public var documentID: Int64
    public var spanIndex: Int
    /// In a long document, read a window at a time, the span's start in the whole text (code
    /// points): `spanIndex` counts only within the window shown, so reopening loads the window
    /// around this offset instead. Nil for a document shown whole.
    public var offset: Int?

    public init(documentID: Int64, spanIndex: Int, offset: Int? = nil) {
        self.documentID = documentID
        self.spanIndex = spanIndex
        self.offset = offset
    }
}
