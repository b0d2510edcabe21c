import ArgumentParser
import Foundation
import TrellisCore
import TrellisStore

struct ImportCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import documents from JSONL, Label Studio, brat, CoNLL/IOB or spaCy files.",
        discussion: """
            The format is detected from the content, or named with --from (see docs/formats.md).
            Every bad line is reported as FILE:LINE:COLUMN: message, and the good lines import.
            Re-importing a file changes nothing; a changed document is reported and kept unless
            --replace-changed is given. Each document's spans are also kept as the machine's version,
            never edited, with its rewriter: meta.rewriter, else --rewriter, else the file's name. Exit status: 0 all imported, 1 some lines not imported,
            2 the import could not run.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Argument(help: ArgumentHelp("Files (or brat folders) to import (- reads standard input).", valueName: "file"))
    var files: [String]

    @OptionGroup var input: ImportFormatOption

    @Flag(help: "Replace stored documents whose content changed (the old version stays in history).")
    var replaceChanged = false

    @Option(help: ArgumentHelp("Reject lines longer than this many bytes.", valueName: "bytes"))
    var maxLineBytes = 16 << 20

    @Option(help: ArgumentHelp("Documents per transaction.", valueName: "n"))
    var batchSize = 1000

    @Option(help: ArgumentHelp("Who wrote the spans of documents whose meta names no rewriter (default: the file's name).", valueName: "name"))
    var rewriter: String?

    @Flag(help: "Print no progress indicator.")
    var quiet = false

    func validate() throws {
        if let rewriter, let why = VisibleText.identifierProblem(rewriter) { throw ValidationError("--rewriter \(why)") }
    }

    func run() throws {
        guard let path = project.db else {
            throw ValidationError("import needs --db PATH (the database is created if it does not exist)")
        }
        let anyRejected: Bool
        do {
            // A broken --schema or --rubric stops the import before a new database is begun.
            anyRejected = try ImportDestination.importing(into: path, beforeCreating: { try project.checkGivenFiles(database: nil) }, importFiles)
        } catch let usage as ValidationError {
            throw usage
        } catch {
            StandardError.line("Error: \(StoreMessages.describe(error, path: path))")
            throw ExitCode(2)
        }
        if anyRejected { throw ExitCode(1) }
    }

    /// Imports every file in turn, printing problems, progress and summaries; returns whether any
    /// line was not imported.
    private func importFiles(into database: AppDatabase) throws -> Bool {
        try project.checkGivenFiles(database: database)
        let schema = try project.loadSchema(database: database)
        let options = ImportOptions(onChanged: replaceChanged ? .replace : .keep, batchSize: max(1, batchSize), maxLineBytes: maxLineBytes, rewriter: rewriter)
        let importer = Importer(database: database, schema: schema, options: options, reviewer: try project.actingReviewer(database: database))
        var anyRejected = false
        for file in files {
            let progress = ProgressLine(enabled: StandardError.isTerminal && !quiet, label: "importing \(file)")
            defer { progress.clear() }
            let summary = try importer.run(
                path: file,
                format: input.format,
                onProblem: { problem in
                    progress.clear()
                    StandardError.line(problem.formatted(file: file))
                },
                onProgress: { update in
                    progress.show(done: update.bytesRead, total: update.totalBytes, detail: "\(update.linesRead) lines")
                })
            progress.clear()
            StandardOutput.line(ImportSummaryText.render(summary, file: file))
            anyRejected = anyRejected || summary.hasRejections
        }
        return anyRejected
    }
}
