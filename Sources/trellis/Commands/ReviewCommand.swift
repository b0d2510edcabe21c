import ArgumentParser
import Foundation
import TrellisStore
import TrellisTerminal
import TrellisTUI

struct ReviewCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Review documents in the terminal (default: a copy of the sample database in your data directory).",
        discussion: """
            Keys: press ? in the app, or see docs/keys.md. Every change is written to the database
            the moment it is made. Without a terminal (in a pipe), prints the database's stats instead.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: ArgumentHelp("The database to review (same as --db).", valueName: "db"))
    var database: String?

    @Option(help: ArgumentHelp("A keymap file overriding the default keys (default: ~/.config/trellis/keymap.json if present).", valueName: "file"))
    var keymap: String?

    @Flag(help: "Use markers and attributes instead of colours (also when NO_COLOR is set).")
    var monochrome = false

    @Flag(help: "Start again from a fresh copy of the sample database.")
    var resetSample = false

    @Option(help: ArgumentHelp("Open this document (its id, as trellis quality lists it) instead of where you left off.", valueName: "id"))
    var open: String?

    @Flag(help: "Stay on a span after approving or rejecting it (by default the cursor goes on to the next undecided span, and after a document's decision to the next document with one).")
    var noAdvance = false

    @Option(help: ArgumentHelp("The widest the document's text is laid out, in columns (default \(AppState.readableTextWidth); 0: the whole terminal).", valueName: "columns"))
    var textWidth: Int = AppState.readableTextWidth

    var databasePath: String { database ?? project.databasePath }

    func validate() throws {
        guard textWidth >= 0 else { throw ValidationError("--text-width must be 0 (the whole terminal) or a number of columns, not \(textWidth)") }
    }

    func run() throws {
        var options = project
        options.db = try database ?? project.db ?? SampleDatabase.userCopy(reset: resetSample)
        let opened = try options.openDatabase()
        // Every configuration file is checked first, terminal or not.
        let schema = try options.loadSchema(database: opened)
        let keys = try KeymapFiles.load(override: keymap)
        let rubric = try options.loadRubric(schema: schema, reservedKeys: keys.reservedDocumentKeys, database: opened)
        let opening = try open.map { id in
            guard let found = try opened.documentID(named: id) else { throw CLIError("no document with id \(id) in \(opened.path ?? "the database")") }
            return found
        }
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            StandardOutput.line(StatsText.render(try opened.stats(), path: opened.path ?? "database"))
            StandardOutput.line("\n(not a terminal: run `trellis review` in a terminal to review)")
            return
        }
        var state = AppState(
            size: ScreenSize(rows: 24, cols: 80), schema: schema, rubric: rubric, keymap: keys,
            reviewer: try options.actingReviewer(database: opened), readOnly: opened.isReadOnly)
        state.autoAdvance = !noAdvance
        state.textWidth = textWidth > 0 ? textWidth : nil
        let runtime = AppRuntime(store: SQLiteReviewStore(database: opened, schema: schema), state: state, opening: opening)
        let started = ContinuousClock.now
        let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        let signal = try TerminalSession.run(runtime, forceMonochrome: monochrome || noColor)
        StandardOutput.line(runtime.summary.report(seconds: Int((ContinuousClock.now - started).components.seconds)))
        if let signal { throw ExitCode(128 + signal) }
        if let reason = runtime.state.stoppedBecause {
            StandardError.line("Error: \(reason)")
            throw ExitCode(2)
        }
        if let message = runtime.state.message, message.isError {
            StandardError.line("last message: \(message.text)")
        }
    }
}
