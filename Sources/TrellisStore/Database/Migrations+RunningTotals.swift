import GRDB

extension AppDatabase {
    /// Running totals for `trellis stats`, so that it reads a few hundred rows whatever the size
    /// of the corpus (see `RunningTotals`), filled here from what is already there:
    ///
    /// - `document_total`: documents and their spans by stage, status and whether they have problems;
    /// - `span_total`: live spans of the shared version by mode;
    /// - `review_total`: span decisions by reviewer and decision; `rated_total`: spans each reviewer rated;
    /// - `stage_review_total`: decisions on live spans by the document's stage and decision;
    /// - `activity_total`: history entries by day and reviewer (0 for none), re-imports counted
    ///   apart (their days count as days with changes, their entries do not).
    ///
    /// Triggers keep them in the transaction of every change, except for what import inserts
    /// (documents, and the spans they come with), which it adds itself: a trigger per inserted row
    /// cost import more than the rest of its writing. Every other insert of a span makes it
    /// deleted, then brings it to life through an update, which the triggers see. Rows may fall to
    /// 0 and stay. A stage may be `NULL`, which is why those tables have no key.
    static func addRunningTotals(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE document_total (
                stage INTEGER,
                status TEXT NOT NULL,
                with_problems INTEGER NOT NULL,
                documents INTEGER NOT NULL,
                spans INTEGER NOT NULL
            );
            CREATE TABLE span_total (label TEXT PRIMARY KEY NOT NULL, spans INTEGER NOT NULL) WITHOUT ROWID;
            CREATE TABLE review_total (
                reviewer_id INTEGER NOT NULL,
                decision TEXT NOT NULL,
                spans INTEGER NOT NULL,
                PRIMARY KEY (reviewer_id, decision)
            ) WITHOUT ROWID;
            CREATE TABLE rated_total (reviewer_id INTEGER PRIMARY KEY, spans INTEGER NOT NULL);
            CREATE TABLE stage_review_total (stage INTEGER, decision TEXT NOT NULL, spans INTEGER NOT NULL);
            CREATE TABLE activity_total (
                day TEXT NOT NULL,
                reviewer_id INTEGER NOT NULL,
                changes INTEGER NOT NULL,
                reimports INTEGER NOT NULL,
                PRIMARY KEY (day, reviewer_id)
            ) WITHOUT ROWID;

            CREATE TRIGGER document_total_after_update AFTER UPDATE OF stage, status, problem_count, span_count ON document
            WHEN OLD.stage IS NOT NEW.stage OR OLD.status IS NOT NEW.status OR (OLD.problem_count > 0) IS NOT (NEW.problem_count > 0)
                 OR OLD.span_count IS NOT NEW.span_count BEGIN
                UPDATE document_total SET documents = documents - 1, spans = spans - OLD.span_count
                WHERE stage IS OLD.stage AND status = OLD.status AND with_problems = (OLD.problem_count > 0);
                INSERT INTO document_total (stage, status, with_problems, documents, spans)
                SELECT NEW.stage, NEW.status, NEW.problem_count > 0, 0, 0 WHERE NOT EXISTS (
                    SELECT 1 FROM document_total WHERE stage IS NEW.stage AND status = NEW.status AND with_problems = (NEW.problem_count > 0));
                UPDATE document_total SET documents = documents + 1, spans = spans + NEW.span_count
                WHERE stage IS NEW.stage AND status = NEW.status AND with_problems = (NEW.problem_count > 0);
            END;
            CREATE TRIGGER document_total_after_delete AFTER DELETE ON document BEGIN
                UPDATE document_total SET documents = documents - 1, spans = spans - OLD.span_count
                WHERE stage IS OLD.stage AND status = OLD.status AND with_problems = (OLD.problem_count > 0);
            END;
            CREATE TRIGGER stage_review_total_after_document_stage AFTER UPDATE OF stage ON document
            WHEN OLD.stage IS NOT NEW.stage BEGIN
                INSERT INTO stage_review_total (stage, decision, spans)
                SELECT DISTINCT NEW.stage, r.decision, 0 FROM span s JOIN span_review r ON r.span_id = s.id
                WHERE s.document_id = NEW.id AND s.deleted = 0 AND r.decision IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM stage_review_total t WHERE t.stage IS NEW.stage AND t.decision = r.decision);
                UPDATE stage_review_total SET spans = spans
                    - (SELECT COUNT(*) FROM span s JOIN span_review r ON r.span_id = s.id
                       WHERE s.document_id = NEW.id AND s.deleted = 0 AND r.decision = stage_review_total.decision)
                WHERE stage IS OLD.stage;
                UPDATE stage_review_total SET spans = spans
                    + (SELECT COUNT(*) FROM span s JOIN span_review r ON r.span_id = s.id
                       WHERE s.document_id = NEW.id AND s.deleted = 0 AND r.decision = stage_review_total.decision)
                WHERE stage IS NEW.stage;
            END;

