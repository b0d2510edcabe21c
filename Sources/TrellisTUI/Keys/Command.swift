/// Everything a key can do, by the name used in keymap files. The help screen is generated
/// from these names, their descriptions and the keymap, so it never lies.
public enum Command: String, CaseIterable, Hashable, Sendable {
    // Anywhere
    case help, quit, redraw, back
    // Document list
    case listDown = "list-down", listUp = "list-up", listPageDown = "list-page-down", listPageUp = "list-page-up"
    case listFirst = "list-first", listLast = "list-last", open
    case search, filterProblems = "filter-problems", filterStatus = "filter-status", filterStage = "filter-stage", clearFilter = "clear-filter"
    // Document view: moving around
    case nextSpan = "next-span", previousSpan = "previous-span", firstSpan = "first-span", lastSpan = "last-span"
    case nextProblem = "next-problem", previousProblem = "previous-problem", nextUnreviewed = "next-unreviewed", ignore
    case nextDocument = "next-document", previousDocument = "previous-document"
    case find, nextMatch = "next-match", previousMatch = "previous-match"
    case scrollDown = "scroll-down", scrollUp = "scroll-up", pageDown = "page-down", pageUp = "page-up"
    case toggleSource = "toggle-source", toggleMarkers = "toggle-markers"
    // Document view: boundaries
    case switchEdge = "switch-edge", boundary
    case edgeLeftCharacter = "edge-left-char", edgeRightCharacter = "edge-right-char"
    case edgeLeftWord = "edge-left-word", edgeRightWord = "edge-right-word"
    case edgeLeftSentence = "edge-left-sentence", edgeRightSentence = "edge-right-sentence"
    // Document view: span edits
    case split, merge, relabel, insert, delete, undo, redo
    // Document view: reviewing
    case approve, reject, flag, note, reconfirm
    case approveDocument = "approve-document", rejectDocument = "reject-document", flagDocument = "flag-document", noteDocument = "note-document"
    case reconfirmDocument = "reconfirm-document"
    case quickRate = "quick-rate", rateAndApprove = "rate-and-approve", history, adjudicate, outline, changes
    // Cursor prompts (split point, new span)
    case confirm, cancel

    /// The screen where the command applies, and so which handler gets it (`Reducer`). No
    /// `default`: a new command does not compile until it has a screen.
    public var context: KeyContext {
        switch self {
        case .help, .quit, .redraw, .back: .global
        case .listDown, .listUp, .listPageDown, .listPageUp, .listFirst, .listLast, .open,
             .search, .filterProblems, .filterStatus, .filterStage, .clearFilter: .list
        case .nextSpan, .previousSpan, .firstSpan, .lastSpan, .nextProblem, .previousProblem, .nextUnreviewed, .ignore,
             .nextDocument, .previousDocument, .find, .nextMatch, .previousMatch, .scrollDown, .scrollUp, .pageDown, .pageUp, .toggleSource, .toggleMarkers,
             .switchEdge, .boundary, .edgeLeftCharacter, .edgeRightCharacter, .edgeLeftWord, .edgeRightWord,
             .edgeLeftSentence, .edgeRightSentence, .split, .merge, .relabel, .insert, .delete, .undo, .redo,
             .approve, .reject, .flag, .note, .reconfirm, .approveDocument, .rejectDocument, .flagDocument, .noteDocument, .reconfirmDocument,
             .quickRate, .rateAndApprove, .history, .adjudicate, .outline, .changes: .document
        case .confirm, .cancel: .prompt
        }
    }

    /// One line for the help screen.
    public var summary: String {
        switch self {
        case .help: "show or hide this help"
        case .quit: "quit (everything is already saved)"
        case .redraw: "redraw the screen"
        case .listDown: "next document"
        case .listUp: "previous document"
        case .listPageDown: "page down"
        case .listPageUp: "page up"
        case .listFirst: "first document"
        case .listLast: "last document"
        case .open: "open the selected document"
        case .search: "search ids and texts (any part) and search words"
        case .filterProblems: "only documents with problems (toggle)"
        case .filterStatus: "cycle the status filter"
        case .filterStage: "cycle the stage filter"
        case .clearFilter: "clear filters and search"
        case .nextSpan: "next span"
        case .previousSpan: "previous span"
        case .firstSpan: "first span"
        case .lastSpan: "last span"
        case .nextProblem: "next schema problem"
        case .previousProblem: "previous schema problem"
        case .nextUnreviewed: "next span you have not decided, or decided before it changed; after the last, the next document with one"
        case .ignore: "ignore: leave this document undecided, on to the next one with a span you have not decided"
        case .nextDocument: "next document in the list's filter"
        case .previousDocument: "previous document in the list's filter"
        case .find: "search the text (any case), then next / previous match"
        case .nextMatch: "next match of the search"
        case .previousMatch: "previous match of the search"
        case .scrollDown: "scroll down half a page"
        case .scrollUp: "scroll up half a page"
        case .pageDown: "page down; the first span on the page becomes current"
        case .pageUp: "page up; the first span on the page becomes current"
        case .toggleSource: "show or hide the original text"
        case .toggleMarkers: "show or hide span boundary markers"
        case .back: "back: close help, leave the document, quit from the list"
        case .switchEdge: "switch the edge that moves (start / end)"
        case .boundary: "edge keys move the boundary with the next span (toggle)"
        case .edgeLeftCharacter: "move the edge one character left"
        case .edgeRightCharacter: "move the edge one character right"
        case .edgeLeftWord: "move the edge one word left"
        case .edgeRightWord: "move the edge one word right"
        case .edgeLeftSentence: "move the edge one sentence left"
        case .edgeRightSentence: "move the edge one sentence right"
        case .split: "split the span (choose the point, then confirm)"
        case .merge: "merge the span with the next one at its level (asks the label when theirs differ)"
        case .relabel: "relabel: then press a mode's key"
        case .insert: "new span: choose start, confirm, choose end, confirm, press a mode's key"
        case .delete: "delete the span (undo brings it back)"
        case .undo: "undo your last edit of this document"
        case .redo: "redo what you undid"
        case .approve: "approve the span as it is now (needs its required ratings and no schema problems), then on to the next undecided one; again to undo"
        case .reject: "reject the span, then on to the next undecided one; again to undo"
        case .flag: "flag the span for discussion; again to undo"
        case .note: "write a note on the span"
        case .reconfirm: "re-confirm your decision and ratings of a span changed since you made them"
        case .approveDocument: "approve the document (every span approved or rejected, no problems)"
        case .rejectDocument: "reject the document"
        case .flagDocument: "flag the document"
        case .noteDocument: "write a note on the document"
        case .reconfirmDocument: "re-confirm your decision on a document changed since you made it"
        case .quickRate: "rate every dimension in turn: press a digit for each"
        case .rateAndApprove: "then a digit: rate every dimension with it and approve the span"
        case .history: "show the document's history; revert to any point"
        case .changes: "changes against the rewriter's spans; Enter jumps"
        case .outline: "outline of the spans; Enter jumps to one"
        case .adjudicate: "adjudicate: compare the reviewers' independent versions and choose"
        case .confirm: "confirm the cursor position"
        case .cancel: "cancel"
        }
    }
}

/// Where a key binding applies.
public enum KeyContext: String, CaseIterable, Hashable, Sendable {
    case global, list, document, prompt

    public var title: String {
        switch self {
        case .global: "Anywhere"
        case .list: "Document list"
        case .document: "Document"
        case .prompt: "Choosing a position (split, new span): move with the edge keys"
        }
    }
}
