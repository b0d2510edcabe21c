import TrellisCore
import TrellisModel

/// A list of the document's spans in place of its text, to jump from: the outline (`O`, every
/// span) or the changes against the rewriter's spans (`D`).
public struct SpanPanel: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case outline
        case changes([SpanChange])
    }

    public var kind: Kind
    /// The row selected.
    public var selected: Int

    /// How many rows the panel has.
    func count(_ document: DocumentScreen) -> Int {
        switch kind {
        case .outline: document.annotated.spans.count
        case .changes(let changes): changes.count
        }
    }

    /// The span a row stands for, if it is still there.
    func span(at row: Int, in document: DocumentScreen) -> Int? {
        switch kind {
        case .outline: document.annotated.spans.indices.contains(row) ? row : nil
        case .changes(let changes): changes.indices.contains(row) ? changes[row].currentIndex : nil
        }
    }

    /// The command that opens (and closes) the panel.
    var command: Command {
        switch kind {
        case .outline: .outline
        case .changes: .changes
        }
    }
}

/// Keys in a span panel: move with the span and paging keys (a count repeats them), Enter jumps
/// to the selected row's span, the panel's key or back closes it; quit and help act as anywhere.
enum SpanPanelCommands {
    static func handle(_ key: KeyPress, count: Int, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard var panel = document.panel else { return [] }
        let last = max(0, panel.count(document) - 1)
        let page = max(1, ScreenLayout(state).textPane(showingSource: false).height - 2)
        if key == .enter {
            document.panel = nil
            guard let span = panel.span(at: panel.selected, in: document) else {
                state.message = StatusMessage("that span is no longer there")
                return []
            }
            document.current = span
            document.problemFocus = nil
            DocumentCommands.keepFocusVisible(&document, state: state)
            return [.rememberPosition(document.position(at: span))]
        }
        let command = state.keymap.command(for: key, in: .document)
        if case .outline = panel.kind, let window = document.stored.window,
           let beyond = outlineBeyond(command, from: panel.selected, last: last, count: count, page: page, window: window) {
            state.landing = beyond.landing
            return [.loadWindow(documentID: document.stored.record.id, near: beyond.near)]
        }
        if let moved = PanelSelection.moved(command, from: panel.selected, last: last, count: count, page: page) {
            panel.selected = moved
            document.panel = panel
            return []
        }
        switch command {
        case .back?, .outline?, .changes?:
            document.panel = nil
            return []
        case .quit?:
            state.shouldQuit = true
        case .help?:
            state.showingHelp = true
            state.helpScroll = 0
        default:
            state.message = StatusMessage("\(state.keymap.hint(for: .nextSpan))/\(state.keymap.hint(for: .previousSpan)) move, Enter jumps, \(state.keymap.hint(for: panel.command)) or \(state.keymap.hint(for: .back)) closes", isError: true)
        }
        document.panel = panel
        return []
    }

    /// On a long document's outline, a move past the window's first or last row (or `g`, `G` in a
    /// window that does not hold the document's ends): the window to load and the row to land on
    /// in it (the outline stays open on the window that holds the row's span).
    private static func outlineBeyond(_ command: Command?, from selected: Int, last: Int, count: Int, page: Int, window: DocumentWindow)
        -> (near: Int, landing: Landing)? {
        let step: Int
        switch command {
        case .nextSpan?: step = count
        case .previousSpan?: step = -count
        case .pageDown?, .scrollDown?: step = page * count
        case .pageUp?, .scrollUp?: step = -page * count
        case .firstSpan? where !window.atStart: return (0, .outlineRow(from: 0, rows: 0))
        case .lastSpan? where !window.atEnd: return (window.length, .outlineRow(from: window.length, rows: -1))
        default: return nil
        }
        if selected + step > last, !window.atEnd {
            return (window.text.upperBound, .outlineRow(from: window.text.upperBound, rows: selected + step - last - 1))
        }
        if selected + step < 0, !window.atStart {
            return (max(0, window.text.lowerBound - 1), .outlineRow(from: window.text.lowerBound, rows: selected + step))
        }
        return nil
    }

    /// A window loaded for the outline (`Landing.outlineRow`): the outline stays open on the row
    /// `rows` away from the first span starting at or after the document offset `from`, and the
    /// cursor goes with it.
    static func landed(from offset: Int, rows: Int, document: inout DocumentScreen) {
        let spans = document.annotated.spans
        guard !spans.isEmpty else { return }
        let first = spans.firstIndex { document.base + $0.start >= offset } ?? spans.count
        let row = min(max(0, first + rows), spans.count - 1)
        document.current = row
        document.panel = SpanPanel(kind: .outline, selected: row)
    }

    /// The rewriter's spans arrived (`D`): the changes against them, or a word that there are none.
    static func originalsLoaded(_ original: [Span], documentID: Int64, state: inout AppState) {
        guard var document = state.document, document.stored.record.id == documentID else { return }
        // A long document's window is compared with the rewriter's spans in the same text.
        let base = document.base
        let shown = document.stored.window.map { window in
            original.filter { window.text.contains($0.start) || (window.atEnd && $0.start >= window.text.upperBound) }
                .map { Span(start: $0.start - base, end: $0.end - base, label: $0.label, depth: $0.depth) }
        } ?? original
        let changes = SpanChange.between(original: shown, current: document.annotated.spans)
        guard !changes.isEmpty else {
            state.message = StatusMessage("no changes: the spans are as the rewriter wrote them")
            return
        }
        let selected = changes.firstIndex { ($0.currentIndex ?? -1) >= document.current } ?? 0
        document.panel = SpanPanel(kind: .changes(changes), selected: selected)
        state.document = document
    }
}
