import ArgumentParser
import Foundation
import TrellisCore
import TrellisStore

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import documents from JSONL (tagged text, or text plus offset spans).",
        discussion: """
            Every bad line is reported as FILE:LINE:COLUMN: message, and the good lines import.
            Re-importing a file changes nothing; a changed document is reported and kept unless
            --replace-changed is given. Exit status: 0 all imported, 1 some lines not imported,
            2 the import could not run.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: ArgumentHelp("JSONL files to import (- reads standard input).", valueName: "file"))
    var files: [String]

    @Flag(help: "Replace stored documents whose content changed (the old version stays in history).")
    var replaceChanged = false

    @Option(help: ArgumentHelp("Reject lines longer than this many bytes.", valueName: "bytes"))
    var maxLineBytes = 16 << 20

    @Option(help: ArgumentHelp("Documents per transaction.", valueName: "n"))
    var batchSize = 1000

    @Flag(help: "Print no progress indicator.")
    var quiet = false

    func run() throws {
        do {
            try importFiles()
        } catch let exit as ExitCode {
            throw exit
        } catch let usage as ValidationError {
            throw usage
        } catch {
            StandardError.line("Error: \(StoreMessages.describe(error))")
            throw ExitCode(2)
        }
    }

    private func importFiles() throws {
        guard let path = project.db else {
            throw ValidationError("import needs --db PATH (the database is created if it does not exist)")
        }
        // A database that does not exist yet is built aside and moved into place at the end,
        // with whatever imported before an error, as an existing database keeps it.
        let exists = FileManager.default.fileExists(atPath: path)
        // A broken --schema or --rubric stops the import before a new database is begun.
        if !exists { try project.checkGivenFiles(database: nil) }
        let build = exists ? nil : try NewDatabaseBuild(path: path)
        let outcome = Result { try importFiles(into: build?.database ?? AppDatabase.open(path: path)) }
        do {
            try build?.finish()
        } catch {
            build?.abandon()
            throw error
        }
        if try outcome.get() { throw ExitCode(1) }
    }

    /// Imports every file in turn; returns whether any line was not imported.
    private func importFiles(into database: AppDatabase) throws -> Bool {
        try project.checkGivenFiles(database: database)
        let schema = try project.loadSchema(database: database)
        let options = ImportOptions(onChanged: replaceChanged ? .replace : .keep, batchSize: max(1, batchSize), maxLineBytes: maxLineBytes)
        let importer = Importer(database: database, schema: schema, options: options, reviewer: try project.actingReviewer(database: database))
        var anyRejected = false
        for file in files {
            let progress = ProgressLine(enabled: StandardError.isTerminal && !quiet, label: "importing \(file)")
            let summary = try importer.run(
                path: file,
                onProblem: { problem in
                    progress.clear()
                    StandardError.line(problem.formatted(file: file))
                },
                onProgress: { update in
                    progress.show(done: update.bytesRead, total: update.totalBytes, detail: "\(update.linesRead) lines")
                })
            progress.clear()
            print(ImportSummaryText.render(summary, file: file))
            anyRejected = anyRejected || summary.hasRejections
        }
        return anyRejected
    }
}
