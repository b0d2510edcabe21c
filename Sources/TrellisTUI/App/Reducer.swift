import TrellisCore
import TrellisModel

/// The pure heart of the app: `reduce(state, action) -> (state, effects)`. It reads nothing
/// and writes nothing; the runtime performs the effects and feeds their results back.
public enum Reducer {
    public static func reduce(_ state: AppState, _ action: Action) -> (AppState, [Effect]) {
        var next = state
        let effects = apply(action, to: &next)
        return (next, effects)
    }

    /// The effects that start the app: the first page of the list, and the document the
    /// reviewer was on when they last left, if any.
    public static func start(_ state: AppState, resume: ReviewerPosition?) -> [Effect] {
        var effects: [Effect] = [.loadList(filter: state.list.filter, anchor: resume.map { .from($0.documentID) } ?? .start,
                                           limit: ScreenLayout(state.size).listRows, select: .first, countTotal: true)]
        if let resume {
            // A long document reopens on the window around the span, whose index counts only within it.
            effects.append(resume.offset.map { .loadWindow(documentID: resume.documentID, near: $0) }
                           ?? .loadDocument(id: resume.documentID, current: resume.spanIndex))
        }
        return effects
    }

    /// What the runtime does while no key waits, a step at a time: searching a long document's
    /// text, or its windows for a schema problem, beyond the window shown, counting the list's documents, then what the reviewer has
    /// decided of them.
    public static func backgroundWork(_ state: AppState) -> Effect? {
        if state.screen == .document, let document = state.document, let search = document.search, search.input == nil, let scan = search.scan {
            return .findText(documentID: document.stored.record.id, query: search.query, within: scan.rest, forward: scan.forward)
        }
        if state.screen == .document, let document = state.document, let scan = document.problemScan {
            return .scanWindow(documentID: document.stored.record.id, near: scan.near)
        }
        if let counting = state.list.counting { return .countList(filter: counting.filter, from: counting.next) }
        return state.list.progressToLoad.map { .loadProgress(filter: $0) }
    }

    static func apply(_ action: Action, to state: inout AppState) -> [Effect] {
        switch action {
        case .resized(let size):
            state.size = size
            if var document = state.document {
                DocumentCommands.keepFocusVisible(&document, state: state)
                state.document = document
            }
            return []
        case .listLoaded(let filter, let rows, let total, let select):
            return ListCommands.loaded(filter: filter, rows: rows, total: total, select: select, state: &state)
        case .listCounted(let filter, let from, let progress):
            ListCommands.counted(filter: filter, from: from, progress: progress, state: &state)
            return []
        case .progressLoaded(let progress):
            state.list.progress = progress
            state.list.progressToLoad = nil
            return []
        case .documentLoaded(let stored, let current, let canUndo, let canRedo):
            DocumentCommands.loaded(stored, current: current, canUndo: canUndo, canRedo: canRedo, state: &state)
            // `]` goes on to the next window while none holds an undecided span.
            if case .undecidedFrom? = state.landing, let window = stored.window {
                return [.loadWindow(documentID: stored.record.id, near: window.text.upperBound)]
            }
            return [.rememberPosition(state.document.map { $0.position(at: $0.current) } ?? ReviewerPosition(documentID: stored.record.id, spanIndex: 0))]
        case .failed(let message):
            state.message = StatusMessage(message, isError: true)
            state.landing = nil
            return []
        case .stopped(let message):
            state.message = StatusMessage(message, isError: true)
            state.stoppedBecause = message
            state.shouldQuit = true
            return []
        case .notice(let message):
            state.message = StatusMessage(message)
            return []
        case .textSearched(let documentID, let query, let range, let step):
            return SearchCommands.searched(step, of: query, in: documentID, within: range, state: &state)
        case .windowScanned(let part, let near):
            return ProblemCommands.scanned(part, near: near, state: &state)
        case .externalChange:
            return refresh(&state)
        case .paused:
            return ListCommands.narrow(state: &state)
        case .originalSpansLoaded(let documentID, let spans):
            SpanPanelCommands.originalsLoaded(spans, documentID: documentID, state: &state)
            return []
        case .versionsLoaded(let versions):
            AdjudicationCommands.opened(versions, state: &state)
            return []
        case .historyLoaded(let items):
            state.document?.history = HistoryPanel(items: items.reversed())
            if items.isEmpty { state.message = StatusMessage("no changes yet") }
            return []
        case .key(let key):
            let effects = handle(key, state: &state)
            if state.message?.isPrompt == true, state.document?.isAwaitingKey != true { state.message = nil }
            // A judgement reloads the document: the cursor stays on its span (a document's decision
            // or note would otherwise send it back to the first).
            if state.landing == nil, effects.contains(where: \.isReview) { state.landing = currentSpanLanding(state) }
            return effects + moveWindow(after: effects, state: &state)
        }
    }

