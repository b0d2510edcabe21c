import TrellisCore
import TrellisModel

/// Everything the screen shows, and nothing more: the view is a pure function of it.
public struct AppState: Sendable {
    public var size: ScreenSize
    public let schema: TagSchema
    public let rubric: Rubric
    public let keymap: Keymap
    public let reviewer: String
    /// The database's file name, for the title line.
    public var databaseName = "database"
    /// Draw markers and attributes instead of colours.
    public var monochrome: Bool
    public var readOnly: Bool
    /// After approving or rejecting a span, go on to the next undecided one; after deciding a
    /// document, to the next document with one (`--no-advance` turns it off).
    public var autoAdvance = true
    /// The widest the document's text is laid out, for reading on wide terminals (`--text-width`).
    public var textWidth: Int? = AppState.readableTextWidth
    /// The default `textWidth`.
    public static let readableTextWidth = 100
    public var screen: Screen = .list
    public var showingHelp = false
    /// First line of the help screen shown.
    public var helpScroll = 0
    public var list: ListScreen
    public var document: DocumentScreen?
    /// The last message for the status line.
    public var message: StatusMessage?
    /// A count typed before a command (`3j`), while it waits for the command.
    public var count: Int?
    public var shouldQuit = false
    /// Why the app ended on its own (a damaged database), for the command to print and exit 2.
    public var stoppedBecause: String?
    /// Where to put the cursor when the next document arrives, instead of the span it comes with.
    public var landing: Landing?
    /// How many times the reviewer asked to redraw the screen; the terminal repaints every cell
    /// when it changes (after another program wrote over the screen).
    public var redraws = 0

    public init(size: ScreenSize, schema: TagSchema, rubric: Rubric, keymap: Keymap, reviewer: String, monochrome: Bool = false, readOnly: Bool = false) {
        self.size = size
        self.schema = schema
        self.rubric = rubric
        self.keymap = keymap
        self.reviewer = reviewer
        self.monochrome = monochrome
        self.readOnly = readOnly
        self.list = ListScreen()
    }
}

/// Which span a document that is being loaded opens on.
public enum Landing: Hashable, Sendable {
    /// The span with this row id, if it is still there (a reload of the document keeps the cursor).
    case span(Int64)
    /// The first undecided span after the span with this row id, else that span (deciding a span
    /// moves on).
    case nextUndecided(after: Int64)
    /// The first span the reviewer has not decided, in the next document to open (after `]`,
    /// ignoring, or deciding a document moved on); a reload of the open document meanwhile keeps
    /// its cursor.
    case firstUndecided
    /// The first span the reviewer has not decided at or after this document offset, in the
    /// open long document: windows are loaded one after another until one holds it (`]` past
    /// the end of a window).
    case undecidedFrom(Int)
    /// The search match at this document offset, in the open long document: a window near it is
    /// loaded, and the match becomes the focus (`wrapped`: the search went round an end of the document).
    case textMatch(at: Int, forward: Bool, wrapped: Bool)
    /// The schema problem at this place, in the open long document: a window near it is loaded,
    /// and the problem becomes the focus.
    case problem(at: ProblemPlace, forward: Bool, wrapped: Bool)
    /// The outline of the open long document, paged past its window: it stays open on the span
    /// `rows` away from the first one starting at or after this document offset.
    case outlineRow(from: Int, rows: Int)

    /// The document offset of the match or problem a window is loaded around.
    var focusOffset: Int? {
        switch self {
        case .textMatch(let offset, _, _): offset
        case .problem(let place, _, _): place.start
        default: nil
        }
    }
}

/// Rows and columns of the terminal.
public struct ScreenSize: Hashable, Sendable {
    public var rows: Int
    public var cols: Int
    public init(rows: Int, cols: Int) {
        self.rows = rows
        self.cols = cols
    }
}

public enum Screen: Hashable, Sendable {
    case list, document
}

/// A line for the status bar; errors are drawn so they stand out.
public struct StatusMessage: Hashable, Sendable {
    public var text: String
    public var isError: Bool
    /// A question waiting for a key (a mode, a position, y/n): it goes once the question ends.
    public var isPrompt: Bool
    public init(_ text: String, isError: Bool = false, isPrompt: Bool = false) {
        self.text = text
        self.isError = isError
        self.isPrompt = isPrompt
    }
}

/// The document list: one window of rows loaded by keyset pagination.
public struct ListScreen: Hashable, Sendable {
    public var filter = DocumentFilter.all
    public var rows: [DocumentSummary] = []
    public var selected = 0
    /// Documents matching the filter (counted when the filter changes).
    public var total: Int?
    /// A count of the filter's documents under way (`total` is unknown meanwhile).
    public var counting: ListCounting?
    /// What the reviewer has decided of the filter's documents and spans (counted with `total`).
    public var progress: ReviewProgress?
    /// The filter whose progress is still to count, while no key waits.
    public var progressToLoad: DocumentFilter?
    /// Text typed after `/`, while searching.
    public var searchInput: String?
    /// The filter before `/`, to go back to when the search is cancelled after it narrowed the list.
    public var filterBeforeSearch: DocumentFilter?
    /// Whether the search typed has not narrowed the list yet (it does when typing pauses).
    public var searchToNarrow = false

