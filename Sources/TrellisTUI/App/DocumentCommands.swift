import TrellisCore
import TrellisModel

/// What the document screen's commands do to the state.
enum DocumentCommands {
    /// Runs `command`; `count` (a count prefix, `3j`) repeats motions, edge moves and paging.
    static func run(_ command: Command, count: Int = 1, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        let spans = document.annotated.spans
        var effects: [Effect] = []
        // A match stays the focus only while the reviewer walks the matches; any other key stops a
        // search of the rest of a long document.
        if ![.nextMatch, .previousMatch, .insert].contains(command) { document.search?.focus = nil }
        if ![.nextMatch, .previousMatch].contains(command), document.search?.scan != nil {
            document.search?.scan = nil
            state.message = StatusMessage("search stopped")
        }
        if ![.nextProblem, .previousProblem].contains(command), document.problemScan != nil {
            document.problemScan = nil
            state.message = StatusMessage("search for a problem stopped")
        }
        // Whether the cursor arrived at another span (it then shows from its start).
        var arrived = false
        switch command {
        case .nextSpan, .previousSpan, .firstSpan, .lastSpan:
            guard !spans.isEmpty else {
                state.message = StatusMessage("this document has no spans; \(state.keymap.hint(for: .insert)) adds one")
                return []
            }
            // The first or last span of a long document is in another window.
            if let window = document.stored.window, command == .firstSpan ? !window.atStart : command == .lastSpan && !window.atEnd {
                return [.loadWindow(documentID: document.stored.record.id, near: command == .firstSpan ? 0 : window.length)]
            }
            switch command {
            case .nextSpan: document.current = min(document.current + count, spans.count - 1)
            case .previousSpan: document.current = max(document.current - count, 0)
            case .firstSpan: document.current = 0
            default: document.current = spans.count - 1
            }
            document.problemFocus = nil
            arrived = true
            effects.append(.rememberPosition(document.position(at: document.current)))
        case .nextProblem, .previousProblem:
            effects += ProblemCommands.move(forward: command == .nextProblem, count: count, document: &document, state: &state)
        case .nextUnreviewed:
            return nextUndecided(document: &document, state: &state)
        case .ignore:
            // Prodigy's ignore: nothing is decided here; on to the next document with work left.
            state.message = StatusMessage("\(document.stored.record.externalId) left undecided: on to the next document with a span you have not decided")
            return openNextUndecidedDocument(after: document, state: &state)
        case .nextDocument, .previousDocument:
            return [.openNeighbour(of: document.stored.record.id, filter: state.list.filter, forward: command == .nextDocument)]
        case .find:
            SearchCommands.start(document: &document, state: &state)
            return []
        case .nextMatch, .previousMatch:
            effects += SearchCommands.next(forward: command == .nextMatch, count: count, document: &document, state: &state)
        case .scrollDown, .scrollUp:
            let pane = ScreenLayout(state).textPane(showingSource: document.showSource)
            let step = max(1, pane.height / 2) * count
            let lines = layout(document, state: state).lines.count
            document.scroll = min(max(0, document.scroll + (command == .scrollDown ? step : -step)), max(0, lines - pane.height))
            return []
        case .pageDown, .pageUp:
            return page(forward: command == .pageDown, count: count, document: &document, state: &state)
        case .toggleSource:
            if document.stored.record.source == nil {
                state.message = StatusMessage("this document has no original text")
                return []
            }
            document.showSource.toggle()
        case .toggleMarkers:
            document.showMarkers.toggle()
        case .back:
            state.screen = .list
            // Counted again: what was done in the document may have moved it in or out of the filter.
            return [.loadList(filter: state.list.filter, anchor: .from(state.list.rows.first?.id ?? 0), limit: ScreenLayout(state.size).listRows,
                              select: .id(document.stored.record.id), countTotal: true)]
        case .switchEdge:
            document.edge = document.movesBoundary ? .start : document.edge == .start ? .end : .start
            document.movesBoundary = false
            state.message = StatusMessage("now moving the \(document.edge.rawValue.uppercased()) of the span")
        case .edgeLeftCharacter, .edgeRightCharacter, .edgeLeftWord, .edgeRightWord, .edgeLeftSentence, .edgeRightSentence:
            let (direction, unit) = motion(of: command)!
            let change = document.movesBoundary
                ? moveBoundary(direction: direction, unit: unit, count: count, document: document)
                : moveEdge(direction: direction, unit: unit, count: count, document: document)
            effects += edit(change, document: document, state: &state)
        case .boundary:
            guard document.currentSpan != nil else { return noSpan(&state) }
            document.movesBoundary.toggle()
            document.edge = .end
            state.message = StatusMessage(document.movesBoundary
                ? "now moving the BOUNDARY with the next span: its end and the next span's start together (\(state.keymap.hint(for: .boundary)) again: one edge)"
                : "now moving the END of the span")
        case .split:
            guard let span = document.currentSpan else { return noSpan(&state) }
            let middle = document.units.sentenceStarts.first { $0 > span.start && $0 < span.end }
                ?? document.units.previousCharacter(before: span.start + max(1, span.length / 2) + 1)
            document.prompt = CursorPrompt(purpose: .split, cursor: middle)
            state.message = StatusMessage("split: move the cursor, \(state.keymap.hint(for: .confirm)) splits there, \(state.keymap.hint(for: .cancel)) cancels", isPrompt: true)
        case .insert:
            if let focus = document.problemFocus, document.violations.indices.contains(focus),
               document.violations[focus].kind == .untaggedText {
                document.pendingLabel = .insert(document.violations[focus].range)
                state.message = StatusMessage("new span over the untagged text: press a mode key (\(labelChoices(state.schema)))", isPrompt: true)
            } else {
                document.prompt = CursorPrompt(purpose: .insertStart, cursor: reviewerPosition(document, state: state))
                state.message = StatusMessage("new span: cursor to its start, \(state.keymap.hint(for: .confirm)) confirms, \(state.keymap.hint(for: .cancel)) cancels", isPrompt: true)
            }
        case .merge:
            effects += merge(document: &document, state: &state)
        case .relabel:
            guard document.currentSpan != nil else { return noSpan(&state) }
            document.pendingLabel = .relabel
            state.message = StatusMessage("relabel to: \(labelChoices(state.schema)) (\(state.keymap.hint(for: .cancel)) cancels)", isPrompt: true)
        case .delete:
            effects += edit(.delete(span: document.current), document: document, state: &state)
        case .approve, .reject, .flag, .note, .reconfirm, .approveDocument, .rejectDocument, .flagDocument, .noteDocument, .reconfirmDocument, .quickRate, .rateAndApprove:
            return ReviewCommands.run(command, document: &document, state: &state)
        case .outline:
            guard !spans.isEmpty else { return noSpan(&state) }
            document.panel = SpanPanel(kind: .outline, selected: document.current)
            return []
        case .changes:
            return [.loadOriginalSpans(documentID: document.stored.record.id)]
        case .history:
            return [.loadHistory(documentID: document.stored.record.id)]
        case .adjudicate:
            return [.loadVersions(documentID: document.stored.record.id)]
        case .undo:
            return [.undo(documentID: document.stored.record.id)]
        case .redo:
            return [.redo(documentID: document.stored.record.id)]
        default:
            return Reducer.unhandled(command, state: &state)
        }
        keepFocusVisible(&document, state: state, showingSpanStart: arrived)
        return effects
    }

