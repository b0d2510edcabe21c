import ArgumentParser
import Foundation
import TrellisCore
import TrellisStore

struct QualityCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality",
        abstract: "Measure the rewriters against the gold: F1, errors by kind, confusion, boundary shifts, effort.",
        discussion: """
            Over the reviewed documents (approved as a whole, or every span decided, as they are now), \
            the machine's version as imported is compared with the gold, per rewriter (--by rewriter, \
            stage, rewriter,stage or meta.KEY). Every proportion comes with a Wilson interval, F1 with a \
            bootstrap interval over documents (fixed seed), each with the documents behind it. \
            --audit NAME estimates over an audit's documents only, weighting its strata by their size in \
            the corpus; --accept FILE checks thresholds per group and exits 0 when every group judged \
            meets them, 1 when one does not (or none could be judged), 2 on any error. See \
            docs/quality.md.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: ArgumentHelp("Group by these fields, comma-separated: rewriter, stage, meta.KEY.", valueName: "fields"))
    var by = "rewriter"

    @Option(parsing: .singleValue, help: ArgumentHelp("Only this curriculum stage (repeatable).", valueName: "n"))
    var stage: [Int] = []

    @Option(help: ArgumentHelp("Estimate over this audit's documents only (trellis sample --name), weighted by stratum.", valueName: "name"))
    var audit: String?

    @Option(help: ArgumentHelp("Acceptance thresholds (a JSON file, see docs/quality.md): a verdict per group; exit 1 unless all are met.", valueName: "file"))
    var accept: String?

    @Option(help: ArgumentHelp("How many of the worst documents to list.", valueName: "n"))
    var worst = 10

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    @Option(help: ArgumentHelp("Also write the report as one self-contained HTML page with charts.", valueName: "file"))
    var html: String?

    func validate() throws {
        guard worst >= 0 else { throw ValidationError("--worst must be 0 or more") }
        do {
            guard !(try StratumField.list(by)).isEmpty else { throw ValidationError("--by needs a field: rewriter, stage or meta.KEY") }
        } catch let error as StratumFieldError {
            throw ValidationError(error.description)
        }
    }

    /// With --accept, exit status 1 means "not accepted" only: any error exits 2 (a damaged
    /// database does anyway), so that a pipeline never takes a typo for a verdict.
    func run() throws {
        guard accept != nil else { return try measure() }
        do {
            try measure()
        } catch let exit as ExitCode {
            throw exit
        } catch where StoreMessages.damage(in: error) == nil {
            StandardError.line(Trellis.fullMessage(for: error))
            throw ExitCode(2)
        }
    }

    private func measure() throws {
        let rules = try accept.map { try AcceptanceRules.load(file: $0, bytes: try FileInput.bytes(of: $0)) }
        // Writable when the file is, so that the report keeps each document's figures for the
        // next one (`QualityCache`); a read-only file is measured all the same, from scratch.
        let database = try project.openDatabase()
        let options = QualityOptions(fields: try StratumField.list(by), confidence: rules?.confidence ?? 0.95, worst: worst,
                                     stages: stage.isEmpty ? nil : Set(stage), audit: audit)
        let report = try database.qualityReport(options)
        let verdicts = rules?.judge(report)
        let databaseName = (database.path ?? "database").split(separator: "/").last.map(String.init) ?? "database"
        if let html {
            try QualityPage.write(QualityPage.render(report, verdicts: verdicts, database: databaseName), to: html)
        }
        if json {
            StandardOutput.line(QualityJSON.render(report, verdicts: verdicts))
        } else {
            StandardOutput.line(QualityText.render(report, verdicts: verdicts, database: databaseName))
        }
        if let verdicts, verdicts.contains(where: { $0.checks.contains { $0.verdict != .met } }) || verdicts.isEmpty {
            throw ExitCode(1)
        }
    }
}
