import ArgumentParser
import Foundation
import TrellisCore
import TrellisStore

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a JSONL file, an export or a database against the tag schema.",
        discussion: """
            Prints every problem with its place: FILE:LINE:COLUMN for files, DB: id @offset (line:column
            in the text) for databases. An export is checked by its format's rules; the format is the
            one --format gives, else the one its manifest (PATH.manifest.json) names, else recognised
            from the content. Exit status 0 when everything is valid, 1 otherwise.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: ArgumentHelp("JSONL files or Trellis databases (default: --db, else the sample database).", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("Skip lines longer than this many bytes.", valueName: "bytes"))
    var maxLineBytes = 16 << 20

    @Option(help: "Check the files as exports of this format: train, control-tokens, eval, brat or csv.")
    var format: ExportFormat?

    func run() throws {
        var targets = paths
        if targets.isEmpty { targets = [try project.db ?? SampleDatabase.userCopy()] }
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
            } else if let format = format ?? ExportValidator.detectFormat(of: path), format != .train {
                clean = try validateExport(path, format: format)
            } else if isDirectory.boolValue {
                StandardOutput.line("\(path): a folder, but not a brat export (it has no annotation.conf); nothing to validate")
                clean = false
            } else if let binary = FileInput.binaryContent(path) {
                StandardOutput.line("\(path): neither a JSONL file nor a Trellis database (\(binary)); nothing to validate")
                clean = false
            } else {
                // Import files, and train exports: whole documents, held to every rule of the schema.
                clean = try validateFile(path)
            }
            failed = failed || !clean
        }
        if damaged { throw ExitCode(2) }
        if failed { throw ExitCode(1) }
    }

    private func validateFile(_ path: String) throws -> Bool {
        let schema = try project.loadSchema(database: nil)
        let validator = LineValidator(schema: schema)
        let reader = try LineReader(path: path, maxLineBytes: maxLineBytes)
        var lines = 0, bad = 0, problems = 0
        try reader.forEachLine { event in
            switch event {
            case .tooLong(let number, let byteCount):
                lines += 1
                bad += 1
                problems += 1
                StandardOutput.line(ImportProblem(line: number, column: 1, message: "line is \(byteCount) bytes, over the limit of \(maxLineBytes) bytes (--max-line-bytes)").formatted(file: path))
            case .line(let number, let bytes):
                guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
                lines += 1
                let found = validator.problems(in: bytes, lineNumber: number)
                if !found.isEmpty { bad += 1 }
                problems += found.count
                found.forEach { StandardOutput.line($0.formatted(file: path)) }
            }
        }
        let manifestProblems = path == "-" ? [] : try ManifestCheck.problems(forExportAt: path)
        manifestProblems.forEach { StandardOutput.line($0) }
        problems += manifestProblems.count
        StandardOutput.line("\(path): \(lines) documents checked, \(bad) with problems, \(problems) problems")
        return problems == 0
    }

    private func validateExport(_ path: String, format: ExportFormat) throws -> Bool {
        let problems = try ExportValidator.problems(at: path, format: format, schema: try project.loadSchema(database: nil))
            + ManifestCheck.problems(forExportAt: path)
        problems.forEach { StandardOutput.line($0) }
        StandardOutput.line("\(path): \(format.rawValue) export, \(problems.count) problems")
        return problems.isEmpty
    }

    /// Checks the file with SQLite's `PRAGMA integrity_check` (a damaged one throws
    /// `StoreError.damaged`), then every document against the schema.
    private func validateDatabase(_ path: String) throws -> Bool {
        let database: AppDatabase
        do {
            let integrity = try AppDatabase.integrityProblems(at: path)
            if !integrity.isEmpty {
                integrity.forEach { StandardOutput.line("\(path): integrity_check: \($0)") }
                throw StoreError.damaged(path: path, detail: "PRAGMA integrity_check: \(integrity[0])")
            }
            database = try AppDatabase.open(path: path, readOnly: true)
        } catch {
            if StoreMessages.damage(in: error) != nil { throw error }
            throw CLIError(FileInput.cannotOpen(path, error))
        }
        let schema = try project.loadSchema(database: database)
        let validator = Validator(schema: schema)
        var documents = 0, bad = 0, problems = 0
        try database.forEachDocument { document in
            documents += 1
            let annotated = document.annotated
            let violations = validator.violations(in: annotated)
            if !violations.isEmpty { bad += 1 }
            problems += violations.count
            for violation in violations {
                let position = TextPosition(offset: violation.range.lowerBound, in: annotated.scalars)
                StandardOutput.line("\(path): \(document.record.externalId) @\(violation.range.lowerBound) (\(position)): \(violation.kind.rawValue): \(violation.message)")
            }
        }
        StandardOutput.line("\(path): \(documents) documents checked, \(bad) with problems, \(problems) problems")
        return problems == 0
    }
}
