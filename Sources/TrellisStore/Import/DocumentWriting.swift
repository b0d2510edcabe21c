import GRDB
import TrellisCore

/// Writing decoded documents, shared by import and re-import.
extension AppDatabase {
    /// Inserts a new document, whose plain text is `text`, and queues its spans on `spans`;
    /// returns its row id.
    static func insert(_ input: DocumentInput, text: String, problemCount: Int, runID: Int64?, line: Int?, at time: String, spans: inout SpanRowInserter, in db: Database) throws -> Int64 {
        let insertDocument = try BulkInsert("""
            INSERT INTO document (external_id, text, length, source, stage, meta, content_hash, import_run_id,
                                  import_line, status, span_count, problem_count, revision, imported_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'unreviewed', ?, ?, 0, ?, ?)
            """, in: db)
        try insertDocument.run(
            .text(input.externalID), .text(text), .init(input.annotated.scalars.count), .init(input.source), .init(input.stage),
            .init(input.metaJSON), .text(input.contentHash), .init(runID), .init(line), .init(input.annotated.spans.count),
            .init(problemCount), .text(time), .text(time))
        let documentID = db.lastInsertedRowID
        for span in input.annotated.spans { try spans.append(span, documentID: documentID) }
        return documentID
    }

    static func insertSpans(_ spans: [Span], documentID: Int64, in db: Database) throws {
        var inserter = SpanRowInserter(in: db)
        for span in spans { try inserter.append(span, documentID: documentID) }
        try inserter.flush()
    }
}
