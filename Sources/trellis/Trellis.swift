import ArgumentParser

@main
struct Trellis: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trellis",
        abstract: "Review machine-rewritten training documents and turn their mode spans into gold data.",
        discussion: """
            Run with no arguments to open the bundled sample database (a copy in your data directory).
            Documentation: README.md and docs/ in the Trellis repository.
            """,
        version: "0.1.0",
        subcommands: [ReviewCommand.self, ImportCommand.self, ValidateCommand.self, StatsCommand.self, HistoryCommand.self, ExportCommand.self,
                      ReviewersCommand.self, AssignCommand.self, AdjudicateCommand.self, AgreementCommand.self, GenCommand.self,
                      SchemaCommand.self, SampleCommand.self],
        defaultSubcommand: ReviewCommand.self
    )
}
