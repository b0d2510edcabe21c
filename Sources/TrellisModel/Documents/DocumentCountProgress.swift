/// How far a count of a filter's documents got (`ReviewStore.countDocuments`): the matches
/// found in this step, and the document id to go on from, `nil` when the count is complete.
public struct DocumentCountProgress: Hashable, Sendable {
    public var matched: Int
    public var next: Int64?

    public init(matched: Int, next: Int64?) {
        self.matched = matched
        self.next = next
    }
}
