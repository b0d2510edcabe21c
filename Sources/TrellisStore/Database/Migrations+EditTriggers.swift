import GRDB

extension AppDatabase {
    /// What an edit's transaction runs, trimmed to what can change a total (docs/performance.md,
    /// "What an edit's transaction does"):
    ///
    /// - `span_total` and the `mode:` search tokens follow a span only when its mode, deletion,
    ///   owner (or, for the tokens, its block of documents) changes: an edit rewrites every column
    ///   of the spans it touches, and a boundary move took one from its mode's total and gave it
    ///   back, writing the page, on every keystroke. The totals they keep are the same.
    /// - `document_total` and `stage_review_total` have no key (a stage may be `NULL`); their
    ///   triggers found a row by reading the whole table. Indexes find it at once (`stage IS ?`
    ///   uses an index like `=`).
    static func trimEditTriggers(_ db: Database) throws {
        try db.execute(sql: """
            DROP TRIGGER span_total_after_update;
            CREATE TRIGGER span_total_after_update AFTER UPDATE OF label, deleted, owner_id ON span
            WHEN ((OLD.owner_id IS NULL AND OLD.deleted = 0) OR (NEW.owner_id IS NULL AND NEW.deleted = 0))
                 AND (OLD.label IS NOT NEW.label OR OLD.deleted IS NOT NEW.deleted OR OLD.owner_id IS NOT NEW.owner_id) BEGIN
                UPDATE span_total SET spans = spans - 1 WHERE label = OLD.label AND OLD.owner_id IS NULL AND OLD.deleted = 0;
                INSERT INTO span_total (label, spans) SELECT NEW.label, 1 WHERE NEW.owner_id IS NULL AND NEW.deleted = 0
                ON CONFLICT (label) DO UPDATE SET spans = spans + 1;
            END;

            DROP TRIGGER search_token_after_span_update;
            CREATE TRIGGER search_token_after_span_update AFTER UPDATE OF label, deleted, owner_id, document_id ON span
            WHEN NEW.owner_id IS NULL AND NEW.deleted = 0
                 AND (OLD.label IS NOT NEW.label OR OLD.deleted IS NOT NEW.deleted OR OLD.owner_id IS NOT NEW.owner_id
                      OR OLD.document_id / 64 IS NOT NEW.document_id / 64) BEGIN
                INSERT INTO search_token (token, block) VALUES ('mode:' || NEW.label, NEW.document_id / 64) ON CONFLICT (token, block) DO NOTHING;
            END;

            CREATE INDEX document_total_by_key ON document_total(stage, status, with_problems);
            CREATE INDEX stage_review_total_by_key ON stage_review_total(stage, decision);
            """)
    }
}
