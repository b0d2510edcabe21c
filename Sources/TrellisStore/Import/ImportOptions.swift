/// How `Importer` treats the input.
public struct ImportOptions: Sendable {
    /// What to do with a document whose id is already stored with different content.
    public enum OnChanged: String, Sendable, CaseIterable {
        /// Keep the stored document and report the line (the default: nothing is overwritten silently).
        case keep
        /// Replace the stored text and spans; the old spans stay in history.
        case replace
    }

    public var onChanged: OnChanged
    /// Documents written per transaction.
    public var batchSize: Int
    /// Lines longer than this are rejected without being read whole.
    public var maxLineBytes: Int
    /// Problems kept in the summary (all are counted, and all go to the problem callback).
    public var keptProblems: Int
    /// The rewriter of documents whose `meta` names none (default: the import file's name).
    public var rewriter: String?

    public init(onChanged: OnChanged = .keep, batchSize: Int = 1000, maxLineBytes: Int = 16 << 20, keptProblems: Int = 1000, rewriter: String? = nil) {
        self.onChanged = onChanged
        self.rewriter = rewriter
        self.batchSize = batchSize
        self.maxLineBytes = maxLineBytes
        self.keptProblems = keptProblems
    }
}
