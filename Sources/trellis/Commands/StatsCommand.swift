import ArgumentParser
import TrellisStore

struct StatsCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show documents, spans and review progress: per stage, per reviewer, mean ratings, activity per day."
    )

    @OptionGroup var project: ProjectOptions

    func run() throws {
        let database = try project.openDatabase(readOnly: true)
        StandardOutput.line(StatsText.render(try database.stats(), reviews: try database.reviewStats(), path: database.path ?? "database"))
    }
}