    /// Reloads what is on screen (another reviewer changed the database), keeping the cursor on
    /// its span wherever the change moved it.
    static func refresh(_ state: inout AppState) -> [Effect] {
        var effects: [Effect] = []
        if let first = state.list.rows.first?.id {
            effects.append(.loadList(filter: state.list.filter, anchor: .from(first), limit: ScreenLayout(state.size).listRows,
                                     select: .index(state.list.selected), countTotal: true))
        }
        if state.screen == .document, let document = state.document, !document.isAwaitingKey, document.history == nil, document.adjudication == nil,
           document.panel == nil {
            state.landing = currentSpanLanding(state)
            effects.append(.loadDocument(id: document.stored.record.id, current: document.current))
        }
        return effects
    }

    /// A long document's window moves with the reviewer: when a key brought the current span
    /// near an edge of the window (and nothing it asked for reloads the document anyway), the
    /// window around the span is loaded, the span staying current.
    private static func moveWindow(after effects: [Effect], state: inout AppState) -> [Effect] {
        guard state.screen == .document, let document = state.document, !document.isAwaitingKey, document.panel == nil,
              document.history == nil, document.adjudication == nil, let near = document.windowToMove,
              !effects.contains(where: \.reloadsDocument) else { return [] }
        if state.landing == nil { state.landing = currentSpanLanding(state) }
        return [.loadWindow(documentID: document.stored.record.id, near: near)]
    }

    /// Landing on the current span, when a document is open.
    private static func currentSpanLanding(_ state: AppState) -> Landing? {
        state.document?.currentRecord.map { .span($0.id) }
    }

