/// What an undo or redo did: the document after it, the action it reversed or re-applied, and
/// the span that action was about (for the screen to focus).
public struct Replay: Hashable, Sendable {
    public var document: StoredDocument
    public var action: String
    public var spanID: Int64?

    public init(document: StoredDocument, action: String, spanID: Int64?) {
        self.document = document
        self.action = action
        self.spanID = spanID
    }
}
