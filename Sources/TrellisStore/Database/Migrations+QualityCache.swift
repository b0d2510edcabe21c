import GRDB

extension AppDatabase {
    /// Names a shared span inserted at an id the kept quality figures already saw.
    static let qualityReusedSpanIDTrigger = SchemaTrigger(name: "quality_change_after_span_insert_at_reused_id", sql: """
        CREATE TRIGGER quality_change_after_span_insert_at_reused_id AFTER INSERT ON span
        WHEN NEW.owner_id IS NULL AND NEW.id <= (SELECT spans_through FROM quality_progress) BEGIN
            INSERT INTO quality_change (document_id) VALUES (NEW.document_id);
        END
        """)

    /// `trellis quality`'s figures kept per document (`QualityCache`): `quality_document` holds,
    /// for each document with a decision, what the report counts of it (its machine version against
    /// its gold, or why it is left out); `quality_change` names the documents changed since (written
    /// by triggers on the shared spans, their decisions and ratings, the documents' decisions, text
    /// and span edits in history, and machine versions after the first); `quality_progress` the last
    /// span the kept figures saw (-1: none kept yet). Shared spans are inserted by import, which no
    /// trigger sees at its cost: a report looks for them by id (ids only grow), and a trigger names
    /// a span inserted at an id already seen (SQLite reuses the highest id once its row is deleted).
    static func addQualityCache(_ db: Database) throws {
        let edits = ReviewedDocumentReader.editActions.map { "'\($0)'" }.joined(separator: ",")
        try db.execute(sql: """
            CREATE TABLE quality_document (
                document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
                figures BLOB NOT NULL
            );
            CREATE TABLE quality_change (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL);
            CREATE TABLE quality_progress (spans_through INTEGER NOT NULL, format INTEGER NOT NULL);
            INSERT INTO quality_progress (spans_through, format) VALUES (-1, 0);

            CREATE TRIGGER quality_change_after_span_update AFTER UPDATE ON span
            WHEN OLD.owner_id IS NULL OR NEW.owner_id IS NULL BEGIN
                INSERT INTO quality_change (document_id) VALUES (NEW.document_id);
                INSERT INTO quality_change (document_id) SELECT OLD.document_id WHERE OLD.document_id IS NOT NEW.document_id;
            END;
            \(qualityReusedSpanIDTrigger.sql);
            CREATE TRIGGER quality_change_after_span_delete AFTER DELETE ON span WHEN OLD.owner_id IS NULL BEGIN
                INSERT INTO quality_change (document_id) VALUES (OLD.document_id);
            END;
            CREATE TRIGGER quality_change_after_span_review_insert AFTER INSERT ON span_review BEGIN
                INSERT INTO quality_change (document_id) SELECT document_id FROM span WHERE id = NEW.span_id AND owner_id IS NULL;
            END;
            CREATE TRIGGER quality_change_after_span_review_update AFTER UPDATE ON span_review BEGIN
                INSERT INTO quality_change (document_id) SELECT document_id FROM span WHERE id IN (OLD.span_id, NEW.span_id) AND owner_id IS NULL;
            END;
            CREATE TRIGGER quality_change_after_span_review_delete AFTER DELETE ON span_review BEGIN
                INSERT INTO quality_change (document_id) SELECT document_id FROM span WHERE id = OLD.span_id AND owner_id IS NULL;
            END;
            CREATE TRIGGER quality_change_after_rating_insert AFTER INSERT ON rating BEGIN
                INSERT INTO quality_change (document_id) SELECT document_id FROM span WHERE id = NEW.span_id AND owner_id IS NULL;
            END;
            CREATE TRIGGER quality_change_after_rating_update AFTER UPDATE ON rating BEGIN
                INSERT INTO quality_change (document_id) SELECT document_id FROM span WHERE id IN (OLD.span_id, NEW.span_id) AND owner_id IS NULL;
            END;
            CREATE TRIGGER quality_change_after_rating_delete AFTER DELETE ON rating BEGIN
                INSERT INTO quality_change (document_id) SELECT document_id FROM span WHERE id = OLD.span_id AND owner_id IS NULL;
            END;
            CREATE TRIGGER quality_change_after_document_review_insert AFTER INSERT ON document_review BEGIN
                INSERT INTO quality_change (document_id) VALUES (NEW.document_id);
            END;
            CREATE TRIGGER quality_change_after_document_review_update AFTER UPDATE ON document_review BEGIN
                INSERT INTO quality_change (document_id) VALUES (NEW.document_id);
                INSERT INTO quality_change (document_id) SELECT OLD.document_id WHERE OLD.document_id IS NOT NEW.document_id;
            END;
            CREATE TRIGGER quality_change_after_document_review_delete AFTER DELETE ON document_review BEGIN
                INSERT INTO quality_change (document_id) VALUES (OLD.document_id);
            END;
            CREATE TRIGGER quality_change_after_document_update AFTER UPDATE OF text, length, content_hash ON document
            WHEN OLD.text IS NOT NEW.text OR OLD.length IS NOT NEW.length OR OLD.content_hash IS NOT NEW.content_hash BEGIN
                INSERT INTO quality_change (document_id) VALUES (NEW.id);
            END;
            CREATE TRIGGER quality_change_after_edit_in_history AFTER INSERT ON history WHEN NEW.action IN (\(edits)) BEGIN
                INSERT INTO quality_change (document_id) VALUES (NEW.document_id);
            END;
            CREATE TRIGGER quality_change_after_machine_version_insert AFTER INSERT ON machine_version WHEN NEW.version > 1 BEGIN
                INSERT INTO quality_change (document_id) VALUES (NEW.document_id);
            END;
            """)
    }
}
