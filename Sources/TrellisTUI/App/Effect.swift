import TrellisCore
import TrellisModel

/// Work `reduce` asks the runtime to do (reads and writes of the database); each one answers
/// with an `Action`.
public enum Effect: Hashable, Sendable {
    /// Load a window of the list: `.start`, `.end`, after or before a document id.
    case loadList(filter: DocumentFilter, anchor: ListAnchor, limit: Int, select: ListSelection, countTotal: Bool)
    /// Switch the stage filter to the next stage present (after the last: all stages) and load.
    case loadNextStage(filter: DocumentFilter, limit: Int)
    /// Load a document and make the span at `current` current.
    case loadDocument(id: Int64, current: Int)
    /// Load the window of a long document near the document offset `near`, on the last span
    /// starting at or before it (a `landing` may choose another).
    case loadWindow(documentID: Int64, near: Int)
    /// Open the next or previous document of the list's filter.
    case openNeighbour(of: Int64, filter: DocumentFilter, forward: Bool)
    /// Write an edit of the spans the reviewer saw.
    case saveEdit(SpanEditResult, name: String, seen: StoredDocument)
    case undo(documentID: Int64)
    case redo(documentID: Int64)
    /// Record a rating, decision or note.
    case review(ReviewChange, documentID: Int64)
    /// Load the document's history for the history panel.
    case loadHistory(documentID: Int64)
    /// Put the document back as it was right after a history entry.
    case revert(documentID: Int64, toEntry: Int64)
    /// Load the document's spans as the rewriter wrote them, to show what reviewers changed.
    case loadOriginalSpans(documentID: Int64)
    /// Load the independent versions of a document for adjudication (refused to whoever may not adjudicate it).
    case loadVersions(documentID: Int64)
    /// Make this the document's adjudicated version.
    case adjudicate(documentID: Int64, version: AdjudicatedVersion)
    /// Count a step of the list's documents from the document id `from` on; the runtime does it
    /// when no key waits (`Reducer.backgroundWork`).
    case countList(filter: DocumentFilter, from: Int64)
    /// Count what the reviewer has decided of the filter's documents and spans, when no key waits.
    case loadProgress(filter: DocumentFilter)
    /// Search `query` in a long document's text, in `within` (document offsets), a step at a time
    /// (`TextScan`), when no key waits (`Reducer.backgroundWork`).
    case findText(documentID: Int64, query: String, within: Range<Int>, forward: Bool)
    /// Read the window of a long document near `near` for the walk for a schema problem
    /// (`ProblemScan`), when no key waits; it is not shown.
    case scanWindow(documentID: Int64, near: Int)
    /// Remember where the reviewer is, to reopen there.
    case rememberPosition(ReviewerPosition)
}

/// Where a list window starts.
public enum ListAnchor: Hashable, Sendable {
    case start, end
    case after(Int64)
    case before(Int64)
    /// A window starting at this document (inclusive).
    case from(Int64)
}

extension Effect {
    /// Whether the effect loads a document again (or another one) when it is done.
    var reloadsDocument: Bool {
        switch self {
        case .loadDocument, .loadWindow, .openNeighbour, .saveEdit, .undo, .redo, .review, .revert, .adjudicate: true
        default: false
        }
    }

    /// Whether the effect records a rating, decision or note.
    var isReview: Bool {
        if case .review = self { return true }
        return false
    }
}
