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

    /// Imports `path` (`-` for standard input) in `format`, or the format its content shows
    /// (`ImportInput`). `onProblem` sees every problem as it is found, `onProgress` is called
    /// after each batch.
    public func run(
        path: String,
        format: ImportFormat? = nil,
        onProblem: (ImportProblem) -> Void = { _ in },
        onProgress: (ImportProgress) -> Void = { _ in }
    ) throws -> ImportSummary {
        if database.isReadOnly { throw StoreError.readOnly(database.path ?? "database") }
        let input = try ImportInput.open(path: path, format: format, maxRecordBytes: options.maxLineBytes)
        let decoder = DocumentLineDecoder(schema: schema)
        let validator = Validator(schema: schema)
        let reviewerID = try database.reviewer(named: reviewer).id
        let runID = try database.write { db in
            try db.execute(sql: """
                INSERT INTO import_run (file, schema_name, schema_version, started_at, imported, unchanged, replaced, rejected)
                VALUES (?, ?, ?, ?, 0, 0, 0, 0)
                """, arguments: [path, self.schema.name, self.schema.version, database.now()])
            return db.lastInsertedRowID
        }
        let rewriter = options.rewriter ?? Rewriter.name(forFile: path)

        var summary = ImportSummary()
        summary.format = input.format
        let pipe = BatchPipe<DecodedBatch>(capacity: 1)
        let producer = DispatchGroup()
        let options = options, schema = schema
        // The reader and the decoder run on their own thread, a batch ahead of the writes here.
        DispatchQueue(label: "trellis.import.decode").async(group: producer) {
            do {
                switch input {
                case .jsonl(let reader):
                    try Self.readBatches(from: reader, decoder: decoder, validator: validator, options: options, into: pipe)
                case .converted(let source):
                    try Self.convertBatches(from: source, schema: schema, validator: validator, options: options, into: pipe)
                }
                pipe.finish()
            } catch {
                pipe.finish(throwing: error)
            }
        }
        // New documents' grams are added to the search index on a thread of its own.
        let searchIndex = SearchIndexPipeline()
        defer {
            pipe.stop()
            producer.wait()
            searchIndex.wait()
        }
        do {
            // Documents an interrupted import left out of the search index go in first.
            var search = SearchIndexWriter()
            try database.write { db in try search.catchUp(in: db) }
            while let batch = try pipe.receive() {
                let outcome = try database.write { db in
                    try searchIndex.writeFinished(in: db)
                    return try self.store(batch.lines, runID: runID, reviewerID: reviewerID, rewriter: rewriter, in: db)
                }
                searchIndex.add(outcome.indexed)
                summary.add(outcome.summary)
                outcome.problems.forEach { problem in
                    onProblem(problem)
                    if summary.problems.count < options.keptProblems { summary.problems.append(problem) }
                }
                onProgress(ImportProgress(bytesRead: batch.bytesRead, totalBytes: input.fileSize, linesRead: batch.linesRead))
                pipe.giveBack(batch)
            }

            try database.write { db in
                try searchIndex.finish(in: db)
                try db.execute(sql: """
                    UPDATE import_run SET finished_at = ?, imported = ?, unchanged = ?, replaced = ?, rejected = ? WHERE id = ?
                    """, arguments: [database.now(), summary.imported, summary.unchanged, summary.replaced, summary.rejected + summary.changedKept, runID])
            }
        } catch {
            throw ImportInterrupted(file: path, committed: summary, cause: error)
        }
        return summary
    }

    private struct BatchOutcome {
        var summary = ImportSummary()
        var problems: [ImportProblem] = []
        /// The new documents, for the search index.
        var indexed: [SearchIndexPipeline.Document] = []
    }

    /// Lines held per batch at most, in bytes (besides `ImportOptions.batchSize` lines), which
    /// bounds memory: about three batches are alive at once (being read, waiting, being written).
    static let batchBytes = 4 << 20

    /// Decoded lines in file order, and how far the file had been read after them.
    struct DecodedBatch: Sendable {
        var lines: [DecodedLine]
        var bytesRead: Int
        var linesRead: Int
    }

    /// Reads `reader` to its end in batches, decodes each and sends it down `pipe`; stops early
    /// when the writer stops taking batches.
    private static func readBatches(from reader: LineReader, decoder: DocumentLineDecoder, validator: Validator, options: ImportOptions, into pipe: BatchPipe<DecodedBatch>) throws {
        var pending: [PendingLine] = []
        var pendingBytes = 0
        var linesRead = 0
        func send() throws {
            let lines = pending.map { decode($0, decoder: decoder, validator: validator, maxLineBytes: options.maxLineBytes) }
            pending.removeAll(keepingCapacity: true)
            pendingBytes = 0
            guard pipe.send(DecodedBatch(lines: lines, bytesRead: reader.bytesRead, linesRead: linesRead)) else { throw CancellationError() }
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
            if pending.count >= options.batchSize || pendingBytes >= batchBytes { try send() }
        }
        if !pending.isEmpty { try send() }
    }

    /// Decodes one line, off the writer's thread.
    private static func decode(_ line: PendingLine, decoder: DocumentLineDecoder, validator: Validator, maxLineBytes: Int) -> DecodedLine {
        switch line {
        case .tooLong(let number, let byteCount):
            return .rejected(LineRejection([ImportProblem.lineTooLong(line: number, byteCount: byteCount, limit: maxLineBytes)]))
        case .line(let number, let bytes):
            if bytes.withUnsafeBufferPointer(DocumentLineDecoder.isBlank) { return .blank }
            let result = bytes.withUnsafeBufferPointer { decoder.decode($0, lineNumber: number) }
            switch result {
            case .success(let input):
                return .decoded(line: number, input: input, validator: validator)
            case .failure(let rejection):
                return .rejected(rejection)
            }
        }
    }

    /// Writes a batch; `rewriter` names the machine of documents whose `meta` names none.
    private func store(_ batch: [DecodedLine], runID: Int64, reviewerID: Int64, rewriter: String, in db: Database) throws -> BatchOutcome {
        var outcome = BatchOutcome()
        let time = database.now()
        let findExisting = try db.cachedStatement(sql: "SELECT id, content_hash, import_run_id, import_line FROM document WHERE external_id = ?")
        let markSeen = try db.cachedStatement(sql: "UPDATE document SET import_run_id = ?, import_line = ? WHERE id = ?")
        let isStored = try RawStatement("SELECT 1 FROM document WHERE external_id = ?", in: db)
        var documents = try DocumentRowInserter(in: db)
        var replaced: [(id: Int64, externalID: String, text: String)] = []
        for decoded in batch {
            let line: Int, input: DocumentInput, problemCount: Int, machineSpans: [UInt8]
            switch decoded {
            case .blank:
                outcome.summary.blank += 1
                continue
            case .rejected(let rejection):
                if rejection.skipped { outcome.summary.skipped += 1 } else { outcome.summary.rejected += 1 }
                outcome.problems += rejection.problems
                continue
            case .document(let number, let document, let count, let encoded):
                (line, input, problemCount, machineSpans) = (number, document, count, encoded)
            }
            // The documents of this run so far are stored with its id: one stored under this
            // run was on an earlier line of the file.
            var arrival = DocumentArrival.new
            if try isStored.finds(.text(input.externalID)), let existing = try Row.fetchOne(findExisting, arguments: [input.externalID]) {
                let runOfStored: Int64? = existing["import_run_id"]
                arrival = DocumentArrival(firstLineInFile: runOfStored == runID ? .some(existing["import_line"]) : nil,
                                          stored: (existing["id"], existing["content_hash"]), contentHash: input.contentHash)
            }
            let replacing = options.onChanged == .replace
            if let problem = arrival.problem(id: input.externalID, line: line, replacing: replacing) { outcome.problems.append(problem) }
            switch arrival {
            case .new:
                let id = try documents.insert(input, problemCount: problemCount, machineSpans: machineSpans, runID: runID, line: line,
                                              rewriter: rewriter, at: time)
                outcome.indexed.append(.init(id: id, externalID: input.externalID, text: input.text))
                outcome.summary.imported += 1
                if problemCount > 0 { outcome.summary.withProblems += 1 }
            case .repeated:
                outcome.summary.rejected += 1
            case .unchanged(let documentID):
                outcome.summary.unchanged += 1
                try markSeen.execute(arguments: [runID, line, documentID])
            case .changed(let documentID) where replacing:
                try database.setAsideIndexes?.putBack(in: db)
                try AppDatabase.replaceContent(of: documentID, with: input, problemCount: problemCount, runID: runID, line: line, rewriter: rewriter,
                                               reviewerID: reviewerID, at: time, in: db)
                replaced.append((documentID, input.externalID, input.text))
                outcome.summary.replaced += 1
                if problemCount > 0 { outcome.summary.withProblems += 1 }
            case .changed(let documentID):
                outcome.summary.changedKept += 1
                try markSeen.execute(arguments: [runID, line, documentID])
            }
        }
        try documents.finish()
        try SearchIndexWriter.add(replaced: replaced, in: db)
        return outcome
    }
}
