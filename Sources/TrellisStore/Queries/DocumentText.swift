import GRDB

/// One home for reading a document's text in SQL.
///
/// A long document's text (more than one piece, ``AppDatabase/textChunkLength`` code points)
/// lives in its pieces only (`document_text_chunk`): its row keeps `''`, so that the row an edit
/// updates (counts, revision, status) is a few hundred bytes instead of megabytes SQLite would
/// read, copy and compare on each `UPDATE` (`v26-text-in-pieces`). A text whose pieces do not
/// hold it whole (SQLite's `substr` stops at a NUL) stays in the row. Every reader of a
/// document's text goes through these expressions.
extension AppDatabase {
    /// SQL for the whole text of the `document` row named `table` (the table or its alias).
    static func textSQL(of table: String = "document") -> String {
        """
        CASE WHEN \(table).text = '' AND \(table).length > 0 THEN (SELECT group_concat(p.text, '') FROM \
        (SELECT text FROM document_text_chunk WHERE document_id = \(table).id ORDER BY start) p) ELSE \(table).text END
        """
    }

    /// SQL for the start of the text of the `document` row named `table` (at least its first
    /// piece when it has pieces), for a preview.
    static func textStartSQL(of table: String = "document") -> String {
        """
        CASE WHEN \(table).text = '' AND \(table).length > 0 THEN (SELECT text FROM document_text_chunk \
        WHERE document_id = \(table).id AND start = 0) ELSE \(table).text END
        """
    }

    /// Every column of the document row, its text whole (``textSQL(of:)``), for a ``DocumentRecord``.
    static let documentColumns = """
        id, external_id, \(textSQL()) AS text, length, source, stage, meta, content_hash, import_run_id, import_line, status,
        span_count, problem_count, revision, imported_at, updated_at
        """
}
