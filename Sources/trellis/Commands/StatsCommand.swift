import ArgumentParser
import TrellisStore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show counts of documents, spans and review progress."
    )

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let database = try project.openDatabase(readOnly: true)
        print(StatsText.render(try database.stats(), path: database.path ?? "database"))
    }
}
