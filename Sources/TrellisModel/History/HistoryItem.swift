/// One line of a document's history, for `trellis history` and the history screen.
public struct HistoryItem: Hashable, Sendable {
    public var id: Int64
    public var at: String
    public var reviewer: String
    public var action: String
    public var summary: String

    public init(id: Int64, at: String, reviewer: String, action: String, summary: String) {
        self.id = id
        self.at = at
        self.reviewer = reviewer
        self.action = action
        self.summary = summary
    }
}