    /// The edit that moves the current span's moving edge `count` units: one unit is a
    /// `moveEdge`, which says why an edge cannot move; more put the edge where the units lead.
    static func moveEdge(direction: Direction, unit: TextUnit, count: Int, document: DocumentScreen) -> SpanEdit {
        let single = SpanEdit.moveEdge(span: document.current, edge: document.edge, direction: direction, unit: unit)
        guard count > 1, let span = document.currentSpan else { return single }
        let from = document.edge == .start ? span.start : span.end
        let target = PromptCommands.move(from, direction: direction, unit: unit, endOfSpan: document.edge == .end, units: document.units, count: count)
        return target == from ? single : .setEdge(span: document.current, edge: document.edge, offset: target)
    }

    /// Where the reviewer is, for a new span's first cursor: the search match jumped to, else
    /// the current span's moving edge when it is on screen, else the start of the first line shown.
    static func reviewerPosition(_ document: DocumentScreen, state: AppState) -> Int {
        if let search = document.search, let focus = search.focus { return search.matches[focus].lowerBound }
        let pane = ScreenLayout(state).textPane(showingSource: document.showSource)
        let layout = layout(document, state: state)
        let top = layout.lineStarts[min(document.scroll, layout.lineStarts.count - 1)]
        let bottom = document.scroll + pane.height < layout.lineStarts.count ? layout.lineStarts[document.scroll + pane.height] : Int.max
        guard let span = document.currentSpan else { return top }
        let edge = document.edge == .start ? span.start : span.end
        return (top...bottom).contains(edge) ? edge : top
    }

