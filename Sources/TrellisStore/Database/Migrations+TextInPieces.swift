import GRDB

extension AppDatabase {
    /// A long document's text (more than one piece) lives in its pieces only: the row keeps `''`
    /// (``textSQL(of:)`` reads it back whole). Before, every edit's `UPDATE` of the row's counts
    /// and revision had SQLite read the whole text through its overflow pages, build a new
    /// record of it and compare it with the old one: about 40% of an edit's CPU on a
    /// million-span document. A text whose pieces do not hold it whole (SQLite's `substr`, which
    /// cuts them, stops at a NUL) stays in the row; so does a text of at most one piece.
    ///
    /// The triggers that cut the pieces now also empty the row's text once its pieces hold all
    /// of its bytes; the quality cache's trigger ignores that emptying (the text is the same).
    /// Existing long documents are converted in place, found through their pieces (the short
    /// ones are not read). Registered with `.immediate` foreign-key checks: it changes no key and
    /// no table's shape, and GRDB's deferred check reads every table (half a minute at a million
    /// documents).
    static func moveLongTextsIntoPieces(_ db: Database) throws {
        let chunk = textChunkLength
        let pieces = "SELECT NEW.id, n * \(chunk), substr(NEW.text, n * \(chunk) + 1, \(chunk)) FROM text_chunk_number WHERE n * \(chunk) < NEW.length"
        let emptyWhenWhole = """
            UPDATE document SET text = '' WHERE id = NEW.id
                AND (SELECT SUM(length(CAST(text AS BLOB))) FROM document_text_chunk WHERE document_id = NEW.id) = length(CAST(NEW.text AS BLOB))
            """
        try db.execute(sql: """
            DROP TRIGGER document_text_chunk_after_insert;
            DROP TRIGGER document_text_chunk_after_update;
            DROP TRIGGER quality_change_after_document_update;
            CREATE TRIGGER document_text_chunk_after_insert AFTER INSERT ON document WHEN NEW.length > \(chunk) BEGIN
                INSERT INTO document_text_chunk (document_id, start, text) \(pieces);
                \(emptyWhenWhole);
            END;
            CREATE TRIGGER document_text_chunk_after_update AFTER UPDATE OF text ON document
            WHEN NOT (NEW.text = '' AND NEW.length > 0) BEGIN
                DELETE FROM document_text_chunk WHERE document_id = OLD.id;
                INSERT INTO document_text_chunk (document_id, start, text) \(pieces) AND NEW.length > \(chunk);
                \(emptyWhenWhole) AND NEW.length > \(chunk);
            END;
            CREATE TRIGGER quality_change_after_document_update AFTER UPDATE OF text, length, content_hash ON document
            WHEN (OLD.text IS NOT NEW.text AND NOT (NEW.text = '' AND NEW.length > 0)) OR OLD.length IS NOT NEW.length
                OR OLD.content_hash IS NOT NEW.content_hash BEGIN
                INSERT INTO quality_change (document_id) VALUES (NEW.id);
            END;
            UPDATE document SET text = '' WHERE id IN (SELECT DISTINCT document_id FROM document_text_chunk) AND length > \(chunk) AND text <> ''
                AND (SELECT SUM(length(CAST(c.text AS BLOB))) FROM document_text_chunk c WHERE c.document_id = document.id) = length(CAST(text AS BLOB));
            """)
    }
}
