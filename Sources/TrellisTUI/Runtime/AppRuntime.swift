import TrellisCore
import TrellisStore

/// Runs the app without a terminal: actions go through `reduce`, effects are performed against
/// the database at once (every edit is committed before the next frame), and `frame` renders
/// the off-screen grid. The terminal backend and the tests both drive the app through it.
public final class AppRuntime {
    public private(set) var state: AppState
    public let database: AppDatabase
    private var changeToken: String?
    /// Whether something was written since the last checkpoint.
    private var uncheckpointed = false
    /// The reviewer's position: moving between spans writes nothing (`pendingPosition` only);
    /// it is saved when they pause (`idle`, `backgroundStep`), open another document or leave
    /// (`leave`: quit, a signal, a hang-up).
    private var pendingPosition: (documentID: Int64, spanIndex: Int)?
    /// The document of the position saved last.
    private var savedDocumentID: Int64?

    public init(database: AppDatabase, state: AppState) {
        self.database = database
        self.state = state
        self.state.readOnly = state.readOnly || database.isReadOnly
        if let path = database.path { self.state.databaseName = path.split(separator: "/").last.map(String.init) ?? path }
    }

    /// Draws with markers and attributes instead of colours (monochrome terminals, NO_COLOR).
    public func setMonochrome(_ monochrome: Bool) {
        state.monochrome = monochrome
    }

    /// Loads the first screen (the reviewer's queue when they have one), reopening the document
    /// the reviewer was on last time.
    public func start() {
        if (try? database.hasQueue(for: state.reviewer)) == true {
            state.list.filter = DocumentFilter(queueOf: state.reviewer)
        }
        try? database.deferCheckpoints()
        let resume = try? database.lastPosition(of: state.reviewer)
        perform(Reducer.start(state, resume: resume))
        changeToken = try? database.changeToken()
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

    /// The screen while a database call waits for another process's lock.
    public func waitingFrame(seconds: Double) -> Grid {
        var waiting = state
        waiting.message = StatusMessage("waiting for the database: another process holds a lock (\(Int(seconds)) s of \(Int(AppDatabase.busyTimeout)) s)…", isError: true)
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

    /// Called when no key came for a moment: checkpoints what this session wrote since the last
    /// pause (keystrokes never wait for it), and refreshes the screen when another process
    /// changed the database.
    public func idle() {
        savePosition()
        if uncheckpointed {
            uncheckpointed = false
            try? database.checkpoint()
        }
        guard let token = try? database.changeToken(), token != changeToken else { return }
        changeToken = token
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
        run(.rememberPosition(documentID: position.documentID, spanIndex: position.spanIndex))
        uncheckpointed = true
    }

    private func perform(_ effects: [Effect]) {
        var wrote = false
        for effect in effects {
            if case .rememberPosition(let documentID, let spanIndex) = effect {
                // A move within the document whose position is saved waits for a pause.
                guard documentID != savedDocumentID else {
                    pendingPosition = (documentID, spanIndex)
                    continue
                }
                savedDocumentID = documentID
                pendingPosition = nil
            }
            wrote = wrote || effect.writes
            run(effect)
        }
        if wrote {
            changeToken = try? database.changeToken()
            uncheckpointed = true
        }
    }

    private func run(_ effect: Effect) {
        for action in EffectRunner(database: database, reviewer: state.reviewer, schema: state.schema).run(effect) {
            send(action)
        }
    }
}

extension Effect {
    /// Whether the effect writes to the database.
    var writes: Bool {
        switch self {
        case .saveEdit, .undo, .redo, .review, .revert, .adjudicate, .rememberPosition: true
        default: false
        }
    }
}
