/// Where a reviewer is: the document and the span (by index in document order) they were on, so
/// that reopening the review screen lands there.
public struct ReviewerPosition: Hashable, Sendable {
    public var documentID: Int64
    public var spanIndex: Int

    public init(documentID: Int64, spanIndex: Int) {
        self.documentID = documentID
        self.spanIndex = spanIndex
    }
}
