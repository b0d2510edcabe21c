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
    /// The document to open first instead of where the reviewer left off (`trellis review --open`).
    private let opening: Int64?

    public init(database: AppDatabase, state: AppState, opening: Int64? = nil) {
        self.database = database
        self.opening = opening
        self.state = state
        self.state.readOnly = state.readOnly || database.isReadOnly
        if let path = database.path { self.state.databaseName = path.split(separator: "/").last.map(String.init) ?? path }
    }

    /// Draws with markers and attributes instead of colours (monochrome terminals, NO_COLOR).
    public func setMonochrome(_ monochrome: Bool) {
        state.monochrome = monochrome
    }

    /// Loads the first screen (the reviewer's queue when they have one), reopening the document
    /// the reviewer was on last time, or opening the one asked for.
    public func start() {
        if (try? database.hasQueue(for: state.reviewer)) == true {
            state.list.filter = DocumentFilter(queueOf: state.reviewer)
        }
        try? database.deferCheckpoints()
        let resume = opening.map { (documentID: $0, spanIndex: 0) } ?? (try? database.lastPosition(of: state.reviewer)) ?? nil
        perform(Reducer.start(state, resume: resume))
        changeToken = try? database.changeToken()
    }

    /// Sends an action through `reduce` and performs the effects it asks for.
    public func send(_ action: Action) {
        let (next, effects) = Reducer.reduce(state, action)
        state = next
        perform(effects)
    }

    /// The screen as it should look now.
    public var frame: Grid { AppView.render(state) }

    /// The screen while a database call waits for another process's lock.
    public func waitingFrame(seconds: Double) -> Grid {
        var waiting = state
        waiting.message = StatusMessage("waiting for the database: another process holds a lock (\(Int(seconds)) s of \(Int(AppDatabase.busyTimeout)) s)…", isError: true)
        return AppView.render(waiting)
    }

    /// Called when no key came for a moment: checkpoints what this session wrote since the last
    /// pause (keystrokes never wait for it), and refreshes the screen when another process
    /// changed the database.
    public func idle() {
        if uncheckpointed {
            uncheckpointed = false
            try? database.checkpoint()
        }
        guard let token = try? database.changeToken(), token != changeToken else { return }
        changeToken = token
        send(.externalChange)
    }

    private func perform(_ effects: [Effect]) {
        for effect in effects {
            for action in EffectRunner(database: database, reviewer: state.reviewer, schema: state.schema).run(effect) {
                send(action)
            }
        }
        if effects.contains(where: \.writes) {
            changeToken = try? database.changeToken()
            uncheckpointed = true
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
