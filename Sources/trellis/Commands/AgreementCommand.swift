import ArgumentParser
import Foundation
import TrellisCore
import TrellisStore

struct AgreementCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "agreement",
        abstract: "Measure agreement between reviewers who reviewed the same documents independently.",
        discussion: """
            Per reviewer pair, mode and stage: exact and overlap F1 of spans, Krippendorff's unitizing
            alpha, per-character Cohen's kappa; Fleiss' kappa when three or more reviewers share
            documents; ordinal Krippendorff's alpha of each rating dimension; a confusion matrix of
            modes; the documents with the worst agreement. See docs/team.md.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    @Option(help: ArgumentHelp("How many of the worst documents to list.", valueName: "n"))
    var worst = 10

    func run() throws {
        // Writable when the file is, so that the report keeps its sums for the next one
        // (`AgreementCache`); a read-only file is measured all the same, everything compared.
        let database = try project.openDatabase()
        let schema = try project.loadSchema(database: database)
        let report = try database.agreementReport(rubric: try project.loadRubric(schema: schema, database: database), worst: worst)
        StandardOutput.line(json ? AgreementText.json(report) : AgreementText.tables(report))
    }
}
