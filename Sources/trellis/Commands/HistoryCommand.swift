import ArgumentParser
import TrellisStore

struct HistoryCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Print every change of a document: who, when, what, before → after.",
        discussion: "Revert to any point from the review screen (H), or with --revert-to ENTRY."
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: ArgumentHelp("The document's id.", valueName: "id"))
    var document: String

    @Option(help: ArgumentHelp("Put the document back as it was right after this history entry (0: as imported).", valueName: "entry"))
    var revertTo: Int64?

    func run() throws {
        let database = try project.openDatabase(readOnly: revertTo == nil)
        guard let stored = try database.document(externalID: document) else { throw CLIError("no document with id \"\(document)\"") }
        if let revertTo {
            _ = try database.revert(document: stored.record.id, toEntry: revertTo, by: try project.actingReviewer(database: database), schema: try project.loadSchema(database: database))
            StandardOutput.line("reverted \(document) to the state after #\(revertTo)")
        }
        // A reviewer reviewing the document blind sees only their own changes.
        let items = try database.history(of: stored.record.id, viewer: try project.actingReviewer(database: database))
        if items.isEmpty { StandardOutput.line("\(document): no changes since import") }
        for item in items {
            StandardOutput.line("#\(item.id)  \(item.at)  \(item.reviewer)  \(item.action)  \(item.summary)")
        }
    }
}
