import ArgumentParser
import Foundation
import TrellisCore
import TrellisStore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a JSONL file or a database against the tag schema.",
        discussion: """
            Prints every problem with its place: FILE:LINE:COLUMN for files, DB: id @offset (line:column
            in the text) for databases; at most \(ProblemLimit.perLine) per line or document, then how many more. A file is
            checked by the rules import applies (repeated ids too), and with --db DB also against the
            documents DB holds. Exit status 0 when everything is valid, 1 otherwise.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: ArgumentHelp("JSONL files or Trellis databases (default: --db, else the sample database).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Skip lines longer than this many bytes.", valueName: "bytes"))
    var maxLineBytes = 16 << 20

    func run() throws {
        var targets = paths
        if targets.isEmpty { targets = [try project.db ?? SampleDatabase.userCopy()] }
        // With files to check, `--db` names the database they would be imported into.
        let importTarget = paths.isEmpty ? nil : try project.db.flatMap { path in
            FileManager.default.fileExists(atPath: path) ? try project.openDatabase(readOnly: true) : nil
        }
        var failed = false
        for path in targets {
            guard FileManager.default.fileExists(atPath: path) || path == "-" else {
                throw CLIError("no such file: \(path)")
            }
            let clean: Bool
            if FileInput.isSQLite(path) {
                clean = try validateDatabase(path)
            } else if let format = ExportValidator.detectFormat(of: path), [.brat, .csv, .controlTokens].contains(format) {
                clean = try validateExport(path, format: format)
            } else {
                clean = try validateFile(path, against: importTarget)
            }
            failed = failed || !clean
        }
        if failed { throw ExitCode(1) }
    }

    private func validateFile(_ path: String, against database: AppDatabase?) throws -> Bool {
        try project.checkGivenFiles(database: database)
        let validator = FileValidator(schema: try project.loadSchema(database: database), database: database, maxLineBytes: maxLineBytes)
        let summary = try validator.run(path: path) { print($0.formatted(file: path)) }
        print("\(path): \(summary.documents) documents checked, \(summary.withProblems) with problems, \(summary.problems) problems")
        return summary.problems == 0
    }

    private func validateExport(_ path: String, format: ExportFormat) throws -> Bool {
        try project.checkGivenFiles(database: nil)
        let problems = try ExportValidator.problems(at: path, format: format, schema: try project.loadSchema(database: nil))
        problems.forEach { print($0) }
        print("\(path): \(format.rawValue) export, \(problems.count) problems")
        return problems.isEmpty
    }

    private func validateDatabase(_ path: String) throws -> Bool {
        let database = try AppDatabase.open(path: path, readOnly: true)
        try project.checkGivenFiles(database: database)
        let schema = try project.loadSchema(database: database)
        let validator = Validator(schema: schema)
        var documents = 0, bad = 0, problems = 0
        try database.forEachDocument { document in
            documents += 1
            let annotated = document.annotated
            let violations = validator.violations(in: annotated)
            if !violations.isEmpty { bad += 1 }
            problems += violations.count
            // At most `ProblemLimit.perLine` in full, placed in one pass over the text.
            let shown = Array(violations.prefix(ProblemLimit.perLine))
            let positions = TextPosition.positions(of: shown.map(\.range.lowerBound), in: annotated.scalars)
            for (violation, position) in zip(shown, positions) {
                print("\(path): \(document.record.externalId) @\(violation.range.lowerBound) (\(position)): \(violation.kind.rawValue): \(violation.message)")
            }
            if violations.count > shown.count {
                print("\(path): \(document.record.externalId): \(ProblemLimit.more(violations.count - shown.count, "in this document"))")
            }
        }
        print("\(path): \(documents) documents checked, \(bad) with problems, \(problems) problems")
        return problems == 0
    }
}
