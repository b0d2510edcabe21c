/// How far a reviewer has got through the documents of a filter (their queue, a search): what the
/// list's header shows.
public struct ReviewProgress: Hashable, Sendable {
    /// Documents matching the filter, and those the reviewer has decided.
    public var documents: Int
    public var documentsDecided: Int
    /// Live spans of those documents (in the versions the reviewer sees), and those the reviewer
    /// has decided (a decision made before a later change counts).
    public var spans: Int
    public var spansDecided: Int

    public init(documents: Int, documentsDecided: Int, spans: Int, spansDecided: Int) {
        self.documents = documents
        self.documentsDecided = documentsDecided
        self.spans = spans
        self.spansDecided = spansDecided
    }
}
