import GRDB
import TrellisCore
import TrellisModel

/// Writes new documents with their spans and their machine version, for import: its statements
/// are prepared once per batch. Each document goes to the running totals (when the batch
/// finishes); the importer hands the new ones to the search index (`SearchIndexPipeline`).
struct DocumentRowInserter {
    private let insertDocument: RawStatement
    private var spans: SpanRowInserter
    private let machineVersions: MachineVersionWriter
    private var additions = RunningTotals.Additions()
    private let db: Database

    init(in db: Database) throws {
        self.db = db
        // `OR FAIL`, as `SpanRowInserter`'s: without it the table's insert trigger (a long text's
        // pieces) makes SQLite open a statement journal for every row (5% of the writing thread).
        insertDocument = try RawStatement("""
            INSERT OR FAIL INTO document (external_id, text, length, source, stage, meta, content_hash, import_run_id,
                                  import_line, status, span_count, problem_count, revision, imported_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'unreviewed', ?, ?, 0, ?, ?)
            """, in: db)
        spans = try SpanRowInserter(in: db)
        machineVersions = try MachineVersionWriter(in: db)
    }

    /// Inserts a new document and its machine version (by `input.rewriter`, else `rewriter`; its
    /// spans as `CompactSpans` encoded them) and queues its spans; returns the document's id.
    mutating func insert(_ input: DocumentInput, problemCount: Int, machineSpans: [UInt8], runID: Int64?, line: Int?, rewriter: String,
                         at time: String) throws -> Int64 {
        try insertDocument.run(
            .text(input.externalID), .text(input.text), .init(input.annotated.scalars.count), .init(input.source), .init(input.stage),
            .init(input.metaJSON), .text(input.contentHash), .init(runID), .init(line), .init(input.annotated.spans.count),
            .init(problemCount), .text(time), .text(time))
        let documentID = db.lastInsertedRowID
        try machineVersions.insertFirst(documentID: documentID, encodedSpans: machineSpans, rewriter: input.rewriter ?? rewriter, runID: runID)
        try spans.append(input.annotated.spans, documentID: documentID)
        // A long document's state is kept from the start: working it out later reads every span.
        if input.annotated.spans.count > DocumentWindow.wholeLimit {
            try VersionState.set(documentID, owner: nil, to: DecisionState.spanSum(of: input.annotated.spans), in: db)
        }
        additions.addDocument(stage: input.stage, problemCount: problemCount, spanCount: input.annotated.spans.count)
        return documentID
    }

    /// Writes the spans queued so far, and adds the batch to the running totals.
    mutating func finish() throws {
        try spans.finish()
        try additions.write(in: db)
    }
}

extension AppDatabase {
    /// Inserts the spans of a stored document.
    static func insertSpans(_ spans: [Span], documentID: Int64, in db: Database) throws {
        var inserter = try SpanRowInserter(in: db)
        try inserter.append(spans, documentID: documentID)
        try inserter.finish()
    }
}