            CREATE TRIGGER span_total_after_update AFTER UPDATE OF label, deleted, owner_id ON span
            WHEN (OLD.owner_id IS NULL AND OLD.deleted = 0) OR (NEW.owner_id IS NULL AND NEW.deleted = 0) BEGIN
                UPDATE span_total SET spans = spans - 1 WHERE label = OLD.label AND OLD.owner_id IS NULL AND OLD.deleted = 0;
                INSERT INTO span_total (label, spans) SELECT NEW.label, 1 WHERE NEW.owner_id IS NULL AND NEW.deleted = 0
                ON CONFLICT (label) DO UPDATE SET spans = spans + 1;
            END;
            CREATE TRIGGER span_total_after_delete AFTER DELETE ON span WHEN OLD.owner_id IS NULL AND OLD.deleted = 0 BEGIN
                UPDATE span_total SET spans = spans - 1 WHERE label = OLD.label;
            END;
            CREATE TRIGGER stage_review_total_after_span_update AFTER UPDATE OF deleted, document_id ON span
            WHEN OLD.deleted IS NOT NEW.deleted OR OLD.document_id IS NOT NEW.document_id BEGIN
                UPDATE stage_review_total SET spans = spans
                    - (SELECT COUNT(*) FROM span_review r WHERE r.span_id = OLD.id AND r.decision = stage_review_total.decision)
                WHERE OLD.deleted = 0 AND stage IS (SELECT stage FROM document WHERE id = OLD.document_id);
                INSERT INTO stage_review_total (stage, decision, spans)
                SELECT DISTINCT d.stage, r.decision, 0 FROM span_review r JOIN document d ON d.id = NEW.document_id
                WHERE r.span_id = NEW.id AND r.decision IS NOT NULL AND NEW.deleted = 0
                AND NOT EXISTS (SELECT 1 FROM stage_review_total t WHERE t.stage IS d.stage AND t.decision = r.decision);
                UPDATE stage_review_total SET spans = spans
                    + (SELECT COUNT(*) FROM span_review r WHERE r.span_id = NEW.id AND r.decision = stage_review_total.decision)
                WHERE NEW.deleted = 0 AND stage IS (SELECT stage FROM document WHERE id = NEW.document_id);
            END;
            CREATE TRIGGER span_review_before_span_delete BEFORE DELETE ON span BEGIN
                DELETE FROM span_review WHERE span_id = OLD.id;
            END;

