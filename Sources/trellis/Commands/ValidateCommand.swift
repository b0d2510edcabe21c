import ArgumentParser
import Foundation
import TrellisCore
import TrellisStore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check an input file (JSONL, Label Studio, brat, CoNLL, spaCy), an export or a database against the tag schema.",
        discussion: """
            Prints every problem with its place: FILE:LINE:COLUMN for files, DB: id @offset (line:column
            in the text) for databases; at most \(ProblemLimit.perLine) per line or document, then how many more. A file is
            checked by the rules import applies (repeated ids too), and with --db DB also against the
            documents DB holds. An input's format is detected from the content, or named with --from.
            An export is checked by its format's rules; the format is the one --format gives, else the
            one its manifest (PATH.manifest.json) names, else recognised from the content.
            Exit status 0 when everything is valid, 1 otherwise.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: ArgumentHelp("Input files, brat folders, exports or Trellis databases (default: --db, else the sample database).", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var input: ImportFormatOption

    @Option(help: ArgumentHelp("Skip lines longer than this many bytes.", valueName: "bytes"))
    var maxLineBytes = 16 << 20

    @Option(help: "Check the files as exports of this format: train, control-tokens, eval, brat, csv or hf.")
    var format: ExportFormat?

    func run() throws {
        var targets = paths
        if targets.isEmpty { targets = [try project.db ?? SampleDatabase.userCopy()] }
        // With files to check, `--db` names the database they would be imported into.
        let importTarget = paths.isEmpty ? nil : try project.db.flatMap { path in
            FileManager.default.fileExists(atPath: path) ? try project.openDatabase(readOnly: true) : nil
        }
        var failed = false
        var damaged = false
        for path in targets {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) || path == "-" else {
                throw CLIError("no such file: \(path)")
            }
            let clean: Bool
            if format == nil, FileInput.isSQLite(path) {
                do {
                    clean = try validateDatabase(path)
                } catch where StoreMessages.damage(in: error) != nil {
                    StandardError.line("Error: " + StoreMessages.describe(error, path: path))
                    damaged = true
                    continue
                }
            } else if let format = format ?? (input.format == nil ? ExportValidator.detectFormat(of: path) : nil), format != .train || isDirectory.boolValue {
                clean = try validateExport(path, format: format)
            } else if !isDirectory.boolValue, let binary = FileInput.binaryContent(path) {
                StandardOutput.line("\(path): neither a JSONL file nor a Trellis database (\(binary)); nothing to validate")
                clean = false
            } else {
                // Inputs to import, and train exports: whole documents, held to every rule of the schema.
                clean = try validateInput(path, against: importTarget)
            }
            failed = failed || !clean
        }
        if damaged { throw ExitCode(2) }
        if failed { throw ExitCode(1) }
    }

    /// Checks an input to import (JSONL, or another tool's format) by the rules import applies.
    private func validateInput(_ path: String, against database: AppDatabase?) throws -> Bool {
        let input: ImportInput
        do {
            input = try ImportInput.open(path: path, format: self.input.format, maxRecordBytes: maxLineBytes)
        } catch let error as ImportError {
            StandardOutput.line("\(error)")
            return false
        }
        try project.checkGivenFiles(database: database)
        let validator = FileValidator(schema: try project.loadSchema(database: database), database: database, maxLineBytes: maxLineBytes)
        var summary = try validator.run(input) { StandardOutput.line($0.formatted(file: path)) }
        let manifestProblems = path == "-" ? [] : try ManifestCheck.problems(forExportAt: path)
        manifestProblems.forEach { StandardOutput.line($0) }
        summary.problems += manifestProblems.count
        StandardOutput.line(summary.line(for: path + (input.format == .jsonl ? "" : " (\(input.format.title))")))
        return summary.problems == 0
    }

    private func validateExport(_ path: String, format: ExportFormat) throws -> Bool {
        try project.checkGivenFiles(database: nil)
        let problems = try ExportValidator.problems(at: path, format: format, schema: try project.loadSchema(database: nil))
            + ManifestCheck.problems(forExportAt: path)
        problems.forEach { StandardOutput.line($0) }
        StandardOutput.line("\(path): \(format.rawValue) export, \(problems.count) problems")
        return problems.isEmpty
    }

    /// Checks the file with SQLite's `PRAGMA integrity_check` (a damaged one throws
    /// `StoreError.damaged`), then every document against the schema (`DatabaseValidator`).
    private func validateDatabase(_ path: String) throws -> Bool {
        let database: AppDatabase
        do {
            database = try DatabaseValidator.open(path: path) { StandardOutput.line("\(path): integrity_check: \($0)") }
        } catch {
            if StoreMessages.damage(in: error) != nil { throw error }
            throw CLIError(FileInput.cannotOpen(path, error))
        }
        try project.checkGivenFiles(database: database)
        let summary = try DatabaseValidator(schema: try project.loadSchema(database: database)).run(database, name: path) { StandardOutput.line($0) }
        StandardOutput.line(summary.line(for: path))
        return summary.problems == 0
    }
}
