import GRDB

extension AppDatabase {
    /// Names a version's span inserted at an id the kept agreement sums already saw.
    static let agreementReusedSpanIDTrigger = SchemaTrigger(name: "agreement_change_after_span_insert_at_reused_id", sql: """
        CREATE TRIGGER agreement_change_after_span_insert_at_reused_id AFTER INSERT ON span
        WHEN NEW.owner_id IS NOT NULL AND NEW.id <= (SELECT spans_through FROM agreement_progress) BEGIN
            INSERT INTO agreement_change (document_id) VALUES (NEW.document_id);
        END
        """)

    /// Agreement's sums kept per chunk of documents (`AgreementCache`): `agreement_chunk` holds
    /// them, `agreement_change` the documents changed since (written by triggers on the versions'
    /// spans, their ratings, and the documents' ids, lengths and stages), `agreement_progress` the
    /// last span the kept sums saw (-1: none kept yet). A version's span inserted at an id the
    /// kept sums already saw (SQLite reuses the highest id once its row is deleted) is named too.
    /// Renaming a reviewer makes everything be compared again.
    static func addAgreementCache(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE agreement_chunk (chunk INTEGER PRIMARY KEY, sums BLOB NOT NULL);
            CREATE TABLE agreement_change (id INTEGER PRIMARY KEY, document_id INTEGER NOT NULL);
            CREATE TABLE agreement_progress (spans_through INTEGER NOT NULL, worst_kept INTEGER NOT NULL, format INTEGER NOT NULL);
            INSERT INTO agreement_progress (spans_through, worst_kept, format) VALUES (-1, 0, 0);

            CREATE TRIGGER agreement_change_after_span_update AFTER UPDATE ON span
            WHEN OLD.owner_id IS NOT NULL OR NEW.owner_id IS NOT NULL BEGIN
                INSERT INTO agreement_change (document_id) VALUES (NEW.document_id);
                INSERT INTO agreement_change (document_id) SELECT OLD.document_id WHERE OLD.document_id IS NOT NEW.document_id;
            END;
            \(agreementReusedSpanIDTrigger.sql);
            CREATE TRIGGER agreement_change_after_span_delete AFTER DELETE ON span WHEN OLD.owner_id IS NOT NULL BEGIN
                INSERT INTO agreement_change (document_id) VALUES (OLD.document_id);
            END;
            CREATE TRIGGER agreement_change_after_rating_insert AFTER INSERT ON rating BEGIN
                INSERT INTO agreement_change (document_id) SELECT document_id FROM span WHERE id = NEW.span_id AND owner_id IS NOT NULL;
            END;
            CREATE TRIGGER agreement_change_after_rating_update AFTER UPDATE OF span_id, reviewer_id, dimension, value ON rating BEGIN
                INSERT INTO agreement_change (document_id) SELECT document_id FROM span WHERE id IN (OLD.span_id, NEW.span_id) AND owner_id IS NOT NULL;
            END;
            CREATE TRIGGER agreement_change_after_rating_delete AFTER DELETE ON rating BEGIN
                INSERT INTO agreement_change (document_id) SELECT document_id FROM span WHERE id = OLD.span_id AND owner_id IS NOT NULL;
            END;
            CREATE TRIGGER agreement_change_after_document_update AFTER UPDATE OF external_id, length, stage ON document
            WHEN (OLD.external_id IS NOT NEW.external_id OR OLD.length IS NOT NEW.length OR OLD.stage IS NOT NEW.stage)
                 AND EXISTS (SELECT 1 FROM span WHERE document_id = NEW.id AND owner_id IS NOT NULL) BEGIN
                INSERT INTO agreement_change (document_id) VALUES (NEW.id);
            END;
            CREATE TRIGGER agreement_change_after_reviewer_rename AFTER UPDATE OF name ON reviewer WHEN OLD.name IS NOT NEW.name BEGIN
                UPDATE agreement_progress SET spans_through = -1;
            END;
            """)
    }
}

extension AppDatabase {
    /// Agreement's sums kept per leaf of 64 documents as well (`AgreementCache`): a report
    /// compares again only the leaves that changed and rebuilds their block of 64 leaves from them;
    /// `agreement_chunk` holds the blocks. Sums kept before are compared again once (their format
    /// is older).
    static func addAgreementLeaves(_ db: Database) throws {
        try db.execute(sql: "CREATE TABLE agreement_leaf (leaf INTEGER PRIMARY KEY, sums BLOB NOT NULL)")
    }
}