    private static func handle(_ key: KeyPress, state: inout AppState) -> [Effect] {
        // Behind "Terminal too small" nothing can be seen, so nothing may change: only quitting
        // and redrawing work until the terminal is large enough again.
        if ScreenLayout(state.size).isTooSmall {
            switch state.keymap.command(for: key, in: .global) {
            case .quit?: state.shouldQuit = true
            case .redraw?: state.redraws += 1
            default: break
            }
            return []
        }
        if state.showingHelp { return HelpCommands.handle(key, state: &state) }
        if state.list.searchInput != nil, state.screen == .list { return ListCommands.typeSearch(key, state: &state) }
        if state.screen == .document, var document = state.document {
            var modalEffects: [Effect]?
            if document.adjudication != nil {
                modalEffects = AdjudicationCommands.handle(key, document: &document, state: &state)
            } else if document.history != nil {
                modalEffects = HistoryCommands.handle(key, document: &document, state: &state)
            } else if document.search?.input != nil {
                modalEffects = SearchCommands.type(key, document: &document, state: &state)
                if document.search?.input == nil { DocumentCommands.keepFocusVisible(&document, state: state) }
            } else if document.noteEditor != nil {
                modalEffects = ReviewCommands.editNote(key, document: &document, state: &state)
            } else if document.pendingRating != nil {
                modalEffects = ReviewCommands.finishRating(key, document: &document, state: &state)
            }
            if let modalEffects {
                state.document = document
                return modalEffects
            }
            if document.pendingLabel != nil {
                let effects = DocumentCommands.chooseLabel(key, document: &document, state: &state)
                state.document = document
                return effects
            }
            if let digit = countDigit(key, state: state) {
                state.count = min(9_999, (state.count ?? 0) * 10 + digit)
                state.message = StatusMessage("\(state.count!)  (a count: the next motion, edge move or page repeats)")
                return []
            }
            if state.count != nil, key == .escape {
                state.count = nil
                state.message = StatusMessage("count cancelled")
                return []
            }
            if document.panel != nil {
                let effects = SpanPanelCommands.handle(key, count: takeCount(&state), document: &document, state: &state)
                state.document = document
                return effects
            }
            if document.prompt != nil {
                let effects = PromptCommands.handle(key, count: takeCount(&state), document: &document, state: &state)
                state.document = document
                return effects
            }
        }
        let context: KeyContext = state.screen == .list ? .list : .document
        let count = takeCount(&state)
        if context == .document, state.keymap.command(for: key, in: context) == nil, case .character(let character) = key,
           let dimension = state.rubric.dimensions.first(where: { $0.key == character }), var document = state.document {
            state.message = nil
            ReviewCommands.startRating(dimension, document: &document, state: &state)
            state.document = document
            return []
        }
        guard let command = state.keymap.command(for: key, in: context) else {
            state.message = StatusMessage("\(KeyName.name(of: key)): no such key here (\(state.keymap.hint(for: .help)) shows the keys)", isError: true)
            return []
        }
        state.message = nil
        // Every command goes to the handler of its screen (`Command.context` has no `default`, so a
        // new command must be given one); a handler that does not know a command says so
        // (`unhandled`) instead of swallowing it, and CommandCoverageTests presses every key.
        switch command.context {
        case .global:
            switch command {
            case .help:
                state.showingHelp = true
                state.helpScroll = 0
            case .quit:
                state.shouldQuit = true
            case .redraw:
                state.redraws += 1
            case .back where state.screen == .list:
                state.shouldQuit = true
            default:
                return onDocument(command, count: count, state: &state)
            }
            return []
        case .list:
            return ListCommands.run(command, state: &state)
        case .document:
            return onDocument(command, count: count, state: &state)
        case .prompt:
            // Bound only in cursor prompts, which `PromptCommands` handles before the keymap is
            // asked for another screen's command.
            return unhandled(command, state: &state)
        }
    }

    /// Runs a command of the document screen on the open document.
    private static func onDocument(_ command: Command, count: Int, state: inout AppState) -> [Effect] {
        guard var document = state.document else { return unhandled(command, state: &state) }
        let effects = DocumentCommands.run(command, count: count, document: &document, state: &state)
        if state.screen == .document { state.document = document }
        return effects
    }

    /// The digit of a count prefix on the document screen (`3` of `3j`): a digit no command is
    /// bound to, and `0` only after another digit.
    private static func countDigit(_ key: KeyPress, state: AppState) -> Int? {
        guard case .character(let character) = key, character.isASCII, let digit = character.wholeNumberValue,
              state.keymap.command(for: key, in: .document) == nil, digit > 0 || state.count != nil else { return nil }
        return digit
    }

    /// The count typed before this key (1 when none), which the key uses up.
    private static func takeCount(_ state: inout AppState) -> Int {
        defer { state.count = nil }
        return state.count ?? 1
    }

    /// A command that reached a handler that does not know it: a bug, said on the status line
    /// instead of being swallowed.
    static func unhandled(_ command: Command, state: inout AppState) -> [Effect] {
        state.message = StatusMessage("\(command.rawValue): not handled here (a bug in Trellis)", isError: true)
        return []
    }
}
