import Foundation
import GRDB
import TrellisCore

/// Streams a JSONL file into the database: one transaction per batch, bounded memory, every bad
/// line reported with its place while the good ones import. Re-importing the same file changes
/// nothing; a changed document is reported and kept unless `ImportOptions.onChanged` says replace.
public struct Importer {
    public let database: AppDatabase
    public let schema: TagSchema
    public let options: ImportOptions
    /// Recorded as the author of replacements in history.
    public let reviewer: String

    public init(database: AppDatabase, schema: TagSchema, options: ImportOptions = ImportOptions(), reviewer: String) {
        self.database = database
        self.schema = schema
        self.options = options
        self.reviewer = reviewer
    }

    /// Imports `path` (`-` for standard input). `onProblem` sees every problem as it is found,
    /// `onProgress` is called after each batch.
    public func run(
        path: String,
        onProblem: (ImportProblem) -> Void = { _ in },
        onProgress: (ImportProgress) -> Void = { _ in }
    ) throws -> ImportSummary {
        if database.isReadOnly { throw StoreError.readOnly(database.path ?? "database") }
        let reader = try LineReader(path: path, maxLineBytes: options.maxLineBytes)
        let decoder = DocumentLineDecoder(schema: schema)
        let validator = Validator(schema: schema)
        let reviewerID = try database.reviewer(named: reviewer).id!
        var run = ImportRunRecord(
            id: nil, file: path, schemaName: schema.name, schemaVersion: schema.version,
            startedAt: database.now(), finishedAt: nil, imported: 0, unchanged: 0, replaced: 0, rejected: 0)
        try database.writer.write { db in try run.insert(db) }
        let runID = run.id!

        var summary = ImportSummary()
        var batch: [(line: Int, input: DocumentInput)] = []
        var linesRead = 0

        func report(_ problem: ImportProblem) {
            onProblem(problem)
            if summary.problems.count < options.keptProblems { summary.problems.append(problem) }
        }
        func flush() throws {
            guard !batch.isEmpty else { return }
            let pending = batch
            batch.removeAll(keepingCapacity: true)
            let outcome = try database.writer.write { db in
                try self.store(pending, runID: runID, reviewerID: reviewerID, validator: validator, in: db)
            }
            summary.imported += outcome.summary.imported
            summary.unchanged += outcome.summary.unchanged
            summary.replaced += outcome.summary.replaced
            summary.changedKept += outcome.summary.changedKept
            summary.rejected += outcome.summary.rejected
            summary.withProblems += outcome.summary.withProblems
            outcome.problems.forEach(report)
            onProgress(ImportProgress(bytesRead: reader.bytesRead, totalBytes: reader.fileSize, linesRead: linesRead))
        }

        try reader.forEachLine { event in
            linesRead += 1
            switch event {
            case .tooLong(let number, let byteCount):
                summary.rejected += 1
                report(ImportProblem(line: number, column: 1, message: "line is \(byteCount) bytes, over the limit of \(options.maxLineBytes) bytes (--max-line-bytes)"))
            case .line(let number, let bytes):
                if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                    summary.blank += 1
                    return
                }
                switch decoder.decode(bytes, lineNumber: number) {
                case .success(let input):
                    batch.append((number, input))
                    if batch.count >= options.batchSize { try flush() }
                case .failure(let rejection):
                    if rejection.skipped { summary.skipped += 1 } else { summary.rejected += 1 }
                    rejection.problems.forEach(report)
                }
            }
        }
        try flush()

        run.finishedAt = database.now()
        run.imported = summary.imported
        run.unchanged = summary.unchanged
        run.replaced = summary.replaced
        run.rejected = summary.rejected + summary.changedKept
        try database.writer.write { db in try run.update(db) }
        return summary
    }

    private struct BatchOutcome {
        var summary = ImportSummary()
        var problems: [ImportProblem] = []
    }

    private func store(_ batch: [(line: Int, input: DocumentInput)], runID: Int64, reviewerID: Int64, validator: Validator, in db: Database) throws -> BatchOutcome {
        var outcome = BatchOutcome()
        let time = database.now()
        let findExisting = try db.cachedStatement(sql: "SELECT id, content_hash, import_run_id, import_line FROM document WHERE external_id = ?")
        let markSeen = try db.cachedStatement(sql: "UPDATE document SET import_run_id = ?, import_line = ? WHERE id = ?")
        for (line, input) in batch {
            let problemCount = validator.violations(in: input.annotated).count
            guard let existing = try Row.fetchOne(findExisting, arguments: [input.externalID]) else {
                _ = try AppDatabase.insert(input, problemCount: problemCount, runID: runID, line: line, at: time, in: db)
                outcome.summary.imported += 1
                if problemCount > 0 { outcome.summary.withProblems += 1 }
                continue
            }
            let documentID: Int64 = existing["id"]
            if existing["import_run_id"] == runID {
                let first: Int? = existing["import_line"]
                outcome.summary.rejected += 1
                outcome.problems.append(ImportProblem(line: line, column: 1, message: "duplicate id \"\(input.externalID)\" (first on line \(first.map(String.init) ?? "?"))", documentID: input.externalID))
            } else if existing["content_hash"] == input.contentHash {
                outcome.summary.unchanged += 1
                try markSeen.execute(arguments: [runID, line, documentID])
            } else if options.onChanged == .replace {
                try AppDatabase.replaceContent(of: documentID, with: input, problemCount: problemCount, runID: runID, line: line, reviewerID: reviewerID, at: time, in: db)
                outcome.summary.replaced += 1
                if problemCount > 0 { outcome.summary.withProblems += 1 }
            } else {
                outcome.summary.changedKept += 1
                try markSeen.execute(arguments: [runID, line, documentID])
                outcome.problems.append(ImportProblem(line: line, column: 1, message: "document \"\(input.externalID)\" differs from the stored one, which was kept (--replace-changed overwrites it; its history keeps the old version)", documentID: input.externalID))
            }
        }
        return outcome
    }
}
