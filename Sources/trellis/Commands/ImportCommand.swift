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
        do {
            if FileManager.default.fileExists(atPath: path) {
                try importFiles(intoExisting: path)
            } else {
                try importFiles(intoNew: path)
            }
        } catch let exit as ExitCode {
            throw exit
        } catch let usage as ValidationError {
            throw usage
        } catch {
            StandardError.line("Error: \(StoreMessages.describe(error, path: path))")
            throw ExitCode(2)
        }
    }

    /// Imports into an existing database, after checking that it is sound (nothing is written
    /// into a damaged file). A failure part-way leaves the batches committed before it.
    private func importFiles(intoExisting path: String) throws {
        try AppDatabase.requireSound(path: path)
        let database = try AppDatabase.open(path: path)
        let anyRejected: Bool
        do {
            anyRejected = try importFiles(into: database)
        } catch let stop as ImportInterrupted {
            if StoreMessages.damage(in: stop.cause) != nil { throw stop.cause }
            throw CLIError("\(stop.file): \(StoreMessages.reason(stop.cause)). " + Self.committed(stop, in: path)
                + " Run the same import again when that is fixed: documents already in \(path) are skipped as unchanged.")
        }
        if anyRejected { throw ExitCode(1) }
    }

    /// Imports into a database that does not exist yet, built aside and moved into place at the
    /// end. A failure of the disk or the database leaves nothing under `path`; a file that cannot
    /// be read leaves what imported before it, as an existing database keeps it (and nothing, when
    /// that is nothing).
    private func importFiles(intoNew path: String) throws {
        // A broken --schema or --rubric stops the import before a new database is begun.
        try project.checkGivenFiles(database: nil)
        let build: NewDatabaseBuild
        do {
            build = try NewDatabaseBuild(path: path)
        } catch {
            throw CLIError("\(StoreMessages.reason(error)). Nothing was written: \(path) was not created.")
        }
        var wroteDocuments = false
        let anyRejected: Bool
        do {
            anyRejected = try importFiles(into: build.database) { wroteDocuments = wroteDocuments || $0.imported + $0.replaced > 0 }
        } catch let usage as ValidationError {
            build.abandon()
            throw usage
        } catch {
            let stop = error as? ImportInterrupted
            let cause = stop?.cause ?? error
            let storageFailed = StoreMessages.isDatabaseFailure(cause)
            let reason = stop.map { "\($0.file): \(StoreMessages.reason(cause))" } ?? StoreMessages.reason(cause)
            guard !storageFailed, wroteDocuments || stop?.wroteDocuments == true else {
                build.abandon()
                throw CLIError("\(reason). Nothing was written: \(path) was not created.")
            }
            do {
                try build.finish()
            } catch {
                throw CLIError("\(reason); then \(StoreMessages.reason(error)). Nothing was written: \(path) was not created.")
            }
            throw CLIError("\(reason). " + (stop.map { Self.committed($0, in: path) } ?? "\(path) was created with the files imported before it."))
        }
        do {
            try build.finish()
        } catch {
            throw CLIError("\(StoreMessages.reason(error)). Nothing was written: \(path) was not created.")
        }
        if anyRejected { throw ExitCode(1) }
    }

    /// What an interrupted import of one file left in the database, in words.
    private static func committed(_ stop: ImportInterrupted, in path: String) -> String {
        let kept = stop.committed.imported + stop.committed.replaced
        guard kept > 0 else { return "Nothing of \(stop.file) was written to \(path)." }
        let replaced = stop.committed.replaced > 0 ? " (\(stop.committed.replaced) of them replacing stored versions)" : ""
        return "\(kept) document\(kept == 1 ? "" : "s") of \(stop.file) had been imported before that\(replaced) and are committed in \(path); the rest of \(stop.file) was not imported."
    }

    /// Imports every file in turn; returns whether any line was not imported. `onImported` sees
    /// each file's summary.
    private func importFiles(into database: AppDatabase, onImported: (ImportSummary) -> Void = { _ in }) throws -> Bool {
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
            onImported(summary)
            anyRejected = anyRejected || summary.hasRejections
        }
        return anyRejected
    }
}