    public init() {}

    public var selectedRow: DocumentSummary? { rows.indices.contains(selected) ? rows[selected] : nil }
}

/// A count of the list's documents going on a step at a time: the matches so far, and where the
/// next step starts.
public struct ListCounting: Hashable, Sendable {
    public var filter: DocumentFilter
    public var matched = 0
    public var next: Int64 = 0
}

/// The document being reviewed, with what is derived from it once per change.
public struct DocumentScreen: Sendable {
    public private(set) var stored: StoredDocument
    public private(set) var annotated: AnnotatedText
    public private(set) var units: TextUnits
    public private(set) var violations: [Violation]
    /// Index (document order) of the current span.
    public var current: Int
    /// The edge that the edge keys move.
    public var edge: SpanEdge = .end
    /// Whether the edge keys move the boundary with the next span (this span's end and the
    /// next one's start together) instead of one edge.
    public var movesBoundary = false
    /// First display line shown.
    public var scroll = 0
    public var showSource = false
    public var showMarkers = true
    /// A cursor prompt in progress (split point, new span).
    public var prompt: CursorPrompt?
    /// A key prefix waiting for its second key (relabel, new span's mode).
    public var pendingLabel: LabelChoice?
    /// Index of the schema problem last jumped to, while it is the focus.
    public var problemFocus: Int?
    /// The walk of a long document's windows for a problem beyond the window shown, while it goes on.
    public var problemScan: ProblemScan?
    /// A rating waiting for its digit.
    public var pendingRating: PendingRating?
    /// A note being written.
    public var noteEditor: NoteEditor?
    /// The search in the text (`/`), while typed and after.
    public var search: TextSearch?
    /// The outline or the changes against the rewriter's spans, when open.
    public var panel: SpanPanel?
    /// The history panel, when open.
    public var history: HistoryPanel?
    /// The adjudication panel, when open.
    public var adjudication: AdjudicationPanel?
    public var canUndo = false
    public var canRedo = false
    /// The text's last layout and what it was laid out for, so that the view does not lay out
    /// again what reduce just laid out to scroll (see ``DocumentText/layout(_:width:schema:monochrome:)``).
    var laidOut: (key: TextLayout.Key, layout: TextLayout)?

    /// Indices of the spans the reviewer has not decided on as they are now (a decision made on
    /// an earlier state counts as none), in document order.
    public private(set) var undecided: [Int] = []

    public init(stored: StoredDocument, schema: TagSchema, current: Int = 0, units: TextUnits? = nil, reviewer: String? = nil) {
        self.stored = stored
        if let reviewer { undecided = Self.undecided(in: stored, by: reviewer) }
        let annotated = stored.annotated
        self.violations = Validator(schema: schema).violations(in: annotated)
        // Spans that lie outside the text (a damaged database) are reported above and drawn cut
        // to the text, never used to index it.
        let count = annotated.scalars.count
        self.annotated = annotated.spans.allSatisfy({ $0.start >= 0 && $0.end <= count && $0.start <= $0.end })
            ? annotated : AnnotatedText(scalars: annotated.scalars, spans: annotated.spans.map { $0.clamped(toLength: count) })
        self.units = units ?? TextUnits(annotated.scalars)
        self.current = annotated.spans.isEmpty ? 0 : min(max(0, current), annotated.spans.count - 1)
    }

    /// Indices of the spans of `stored` that `reviewer` has not decided on as they are now.
    public static func undecided(in stored: StoredDocument, by reviewer: String) -> [Int] {
        let decided = Set(stored.notes.filter { $0.reviewer == reviewer && $0.decision != nil && stored.isCurrent($0) }.map(\.spanId))
        return stored.spans.indices.filter { !decided.contains(stored.spans[$0].id) }
    }

    /// Replaces the stored document (after a save, undo or reload), keeping the view settings
    /// and a quick-rate sequence in progress.
    public mutating func replace(with stored: StoredDocument, schema: TagSchema, current: Int, reviewer: String? = nil) {
        // The same text keeps its character, word and sentence boundaries.
        let sameText = stored.annotated.scalars == annotated.scalars
        var next = DocumentScreen(stored: stored, schema: schema, current: current, units: sameText ? units : nil, reviewer: reviewer)
        next.edge = edge
        next.movesBoundary = movesBoundary
        next.scroll = scroll
        next.showSource = showSource
        next.showMarkers = showMarkers
        next.pendingRating = pendingRating
        next.problemScan = problemScan
        // Another window of a long document: the problem jumped to stays the focus.
        if let focus = problemFocus, violations.indices.contains(focus), stored.window != nil, stored.window?.text != self.stored.window?.text {
            let place = ProblemPlace(violations[focus].range, base: base)
            next.problemFocus = next.violations.firstIndex { ProblemPlace($0.range, base: next.base) == place }
        }
        if sameText {
            next.search = search
        } else if var search, search.input == nil, stored.window != nil || self.stored.window != nil {
            // Another window of a long document: the search goes on in its text, the focus on the same match.
            let focus = search.focus.map { base + search.matches[$0].lowerBound }
            search.matches = TextSearch.matches(of: search.query, in: next.annotated.scalars)
            search.focus = focus.flatMap { at in search.matches.firstIndex { next.base + $0.lowerBound == at } }
            next.search = search
        }
        self = next
    }