            CREATE TRIGGER review_total_after_insert AFTER INSERT ON span_review WHEN NEW.decision IS NOT NULL BEGIN
                INSERT INTO review_total (reviewer_id, decision, spans) VALUES (NEW.reviewer_id, NEW.decision, 1)
                ON CONFLICT (reviewer_id, decision) DO UPDATE SET spans = spans + 1;
                INSERT INTO stage_review_total (stage, decision, spans)
                SELECT d.stage, NEW.decision, 0 FROM span s JOIN document d ON d.id = s.document_id
                WHERE s.id = NEW.span_id AND s.deleted = 0
                AND NOT EXISTS (SELECT 1 FROM stage_review_total t WHERE t.stage IS d.stage AND t.decision = NEW.decision);
                UPDATE stage_review_total SET spans = spans + 1 WHERE decision = NEW.decision AND stage IS (
                    SELECT d.stage FROM span s JOIN document d ON d.id = s.document_id WHERE s.id = NEW.span_id AND s.deleted = 0)
                AND EXISTS (SELECT 1 FROM span s WHERE s.id = NEW.span_id AND s.deleted = 0);
            END;
            CREATE TRIGGER review_total_after_delete AFTER DELETE ON span_review WHEN OLD.decision IS NOT NULL BEGIN
                UPDATE review_total SET spans = spans - 1 WHERE reviewer_id = OLD.reviewer_id AND decision = OLD.decision;
                UPDATE stage_review_total SET spans = spans - 1 WHERE decision = OLD.decision AND stage IS (
                    SELECT d.stage FROM span s JOIN document d ON d.id = s.document_id WHERE s.id = OLD.span_id AND s.deleted = 0)
                AND EXISTS (SELECT 1 FROM span s WHERE s.id = OLD.span_id AND s.deleted = 0);
            END;
            CREATE TRIGGER review_total_after_update AFTER UPDATE OF decision, reviewer_id, span_id ON span_review
            WHEN OLD.decision IS NOT NEW.decision OR OLD.reviewer_id IS NOT NEW.reviewer_id OR OLD.span_id IS NOT NEW.span_id BEGIN
                UPDATE review_total SET spans = spans - 1 WHERE reviewer_id = OLD.reviewer_id AND decision = OLD.decision;
                INSERT INTO review_total (reviewer_id, decision, spans) SELECT NEW.reviewer_id, NEW.decision, 1 WHERE NEW.decision IS NOT NULL
                ON CONFLICT (reviewer_id, decision) DO UPDATE SET spans = spans + 1;
                UPDATE stage_review_total SET spans = spans - 1 WHERE decision = OLD.decision AND stage IS (
                    SELECT d.stage FROM span s JOIN document d ON d.id = s.document_id WHERE s.id = OLD.span_id AND s.deleted = 0)
                AND EXISTS (SELECT 1 FROM span s WHERE s.id = OLD.span_id AND s.deleted = 0);
                INSERT INTO stage_review_total (stage, decision, spans)
                SELECT d.stage, NEW.decision, 0 FROM span s JOIN document d ON d.id = s.document_id
                WHERE s.id = NEW.span_id AND s.deleted = 0 AND NEW.decision IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM stage_review_total t WHERE t.stage IS d.stage AND t.decision = NEW.decision);
                UPDATE stage_review_total SET spans = spans + 1 WHERE decision = NEW.decision AND stage IS (
                    SELECT d.stage FROM span s JOIN document d ON d.id = s.document_id WHERE s.id = NEW.span_id AND s.deleted = 0)
                AND EXISTS (SELECT 1 FROM span s WHERE s.id = NEW.span_id AND s.deleted = 0);
            END;

            CREATE TRIGGER rated_total_after_insert AFTER INSERT ON rating
            WHEN NOT EXISTS (SELECT 1 FROM rating WHERE span_id = NEW.span_id AND reviewer_id = NEW.reviewer_id AND id <> NEW.id) BEGIN
                INSERT INTO rated_total (reviewer_id, spans) VALUES (NEW.reviewer_id, 1)
                ON CONFLICT (reviewer_id) DO UPDATE SET spans = spans + 1;
            END;
            CREATE TRIGGER rated_total_after_delete AFTER DELETE ON rating
            WHEN NOT EXISTS (SELECT 1 FROM rating WHERE span_id = OLD.span_id AND reviewer_id = OLD.reviewer_id) BEGIN
                UPDATE rated_total SET spans = spans - 1 WHERE reviewer_id = OLD.reviewer_id;
            END;
            CREATE TRIGGER rated_total_after_update AFTER UPDATE OF span_id, reviewer_id ON rating
            WHEN OLD.span_id IS NOT NEW.span_id OR OLD.reviewer_id IS NOT NEW.reviewer_id BEGIN
                UPDATE rated_total SET spans = spans - 1 WHERE reviewer_id = OLD.reviewer_id
                AND NOT EXISTS (SELECT 1 FROM rating WHERE span_id = OLD.span_id AND reviewer_id = OLD.reviewer_id);
                INSERT INTO rated_total (reviewer_id, spans) SELECT NEW.reviewer_id, 1
                WHERE NOT EXISTS (SELECT 1 FROM rating WHERE span_id = NEW.span_id AND reviewer_id = NEW.reviewer_id AND id <> NEW.id)
                ON CONFLICT (reviewer_id) DO UPDATE SET spans = spans + 1;
            END;

            CREATE TRIGGER activity_total_after_insert AFTER INSERT ON history BEGIN
                INSERT INTO activity_total (day, reviewer_id, changes, reimports)
                VALUES (substr(NEW.at, 1, 10), IFNULL(NEW.reviewer_id, 0), NEW.action <> 'reimport', NEW.action = 'reimport')
                ON CONFLICT (day, reviewer_id) DO UPDATE SET changes = changes + excluded.changes, reimports = reimports + excluded.reimports;
            END;
            """)
        try RunningTotals.recount(in: db)
    }
}
