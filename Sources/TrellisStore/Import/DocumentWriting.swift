import GRDB
import TrellisCore

/// Writing decoded documents, shared by import and re-import.
extension AppDatabase {
    /// Inserts a new document, whose plain text is `text`, with its spans; returns its row id.
    static func insert(_ input: DocumentInput, text: String, problemCount: Int, runID: Int64?, line: Int?, at time: String, in db: Database) throws -> Int64 {
        let insertDocument = try db.cachedStatement(sql: """
            INSERT INTO document (external_id, text, length, source, stage, meta, content_hash, import_run_id,
                                  import_line, status, span_count, problem_count, revision, imported_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'unreviewed', ?, ?, 0, ?, ?)
            """)
        try insertDocument.execute(arguments: [
            input.externalID, text, input.annotated.scalars.count, input.source, input.stage,
            input.metaJSON, input.contentHash, runID, line, input.annotated.spans.count, problemCount, time, time,
        ])
        let documentID = db.lastInsertedRowID
        try insertSpans(input.annotated.spans, documentID: documentID, in: db)
        return documentID
    }

    static func insertSpans(_ spans: [Span], documentID: Int64, in db: Database) throws {
        let insertSpan = try BulkInsert("""
            INSERT INTO span (document_id, start, "end", label, depth) VALUES (?, ?, ?, ?, ?)
            """, in: db)
        for span in spans {
            try insertSpan.run(.integer(documentID), .integer(Int64(span.start)), .integer(Int64(span.end)), .text(span.label), .integer(Int64(span.depth)))
        }
    }
}
