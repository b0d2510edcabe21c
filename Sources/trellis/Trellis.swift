import ArgumentParser
import Foundation
import TrellisStore

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
                      SchemaCommand.self, SampleCommand.self, QualityCommand.self],
        defaultSubcommand: ReviewCommand.self
    )

    /// Parses and runs the command; errors and help are printed through ``StandardError`` and
    /// ``StandardOutput`` (so through ``SafeText``: they quote arguments, files and documents),
    /// with the exit status swift-argument-parser gives them.
    /// A damaged database ends any command with exit status 2 and how to recover the file.
    static func main() {
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(reporting: error)
        }
        do {
            try command.run()
        } catch {
            if StoreMessages.damage(in: error) != nil {
                let path = (command as? any DatabaseCommand)?.databasePath
                StandardError.line("Error: " + StoreMessages.describe(error, path: path))
                Foundation.exit(2)
            }
            exit(reporting: error)
        }
    }

    private static func exit(reporting error: any Error) -> Never {
        let message = fullMessage(for: error)
        let status = exitCode(for: error)
        if !message.isEmpty {
            if status == .success { StandardOutput.line(message) } else { StandardError.line(message) }
        }
        Foundation.exit(status.rawValue)
    }
}
