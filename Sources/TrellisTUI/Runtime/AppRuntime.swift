import TrellisCore
import TrellisModel

/// Runs the app without a terminal: actions go through `reduce`, effects are performed against
/// the store at once (every edit is committed before the next frame), and `frame` renders the
/// off-screen grid. The terminal backend and the tests both drive the app through it. It knows
/// the store only as a ``ReviewStore``; a call that fails puts its message on the status line
/// (a damaged store ends the app).
public final class AppRuntime {
    public private(set) var state: AppState
    /// What the reviewer did in this session, for the line printed on quitting.
    public private(set) var summary = SessionSummary()
    public let store: any ReviewStore
    private var changeToken: ChangeToken?
    /// Whether something was written since the store was last told the reviewer paused.
    private var wroteSinceIdle = false
    /// The document to open first instead of where the reviewer left off (`trellis review --open`).
    private let opening: Int64?
    /// The reviewer's position: moving between spans writes nothing (`pendingPosition` only);
    /// it is saved when they pause (`idle`, `backgroundStep`), open another document, change
    /// something, or leave (`leave`: quit, a signal, a hang-up).
    private var pendingPosition: ReviewerPosition?
    /// The document of the position saved last.
    private var savedDocumentID: Int64?

    public init(store: any ReviewStore, state: AppState, opening: Int64? = nil) {
        self.store = store
        self.opening = opening
        self.state = state
        self.state.readOnly = state.readOnly || store.isReadOnly
        self.state.databaseName = store.displayName
    }

    /// Draws with markers and attributes instead of colours (monochrome terminals, NO_COLOR).
    public func setMonochrome(_ monochrome: Bool) {
        state.monochrome = monochrome
    }

    /// Loads the first screen (the reviewer's queue when they have one), reopening the document
    /// the reviewer was on last time, or opening the one asked for.
    public func start() {
        var resume: ReviewerPosition?
        do {
            try store.beginSession()
            if try store.hasQueue(for: state.reviewer) {
                state.list.filter = DocumentFilter(queueOf: state.reviewer)
            }
            if let opening {
                resume = ReviewerPosition(documentID: opening, spanIndex: 0)
            } else {
                resume = try store.lastPosition(of: state.reviewer)
            }
        } catch {
            report(error)
        }
        guard !state.shouldQuit else { return }
        perform(Reducer.start(state, resume: resume))
        noteChangeToken()
    }

    /// Sends an action through `reduce` and performs the effects it asks for.
    public func send(_ action: Action) {
        let (next, effects) = Reducer.reduce(state, action)
        state = next
        perform(effects)
        if state.shouldQuit { savePosition() }
    }

    /// The screen as it should look now.
    public var frame: Grid { AppView.render(state) }

    /// The screen while a store call waits (for another process's lock).
    public func waitingFrame(seconds: Double) -> Grid {
        var waiting = state
        waiting.message = StatusMessage("waiting for the database: another process holds a lock (\(Int(seconds)) s of \(Int(store.waits.timeout)) s)…", isError: true)
        return AppView.render(waiting)
    }

    /// Whether work waits for a moment without keys (a count of the list's documents).
    public var hasBackgroundWork: Bool { Reducer.backgroundWork(state) != nil }

    /// Does one step of the background work (a few milliseconds), as when no key waits (a
    /// pause: the reviewer's position is saved first).
    public func backgroundStep() {
        savePosition()
        if let effect = Reducer.backgroundWork(state) { perform([effect]) }
    }

    /// Does the background work to its end (a reviewer who waits).
    public func finishBackgroundWork() {
        while hasBackgroundWork { backgroundStep() }
    }

    /// Called when no key came for a moment: saves the reviewer's position if it moved, narrows the
    /// list to the search being typed, lets the store do the work it deferred since the last pause
    /// (keystrokes never wait for it), and refreshes the screen when someone else changed the store.
    public func idle() {
        savePosition()
        if state.list.searchToNarrow { send(.paused) }
        do {
            if wroteSinceIdle {
                wroteSinceIdle = false
                try store.idle()
            }
            let token = try store.changeToken()
            guard token != changeToken else { return }
            changeToken = token
        } catch {
            report(error)
            return
        }
        send(.externalChange)
    }

    /// Saves the reviewer's position if it moved since it was last saved: when they leave (a
    /// signal, a hang-up; quitting by key saves it itself) and whenever they pause.
    public func leave() {
        savePosition()
    }

    private func savePosition() {
        guard let position = pendingPosition else { return }
        pendingPosition = nil
        run(.rememberPosition(position))
        wroteSinceIdle = true
    }

    private func perform(_ effects: [Effect]) {
        var wrote = false
        for effect in effects {
            if case .rememberPosition(let position) = effect {
                // A move within the document whose position is saved waits for a pause.
                guard position.documentID != savedDocumentID else {
                    pendingPosition = position
                    continue
                }
                savedDocumentID = position.documentID
                pendingPosition = nil
            }
            wrote = wrote || effect.writes
            run(effect)
        }
        if wrote {
            // A change is written anyway: where the reviewer made it goes with it.
            savePosition()
            noteChangeToken()
            wroteSinceIdle = true
        }
    }

    private func run(_ effect: Effect) {
        let outcome = EffectRunner(store: store, reviewer: state.reviewer).run(effect)
        summary.record(effect, outcome: outcome)
        for action in outcome {
            send(action)
        }
    }

    /// Remembers the store's change token, so that only changes made after now (by others)
    /// refresh the screen.
    private func noteChangeToken() {
        do {
            changeToken = try store.changeToken()
        } catch {
            report(error)
        }
    }

    /// Puts a failed call's message on the status line (or ends the app, for a damaged store).
    private func report(_ error: ReviewStoreError) {
        send(EffectRunner.action(for: error))
    }
}

extension Effect {
    /// Whether the effect writes to the store.
    var writes: Bool {
        switch self {
        case .saveEdit, .undo, .redo, .review, .revert, .adjudicate, .rememberPosition: true
        default: false
        }
    }
}