    /// Whether a question is waiting for the reviewer's next key (a position, a mode, a digit,
    /// a note, a y/n).
    public var isAwaitingKey: Bool {
        prompt != nil || pendingLabel != nil || pendingRating != nil || noteEditor != nil || history?.confirming == true
            || search?.input != nil
    }

    public var currentSpan: Span? { annotated.spans.indices.contains(current) ? annotated.spans[current] : nil }

    /// The stored row of the current span.
    public var currentRecord: SpanRecord? { stored.spans.indices.contains(current) ? stored.spans[current] : nil }

    /// Where the text shown starts in the document (0 unless a window of a long one is shown).
    public var base: Int { stored.window?.text.lowerBound ?? 0 }

    /// The reviewer's position on span `index`, to be saved: in a long document also the span's
    /// start in the whole text, since the index counts only within the window.
    public func position(at index: Int) -> ReviewerPosition {
        let offset = stored.window.map { _ in base + (stored.spans.indices.contains(index) ? stored.spans[index].start : 0) }
        return ReviewerPosition(documentID: stored.record.id, spanIndex: index, offset: offset)
    }

    /// Spans from the current one to a window's edge below which the window moves on.
    static let windowMargin = 128

    /// The document offset to load a new window near, when the current span came within
    /// ``windowMargin`` spans of an edge of the window beyond which the document goes on.
    public var windowToMove: Int? {
        guard let window = stored.window, let span = currentSpan else { return nil }
        let margin = min(Self.windowMargin, annotated.spans.count / 4)
        let nearStart = current < margin && !window.atStart, nearEnd = current >= annotated.spans.count - margin && !window.atEnd
        return nearStart || nearEnd ? base + span.start : nil
    }
}

/// A cursor the reviewer moves to choose a place in the text.
public struct CursorPrompt: Hashable, Sendable {
    public enum Purpose: Hashable, Sendable {
        /// Where to cut the current span.
        case split
        /// Where a new span starts.
        case insertStart
        /// Where a new span ends; it starts at `anchor`.
        case insertEnd(anchor: Int)
    }

    public var purpose: Purpose
    public var cursor: Int
}

/// What a mode key pressed next will do.
public enum LabelChoice: Hashable, Sendable {
    case relabel
    case insert(Range<Int>)
    /// Merge span `span` with its next sibling, whose label differs: one of `labels` (the two
    /// spans' labels) for the merged span.
    case merge(span: Int, labels: [String])
}

/// A dimension waiting for its digit; in quick-rate mode the next dimensions follow.
public struct PendingRating: Hashable, Sendable {
    public var dimension: String
    /// Dimensions still to rate after this one (quick-rate).
    public var then: [String]
    /// One digit rates `dimension` and every one of `then`, then the span is approved.
    public var approving = false
}

/// A note being written, and what it is about.
public struct NoteEditor: Hashable, Sendable {
    /// The span's row id, or `nil` for the document.
    public var spanID: Int64?
    public var editor: LineEditor
}

/// The document's history, newest first, with the selected entry.
public struct HistoryPanel: Hashable, Sendable {
    public var items: [HistoryItem]
    public var selected = 0
    /// Waiting for y/n before reverting.
    public var confirming = false
}

/// Comparing reviewers' independent versions difference by difference, and the choices made so
/// far. The differences are the comparison's regions, then, when the reviewers judged the whole
/// document differently, the document's decision and note.
public struct AdjudicationPanel: Hashable, Sendable {
    public var versions: [ReviewedVersion]
    public var comparison: VersionComparison
    /// Per difference: the chosen version's index, or `nil` for none; absent until chosen.
    public var choices: [Int: Int?] = [:]
    /// The difference on screen.
    public var current = 0

    public init(versions: [ReviewedVersion], rubric: Rubric) {
        self.versions = versions
        comparison = VersionComparison(versions: versions, rubric: rubric)
    }

    public var reviewers: [String] { comparison.reviewers }

    /// How many differences there are to decide.
    public var count: Int { comparison.regions.count + (comparison.documentDifferences.isEmpty ? 0 : 1) }

    /// The region of difference `index`, or `nil` for the document's judgements.
    public func region(_ index: Int) -> VersionComparison.Region? {
        comparison.regions.indices.contains(index) ? comparison.regions[index] : nil
    }

    /// What differs at difference `index`.
    public func differences(_ index: Int) -> [VersionComparison.Difference] {
        region(index)?.differences ?? comparison.documentDifferences
    }

    /// The adjudicated version the choices make.
    public var result: AdjudicatedVersion {
        let regions = comparison.regions.indices.map { choices[$0] ?? nil }
        return comparison.resolve(regions, document: choices[comparison.regions.count] ?? nil)
    }
}
