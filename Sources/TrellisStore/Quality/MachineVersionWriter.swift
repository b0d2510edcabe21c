import GRDB
import TrellisCore

/// Records the machine's version of a document — its spans exactly as the rewriter wrote them, and
/// the rewriter's name — when import writes or replaces it: one `machine_version` row per document
/// and version, the spans packed by `CompactSpans`. Rows are never changed (triggers refuse it).
struct MachineVersionWriter {
    private let insertFirst: RawStatement
    private let insertNext: RawStatement

    /// `OR FAIL`: the table's insert trigger would otherwise make SQLite open a statement journal
    /// per row; every caller writes inside a transaction that a failure rolls back whole.
    init(in db: Database) throws {
        insertFirst = try RawStatement("""
            INSERT OR FAIL INTO machine_version (document_id, version, rewriter, import_run_id, origin, spans) VALUES (?, 1, ?, ?, 'import', ?)
            """, in: db)
        insertNext = try RawStatement("""
            INSERT OR FAIL INTO machine_version (document_id, version, rewriter, import_run_id, origin, spans)
            SELECT ?1, COALESCE(MAX(version), 0) + 1, ?2, ?3, 'import', ?4 FROM machine_version WHERE document_id = ?1
            """, in: db)
    }

    /// The first version of a document just imported, its spans as `CompactSpans.encode` gave them.
    func insertFirst(documentID: Int64, encodedSpans: [UInt8], rewriter: String, runID: Int64?) throws {
        try insertFirst.run(.integer(documentID), .text(rewriter), .init(runID), .blob(encodedSpans))
    }

    /// A new version of a stored document whose content a changed import replaced.
    func insertNext(documentID: Int64, spans: [Span], rewriter: String, runID: Int64?) throws {
        try insertNext.run(.integer(documentID), .text(rewriter), .init(runID), .blob(CompactSpans.encode(spans)))
    }
}
