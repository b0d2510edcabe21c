import GRDB

extension AppDatabase {
    /// Code points per piece of a long document's text in `document_text_chunk`.
    static let textChunkLength = 1 << 18

    /// A long document's text kept again in pieces of ``textChunkLength`` code points, so that
    /// the review screen's window of a million-span document reads a piece or two instead of the
    /// whole text (SQLite reads a text value whole, 13 MB, even for a `substr` of it). Triggers
    /// keep the pieces whenever a document is written (import, re-import, deletion); documents
    /// of at most one piece have none. `text_chunk_number` numbers the pieces (triggers cannot
    /// use a recursive `WITH`): 4096 of them hold a text of a billion code points.
    static func addTextChunks(_ db: Database) throws {
        let chunk = textChunkLength
        try db.execute(sql: """
            CREATE TABLE text_chunk_number (n INTEGER PRIMARY KEY);
            WITH RECURSIVE number(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM number WHERE n < 4095)
            INSERT INTO text_chunk_number SELECT n FROM number;
            CREATE TABLE document_text_chunk (
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                start INTEGER NOT NULL,
                text TEXT NOT NULL,
                PRIMARY KEY (document_id, start)
            ) WITHOUT ROWID;
            CREATE TRIGGER document_text_chunk_after_insert AFTER INSERT ON document WHEN NEW.length > \(chunk) BEGIN
                INSERT INTO document_text_chunk (document_id, start, text)
                SELECT NEW.id, n * \(chunk), substr(NEW.text, n * \(chunk) + 1, \(chunk)) FROM text_chunk_number WHERE n * \(chunk) < NEW.length;
            END;
            CREATE TRIGGER document_text_chunk_after_update AFTER UPDATE OF text ON document BEGIN
                DELETE FROM document_text_chunk WHERE document_id = OLD.id;
                INSERT INTO document_text_chunk (document_id, start, text)
                SELECT NEW.id, n * \(chunk), substr(NEW.text, n * \(chunk) + 1, \(chunk)) FROM text_chunk_number
                WHERE NEW.length > \(chunk) AND n * \(chunk) < NEW.length;
            END;
            CREATE TRIGGER document_text_chunk_after_delete AFTER DELETE ON document WHEN OLD.length > \(chunk) BEGIN
                DELETE FROM document_text_chunk WHERE document_id = OLD.id;
            END;
            INSERT INTO document_text_chunk (document_id, start, text)
            SELECT d.id, n.n * \(chunk), substr(d.text, n.n * \(chunk) + 1, \(chunk))
            FROM document d JOIN text_chunk_number n ON n.n * \(chunk) < d.length WHERE d.length > \(chunk);
            """)
    }
}
