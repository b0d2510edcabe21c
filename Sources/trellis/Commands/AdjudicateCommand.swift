import ArgumentParser
import TrellisStore

struct AdjudicateCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "adjudicate",
        abstract: "Accept the documents on which all independent reviewers agree.",
        discussion: """
            Documents whose independent versions have exactly the same spans, each approved by its
            reviewer, become adjudicated with those spans and the median of the ratings. Resolve the
            others in the review screen (V on a document with several versions). Needs the
            adjudicator or admin role.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Accept every document on which the reviewers agree.")
    var auto = false

    func validate() throws {
        if !auto { throw ValidationError("pass --auto (documents that need a decision are adjudicated in the review screen)") }
    }

    func run() throws {
        let database = try project.openDatabase()
        let schema = try project.loadSchema(database: database)
        do {
            let accepted = try database.autoAdjudicate(by: try project.actingReviewer(database: database), schema: schema)
            StandardOutput.line("\(accepted.count) document\(accepted.count == 1 ? "" : "s") accepted" + (accepted.isEmpty ? "" : ": " + accepted.joined(separator: ", ")))
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
    }
}