    /// The edit that moves the boundary between the current span and the next one `count`
    /// units: forward, the next span's first units join the current span; backward, the current
    /// span's last units join the next. The core refuses spans that do not touch.
    static func moveBoundary(direction: Direction, unit: TextUnit, count: Int, document: DocumentScreen) -> SpanEdit {
        let spans = document.annotated.spans
        guard let span = document.currentSpan, let next = SpanNesting.sibling(after: document.current, in: spans) else {
            return .setBoundary(span: document.current, offset: document.currentSpan?.end ?? 0)
        }
        let from = direction == .forward ? spans[next].start : span.end
        let target = PromptCommands.move(from, direction: direction, unit: unit, endOfSpan: direction == .forward, units: document.units, count: count)
        return .setBoundary(span: document.current, offset: target)
    }

    /// Scrolls `count` pages (less's `space` and `b`); the first span that starts on the new page
    /// (or, within a long span, the span shown) becomes current, so that the next key acts on
    /// what is shown.
    static func page(forward: Bool, count: Int, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        let pane = ScreenLayout(state).textPane(showingSource: document.showSource)
        let layout = DocumentText.rememberLayout(&document, width: pane.width, schema: state.schema, monochrome: state.monochrome)
        let step = max(1, pane.height - 1) * count
        let last = max(0, layout.lines.count - pane.height)
        let scroll = min(max(0, document.scroll + (forward ? step : -step)), last)
        guard scroll != document.scroll else {
            state.message = StatusMessage(forward ? "this is the end of the document" : "this is the start of the document")
            return []
        }
        document.scroll = scroll
        let spans = document.annotated.spans
        let top = layout.lineStarts[scroll]
        let bottom = scroll + pane.height < layout.lineStarts.count ? layout.lineStarts[scroll + pane.height] : document.annotated.scalars.count + 1
        guard !spans.isEmpty else { return [] }
        // Spans are ordered by start: the first starting on the page, else the last before it.
        var low = 0, high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].start < top { low = middle + 1 } else { high = middle }
        }
        document.current = low < spans.count && spans[low].start < bottom ? low : max(0, low - 1)
        document.problemFocus = nil
        return [.rememberPosition(document.position(at: document.current))]
    }

    /// `]`: the next span after this one that the reviewer has not decided (a decision made on an
    /// earlier state of the span counts as none), else the first such span of the next document
    /// of the list's filter that has one. Never back to an earlier span of this document.
    static func nextUndecided(document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        if let next = document.undecided.first(where: { $0 > document.current }) {
            document.current = next
            document.problemFocus = nil
            keepFocusVisible(&document, state: state, showingSpanStart: true)
            return [.rememberPosition(document.position(at: next))]
        }
        // A long document goes on in the next window.
        if let window = document.stored.window, !window.atEnd {
            state.landing = .undecidedFrom(document.base + (document.currentSpan.map { $0.start + 1 } ?? 0))
            return [.loadWindow(documentID: document.stored.record.id, near: window.text.upperBound)]
        }
        state.message = StatusMessage(document.undecided.isEmpty
            ? "every span here is decided: on to the next document with one"
            : "no undecided span after this one: on to the next document with one (\(document.undecided.count) left here)")
        return openNextUndecidedDocument(after: document, state: &state)
    }

    /// Opens the next document of the list's filter with a span the reviewer has not decided, on
    /// the first such span.
    static func openNextUndecidedDocument(after document: DocumentScreen, state: inout AppState) -> [Effect] {
        var filter = state.list.filter
        filter.undecidedBy = state.reviewer
        state.landing = .firstUndecided
        return [.openNeighbour(of: document.stored.record.id, filter: filter, forward: true)]
    }

    /// What to do once the last span of a document is decided.
    static func endOfDocumentMessage(undecided: Int, state: AppState) -> StatusMessage {
        let keys = state.keymap
        if undecided == 0 {
            return StatusMessage("every span decided: \(keys.hint(for: .approveDocument)) approves the document, \(keys.hint(for: .nextUnreviewed)) goes on to the next one")
        }
        return StatusMessage("no undecided span after this one (\(undecided) before it: \(keys.hint(for: .firstSpan)) goes to the first span); \(keys.hint(for: .nextUnreviewed)) goes on to the next document")
    }

    /// The direction and unit of an edge-moving command.
    static func motion(of command: Command) -> (Direction, TextUnit)? {
        switch command {
        case .edgeLeftCharacter: (.backward, .character)
        case .edgeRightCharacter: (.forward, .character)
        case .edgeLeftWord: (.backward, .word)
        case .edgeRightWord: (.forward, .word)
        case .edgeLeftSentence: (.backward, .sentence)
        case .edgeRightSentence: (.forward, .sentence)
        default: nil
        }
    }

    /// Computes an edit purely and asks the runtime to save it, or says why it is refused.
    static func edit(_ edit: SpanEdit, document: DocumentScreen, state: inout AppState) -> [Effect] {
        if state.readOnly {
            state.message = StatusMessage("the database is read-only: nothing can be changed", isError: true)
            return []
        }
        if case .insert = edit {} else if document.currentSpan == nil { return noSpan(&state) }
        switch SpanEditor(schema: state.schema, annotated: document.annotated).apply(edit) {
        case .success(let result):
            return [.saveEdit(result, name: edit.name, seen: document.stored)]
        case .failure(let refusal):
            state.message = StatusMessage("cannot \(edit.name): \(refusal.message)", isError: true)
            return []
        }
    }

    /// `m`: merges the current span with its next sibling or, on a banned-transition problem (after
    /// `e`), the problem's two spans. Spans of one label merge at once; across labels the reviewer
    /// chooses the merged span's label first.
    static func merge(document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        let spans = document.annotated.spans
        var first = document.current
        if let focus = document.problemFocus, document.violations.indices.contains(focus),
           document.violations[focus].kind == .bannedTransition, let second = document.violations[focus].spanIndex,
           let previous = SpanNesting.sibling(before: second, in: spans) {
            first = previous
        }
        guard let partner = SpanNesting.sibling(after: first, in: spans),
              spans[first].label != spans[partner].label else {
            document.problemFocus = nil
            return edit(.mergeWithNext(span: first), document: document, state: &state)
        }
        let labels = [spans[first].label, spans[partner].label]
        document.pendingLabel = .merge(span: first, labels: labels)
        let choices = labels.compactMap { state.schema.tag($0) }.map { "\($0.key) \($0.name)" }.joined(separator: " · ")
        state.message = StatusMessage("merge <\(labels[0])> with <\(labels[1])> as: \(choices) (\(state.keymap.hint(for: .cancel)) cancels)", isPrompt: true)
        return []
    }

    /// A mode key after relabel, merge across labels, or a new span's range.
    static func chooseLabel(_ key: KeyPress, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard let pending = document.pendingLabel else { return [] }
        document.pendingLabel = nil
        guard case .character(let character) = key, let tag = state.schema.tags.first(where: { $0.key == character }) else {
            state.message = StatusMessage(key == .escape ? "cancelled" : "\(KeyName.name(of: key)) is not a mode key; cancelled")
            return []
        }
        switch pending {
        case .relabel:
            return edit(.relabel(span: document.current, label: tag.name), document: document, state: &state)
        case .merge(let span, let labels):
            guard labels.contains(tag.name) else {
                state.message = StatusMessage("the merged span can only be \(labels.map { "<\($0)>" }.joined(separator: " or ")); cancelled")
                return []
            }
            document.problemFocus = nil
            return edit(.mergeWithNext(span: span, label: tag.name), document: document, state: &state)
        case .insert(let range):
            document.problemFocus = nil
            return edit(.insert(range: range, label: tag.name), document: document, state: &state)
        }
    }

    /// A document arrived (opened, saved, undone, reloaded).
    static func loaded(_ stored: StoredDocument, current: Int, canUndo: Bool, canRedo: Bool, state: inout AppState) {
        let landing = state.landing
        let sameDocument = state.document?.stored.record.id == stored.record.id
        let opening = !sameDocument || state.screen != .document
        var current = current
        func index(of id: Int64) -> Int? { stored.spans.firstIndex { $0.id == id } }
        state.landing = nil
        switch landing {
        case .span(let id)? where sameDocument:
            current = index(of: id) ?? current
        case .nextUndecided(let id)? where sameDocument:
            // Several effects may reload the document before the decision is saved: move on with
            // the one that shows the span decided.
            if let decided = index(of: id) {
                let undecided = DocumentScreen.undecided(in: stored, by: state.reviewer)
                if undecided.contains(decided) {
                    state.landing = landing
                    current = decided
                } else {
                    current = undecided.first { $0 > decided } ?? decided
                    if current == decided { state.message = endOfDocumentMessage(undecided: undecided.count, state: state) }
                }
            }
        case .firstUndecided? where sameDocument:
            state.landing = landing
            if let id = state.document?.currentRecord?.id { current = index(of: id) ?? current }
        case .firstUndecided?:
            current = DocumentScreen.undecided(in: stored, by: state.reviewer).first ?? current
        case .undecidedFrom(let offset)? where sameDocument:
            let local = offset - (stored.window?.text.lowerBound ?? 0)
            if let found = DocumentScreen.undecided(in: stored, by: state.reviewer).first(where: { stored.spans[$0].start >= local }) {
                current = found
            } else if stored.window?.atEnd == false {
                state.landing = landing
            } else {
                current = max(0, stored.spans.count - 1)
                state.message = StatusMessage("no undecided span after this one in this document; \(state.keymap.hint(for: .nextUnreviewed)) at the end goes on to the next document")
            }
        case .textMatch?, .problem?:
            // The span holding the match or problem (a problem's own span once the window is validated).
            guard sameDocument, let offset = landing?.focusOffset else { break }
            current = SearchCommands.innermostSpan(containing: offset - (stored.window?.text.lowerBound ?? 0), in: stored.spans.map(\.span)) ?? current
        default:
            break
        }
        // Another window of the same document: the current span keeps its row on the screen.
        let keptRow: Int? = {
            guard let old = state.document, old.stored.record.id == stored.record.id, old.stored.window?.text != stored.window?.text,
                  let span = old.currentSpan else { return nil }
            return layout(old, state: state).line(containing: span.start) - old.scroll
        }()
        if var document = state.document, document.stored.record.id == stored.record.id {
            document.replace(with: stored, schema: state.schema, current: current, reviewer: state.reviewer)
            document.canUndo = canUndo
            document.canRedo = canRedo
            state.document = document
        } else {
            var document = DocumentScreen(stored: stored, schema: state.schema, current: current, reviewer: state.reviewer)
            document.canUndo = canUndo
            document.canRedo = canRedo
            state.document = document
        }
        state.screen = .document
        if var document = state.document {
            if case .textMatch(let offset, let forward, let wrapped)? = landing, sameDocument {
                SearchCommands.landed(at: offset, forward: forward, wrapped: wrapped, document: &document, state: &state)
            }
            if case .outlineRow(let offset, let rows)? = landing, sameDocument {
                SpanPanelCommands.landed(from: offset, rows: rows, document: &document)
            }
            if case .problem(let place, let forward, let wrapped)? = landing, sameDocument {
                ProblemCommands.landed(at: place, forward: forward, wrapped: wrapped, document: &document, state: &state)
            }
            if let keptRow, let span = document.currentSpan {
                document.scroll = max(0, layout(document, state: state).line(containing: span.start) - keptRow)
            }
            keepFocusVisible(&document, state: state, showingSpanStart: opening || landing == .firstUndecided)
            state.document = document
        }
    }

    private static func noSpan(_ state: inout AppState) -> [Effect] {
        state.message = StatusMessage("no span here; \(state.keymap.hint(for: .insert)) adds one", isError: true)
        return []
    }

    /// "h human · a ai · q quote"
    static func labelChoices(_ schema: TagSchema) -> String {
        schema.tags.map { "\($0.key) \($0.name)" }.joined(separator: " · ")
    }

    /// The layout of the document's text pane, as the view draws it.
    static func layout(_ document: DocumentScreen, state: AppState) -> TextLayout {
        let pane = ScreenLayout(state).textPane(showingSource: document.showSource)
        return DocumentText.layout(document, width: pane.width, schema: state.schema, monochrome: state.monochrome)
    }

    /// Scrolls so that the place being worked on (prompt cursor, moving edge, problem) is visible.
    /// A span just arrived at (`showingSpanStart`) shows whole when it fits, else from its start.
    static func keepFocusVisible(_ document: inout DocumentScreen, state: AppState, showingSpanStart: Bool = false) {
        let pane = ScreenLayout(state).textPane(showingSource: document.showSource)
        let layout = DocumentText.rememberLayout(&document, width: pane.width, schema: state.schema, monochrome: state.monochrome)
        var offsets: [Int]
        if let prompt = document.prompt {
            offsets = [prompt.cursor]
        } else if let search = document.search, let focus = search.focus {
            offsets = [search.matches[focus].lowerBound]
        } else if let focus = document.problemFocus, document.violations.indices.contains(focus) {
            offsets = [document.violations[focus].range.lowerBound]
        } else if let span = document.currentSpan {
            let end = max(span.start, span.end - 1)
            offsets = showingSpanStart ? [end, span.start] : [document.edge == .start ? span.start : end]
        } else {
            offsets = [0]
        }
        // The last offset wins when they do not fit together.
        for offset in offsets {
            let line = layout.line(containing: offset)
            if line < document.scroll {
                document.scroll = line
            } else if line >= document.scroll + pane.height {
                document.scroll = line - pane.height + 1
            }
        }
        document.scroll = max(0, min(document.scroll, max(0, layout.lines.count - 1)))
    }
}
