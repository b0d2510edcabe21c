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
        var pending: [PendingLine] = []
        var pendingBytes = 0
        var linesRead = 0
        let background = BackgroundBatch<[DecodedLine]>(label: "trellis.import.decode")
        let maxLineBytes = options.maxLineBytes

        // Batch N + 1 decodes on the background thread while batch N is written here.
        func advance() throws {
            let decoded = try background.collect() ?? []
            if !pending.isEmpty {
                let lines = pending
                background.start { lines.map { Self.decode($0, decoder: decoder, validator: validator, maxLineBytes: maxLineBytes) } }
                pending.removeAll(keepingCapacity: true)
                pendingBytes = 0
            }
            guard !decoded.isEmpty else { return }
            let outcome = try database.writer.write { db in
                try self.store(decoded, runID: runID, reviewerID: reviewerID, in: db)
            }
            summary.add(outcome.summary)
            outcome.problems.forEach { problem in
                onProblem(problem)
                if summary.problems.count < options.keptProblems { summary.problems.append(problem) }
            }
            onProgress(ImportProgress(bytesRead: reader.bytesRead, totalBytes: reader.fileSize, linesRead: linesRead))
        }

        try reader.forEachLine { event in
            linesRead += 1
            switch event {
            case .tooLong(let number, let byteCount):
                pending.append(.tooLong(number: number, byteCount: byteCount))
            case .line(let number, let bytes):
                pending.append(.line(number: number, bytes: Array(bytes)))
                pendingBytes += bytes.count
            }
            if pending.count >= options.batchSize || pendingBytes >= Self.batchBytes { try advance() }
        }
        while background.isBusy || !pending.isEmpty { try advance() }

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

    /// Lines held per batch at most, in bytes (besides `ImportOptions.batchSize` lines), which
    /// bounds memory: about three batches are alive at once (read, decoding, writing).
    static let batchBytes = 4 << 20

    /// Decodes one line, off the writer's thread.
    private static func decode(_ line: PendingLine, decoder: DocumentLineDecoder, validator: Validator, maxLineBytes: Int) -> DecodedLine {
        switch line {
        case .tooLong(let number, let byteCount):
            return .rejected(LineRejection([ImportProblem(line: number, column: 1, message: "line is \(byteCount) bytes, over the limit of \(maxLineBytes) bytes (--max-line-bytes)")]))
        case .line(let number, let bytes):
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return .blank }
            let result = bytes.withUnsafeBufferPointer { decoder.decode($0, lineNumber: number) }
            switch result {
            case .success(let input):
                return .document(line: number, input: input, text: input.annotated.text, problemCount: validator.violations(in: input.annotated).count)
            case .failure(let rejection):
                return .rejected(rejection)
            }
        }
    }

    private func store(_ batch: [DecodedLine], runID: Int64, reviewerID: Int64, in db: Database) throws -> BatchOutcome {
        var outcome = BatchOutcome()
        let time = database.now()
        let findExisting = try db.cachedStatement(sql: "SELECT id, content_hash, import_run_id, import_line FROM document WHERE external_id = ?")
        let markSeen = try db.cachedStatement(sql: "UPDATE document SET import_run_id = ?, import_line = ? WHERE id = ?")
        var spans = SpanRowInserter(in: db)
        for decoded in batch {
            let line: Int, input: DocumentInput, text: String, problemCount: Int
            switch decoded {
            case .blank:
                outcome.summary.blank += 1
                continue
            case .rejected(let rejection):
                if rejection.skipped { outcome.summary.skipped += 1 } else { outcome.summary.rejected += 1 }
                outcome.problems += rejection.problems
                continue
            case .document(let number, let document, let plain, let count):
                (line, input, text, problemCount) = (number, document, plain, count)
            }
            guard let existing = try Row.fetchOne(findExisting, arguments: [input.externalID]) else {
                _ = try AppDatabase.insert(input, text: text, problemCount: problemCount, runID: runID, line: line, at: time, spans: &spans, in: db)
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
        try spans.flush()
        return outcome
    }
}
