import TrellisCore
import TrellisModel

/// Everything that can happen to the app: keys from the terminal, and results of effects.
public enum Action: Sendable {
    case key(KeyPress)
    case resized(ScreenSize)
    /// A page of the document list arrived for `filter`; `total` is set when it was counted.
    case listLoaded(filter: DocumentFilter, rows: [DocumentSummary], total: Int?, select: ListSelection)
    /// What the reviewer has decided of the list's filter arrived (with its count).
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
    /// Another reviewer's change arrived.
    case externalChange
    /// No key came for a moment: the list narrows to the search typed so far.
    case paused
}

/// Which row to select after a list load.
public enum ListSelection: Hashable, Sendable {
    case first, last
    case id(Int64)
    case index(Int)
}
