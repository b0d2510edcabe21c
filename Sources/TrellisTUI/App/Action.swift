import TrellisCore
import TrellisModel

/// Everything that can happen to the app: keys from the terminal, and results of effects.
public enum Action: Sendable {
    case key(KeyPress)
    case resized(ScreenSize)
    /// A page of the document list arrived for `filter`; `total` is set when it was asked for.
    case listLoaded(filter: DocumentFilter, rows: [DocumentSummary], total: ListTotal?, select: ListSelection)
    /// A step of counting `filter`'s documents from the document id `from` on.
    case listCounted(filter: DocumentFilter, from: Int64, progress: DocumentCountProgress)
    /// What the reviewer has decided of the list's filter arrived (counted while no key waits).
    case progressLoaded(ReviewProgress)
    case documentLoaded(StoredDocument, current: Int, canUndo: Bool, canRedo: Bool)
    /// A write or read failed; the message says why (nothing was changed).
    case failed(String)
    /// The database cannot be used any more (the file is damaged): the app ends, with this message.
    case stopped(String)
    /// Something worth telling the reviewer that is not an error.
    case notice(String)
    /// The document's history arrived (oldest first).
    case historyLoaded([HistoryItem])
    /// The spans of a document as the rewriter wrote them arrived (for the changes panel).
    case originalSpansLoaded(documentID: Int64, [Span])
    /// The independent versions of the open document arrived, by reviewer, with their judgements.
    case versionsLoaded([ReviewedVersion])
    /// A step of the search of a long document's text for `query` in `within` (document offsets) answered.
    case textSearched(documentID: Int64, query: String, within: Range<Int>, step: TextFindStep)
    /// A window read for the walk for a schema problem arrived (not to be shown).
    case windowScanned(StoredDocument, near: Int)
    /// Another reviewer's change arrived.
    case externalChange
    /// No key came for a moment: the list narrows to the search typed so far.
    case paused
}

/// The number of documents a list load found: known at once (from the running totals), or to be
/// counted a step at a time while no key waits, so that the first page never waits for a count.
public enum ListTotal: Hashable, Sendable {
    case known(Int)
    case toCount
}

/// Which row to select after a list load.
public enum ListSelection: Hashable, Sendable {
    case first, last
    case id(Int64)
    case index(Int)
}
