import Foundation
import GRDB

extension AppDatabase {
    /// Every schema change, in order. Never edit a registered migration: add a new one.
    /// `docs/data-model.md` describes the tables.
    public static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation", migrate: createFoundation)
        migrator.registerMigration("v2-team-review", migrate: addTeamReview)
        migrator.registerMigration("v3-version-index", migrate: addVersionIndex)
        migrator.registerMigration("v4-rating-totals", migrate: addRatingTotals)
        migrator.registerMigration("v5-no-label-index", migrate: dropLabelIndex)
        migrator.registerMigration("v6-history-no-delete", migrate: refuseHistoryDeletes)
        migrator.registerMigration("v7-decision-state", migrate: addDecisionState)
        migrator.registerMigration("v8-blind-versions-adjudication", migrate: addBlindVersionsAndAdjudicationSources)
        migrator.registerMigration("v9-search-index", migrate: addSearchIndex)
        migrator.registerMigration("v10-running-totals", migrate: addRunningTotals)
        migrator.registerMigration("v11-agreement-cache", migrate: addAgreementCache)
        migrator.registerMigration("v12-problems-by-stage", migrate: addProblemsByStageIndex)
        migrator.registerMigration("v13-machine-versions", migrate: addMachineVersions)
        migrator.registerMigration("v14-audits", migrate: addAudits)
        migrator.registerMigration("v15-edit-triggers", migrate: trimEditTriggers)
        migrator.registerMigration("v16-text-chunks", migrate: addTextChunks)
        migrator.registerMigration("v17-agreement-leaves", migrate: addAgreementLeaves)
        migrator.registerMigration("v20-quality-cache", migrate: addQualityCache)
        migrator.registerMigration("v23-quality-blocks", migrate: addQualityBlocks)
        migrator.registerMigration("v25-resume-offset", migrate: addResumeOffset)
        migrator.registerMigration("v26-text-in-pieces", foreignKeyChecks: .immediate, migrate: moveLongTextsIntoPieces)
        migrator.registerMigration("v29-additive-document-state", foreignKeyChecks: .immediate, migrate: addAdditiveDocumentState)
        return migrator
    }()

    private static func createFoundation(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE database_info (
                key TEXT PRIMARY KEY NOT NULL,
                value TEXT NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE reviewer (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                role TEXT NOT NULL DEFAULT 'reviewer' CHECK (role IN ('reviewer', 'adjudicator', 'admin')),
                created_at TEXT NOT NULL
            );

            CREATE TABLE import_run (
                id INTEGER PRIMARY KEY,
                file TEXT NOT NULL,
                schema_name TEXT NOT NULL,
                schema_version TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                imported INTEGER NOT NULL DEFAULT 0,
                unchanged INTEGER NOT NULL DEFAULT 0,
                replaced INTEGER NOT NULL DEFAULT 0,
                rejected INTEGER NOT NULL DEFAULT 0
            );

            CREATE TABLE document (
                id INTEGER PRIMARY KEY,
                external_id TEXT NOT NULL UNIQUE,
                text TEXT NOT NULL,
                length INTEGER NOT NULL,
                source TEXT,
                stage INTEGER,
                meta TEXT,
                content_hash TEXT NOT NULL,
                import_run_id INTEGER REFERENCES import_run(id),
                import_line INTEGER,
                status TEXT NOT NULL DEFAULT 'unreviewed'
                    CHECK (status IN ('unreviewed', 'in-progress', 'approved', 'rejected', 'flagged')),
                span_count INTEGER NOT NULL DEFAULT 0,
                problem_count INTEGER NOT NULL DEFAULT 0,
                revision INTEGER NOT NULL DEFAULT 0,
                imported_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            );
            CREATE INDEX document_by_stage ON document(stage, id);
            CREATE INDEX document_by_stage_and_name ON document(stage, external_id);
            CREATE INDEX document_by_status ON document(status, id);
            CREATE INDEX document_with_problems ON document(id) WHERE problem_count > 0;

            CREATE TABLE span (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                start INTEGER NOT NULL,
                "end" INTEGER NOT NULL,
                label TEXT NOT NULL,
                depth INTEGER NOT NULL DEFAULT 0,
                deleted INTEGER NOT NULL DEFAULT 0,
                revision INTEGER NOT NULL DEFAULT 0,
                CHECK (start >= 0 AND "end" >= start)
            );
            CREATE INDEX span_by_document ON span(document_id, start, "end" DESC, depth) WHERE deleted = 0;
            CREATE INDEX span_by_label ON span(label) WHERE deleted = 0;

            CREATE TABLE span_review (
                id INTEGER PRIMARY KEY,
                span_id INTEGER NOT NULL REFERENCES span(id) ON DELETE CASCADE,
                reviewer_id INTEGER NOT NULL REFERENCES reviewer(id),
                decision TEXT CHECK (decision IN ('approved', 'rejected', 'flagged')),
                note TEXT,
                updated_at TEXT NOT NULL,
                UNIQUE (span_id, reviewer_id)
            );
            CREATE INDEX span_review_by_reviewer ON span_review(reviewer_id, decision);

            CREATE TABLE rating (
                id INTEGER PRIMARY KEY,
                span_id INTEGER NOT NULL REFERENCES span(id) ON DELETE CASCADE,
                reviewer_id INTEGER NOT NULL REFERENCES reviewer(id),
                dimension TEXT NOT NULL,
                value INTEGER NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (span_id, reviewer_id, dimension)
            );
            CREATE INDEX rating_by_dimension ON rating(dimension, value);

            CREATE TABLE document_review (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                reviewer_id INTEGER NOT NULL REFERENCES reviewer(id),
                decision TEXT CHECK (decision IN ('approved', 'rejected', 'flagged')),
                note TEXT,
                updated_at TEXT NOT NULL,
                UNIQUE (document_id, reviewer_id)
            );

            CREATE TABLE history (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                span_id INTEGER,
                reviewer_id INTEGER REFERENCES reviewer(id),
                at TEXT NOT NULL,
                action TEXT NOT NULL,
                before TEXT,
                after TEXT,
                reverts INTEGER REFERENCES history(id)
            );
            CREATE INDEX history_by_document ON history(document_id, id);
            CREATE INDEX history_by_reviewer ON history(reviewer_id, at);

            CREATE TABLE reviewer_state (
                reviewer_id INTEGER PRIMARY KEY REFERENCES reviewer(id),
                document_id INTEGER REFERENCES document(id) ON DELETE SET NULL,
                span_index INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL
            );

            CREATE TRIGGER history_is_append_only_update BEFORE UPDATE ON history
            BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
            """)
        try db.execute(
            sql: "INSERT INTO database_info (key, value) VALUES ('database_id', ?), ('created_at', ?)",
            arguments: [UUID().uuidString.lowercased(), Timestamp.string(from: Date())])
    }

    /// Independent versions of a document's spans per reviewer, assignments and adjudications.
    private static func addTeamReview(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE span ADD COLUMN owner_id INTEGER REFERENCES reviewer(id);
            DROP INDEX span_by_document;
            CREATE INDEX span_by_document ON span(document_id, owner_id, start, "end" DESC, depth) WHERE deleted = 0;

            CREATE TABLE assignment (
                document_id INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                reviewer_id INTEGER NOT NULL REFERENCES reviewer(id),
                independent INTEGER NOT NULL DEFAULT 0,
                assigned_at TEXT NOT NULL,
                PRIMARY KEY (document_id, reviewer_id)
            ) WITHOUT ROWID;
            CREATE INDEX assignment_by_reviewer ON assignment(reviewer_id, document_id);

            CREATE TABLE adjudication (
                document_id INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
                adjudicator_id INTEGER NOT NULL REFERENCES reviewer(id),
                at TEXT NOT NULL,
                automatic INTEGER NOT NULL DEFAULT 0
            );
            """)
    }

    /// Finding a document's independent versions (including deleted spans, which still mark a
    /// version as started) without scanning every span. Partial: shared spans, nearly all of
    /// them, are not in it, so import pays nothing for it.
    private static func addVersionIndex(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX span_versions ON span(document_id, owner_id) WHERE owner_id IS NOT NULL")
    }

    /// Running totals of ratings per dimension and mode, so that `trellis stats` reads a dozen
    /// rows instead of aggregating every rating. Triggers keep them in step with every change to
    /// a rating and to a span's mode or deletion, in the same transaction (a span deleted outright
    /// takes its ratings with it first, while its mode can still be read); rows may reach a count
    /// of 0 and stay. Every statement in the triggers finds a span's ratings by `span_id`
    /// (`+dimension` keeps SQLite from scanning a whole dimension through `rating_by_dimension`).
    private static func addRatingTotals(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE rating_total (
                dimension TEXT NOT NULL,
                label TEXT NOT NULL,
                count INTEGER NOT NULL,
                total INTEGER NOT NULL,
                PRIMARY KEY (dimension, label)
            ) WITHOUT ROWID;

            INSERT INTO rating_total (dimension, label, count, total)
            SELECT r.dimension, s.label, COUNT(*), SUM(r.value)
            FROM rating r JOIN span s ON s.id = r.span_id WHERE s.deleted = 0 GROUP BY r.dimension, s.label;

            CREATE TRIGGER rating_total_after_insert AFTER INSERT ON rating BEGIN
                INSERT INTO rating_total (dimension, label, count, total)
                SELECT NEW.dimension, label, 1, NEW.value FROM span WHERE id = NEW.span_id AND deleted = 0
                ON CONFLICT (dimension, label) DO UPDATE SET count = count + 1, total = total + excluded.total;
            END;

            CREATE TRIGGER rating_total_after_delete AFTER DELETE ON rating BEGIN
                UPDATE rating_total SET count = count - 1, total = total - OLD.value
                WHERE dimension = OLD.dimension AND label = (SELECT label FROM span WHERE id = OLD.span_id AND deleted = 0);
            END;

            CREATE TRIGGER rating_total_after_update AFTER UPDATE OF span_id, dimension, value ON rating BEGIN
                UPDATE rating_total SET count = count - 1, total = total - OLD.value
                WHERE dimension = OLD.dimension AND label = (SELECT label FROM span WHERE id = OLD.span_id AND deleted = 0);
                INSERT INTO rating_total (dimension, label, count, total)
                SELECT NEW.dimension, label, 1, NEW.value FROM span WHERE id = NEW.span_id AND deleted = 0
                ON CONFLICT (dimension, label) DO UPDATE SET count = count + 1, total = total + excluded.total;
            END;

            CREATE TRIGGER rating_total_after_span_update AFTER UPDATE OF label, deleted ON span
            WHEN OLD.label IS NOT NEW.label OR OLD.deleted IS NOT NEW.deleted BEGIN
                UPDATE rating_total
                SET count = count - (SELECT COUNT(*) FROM rating WHERE span_id = OLD.id AND +dimension = rating_total.dimension),
                    total = total - (SELECT COALESCE(SUM(value), 0) FROM rating WHERE span_id = OLD.id AND +dimension = rating_total.dimension)
                WHERE OLD.deleted = 0 AND label = OLD.label;
                INSERT INTO rating_total (dimension, label, count, total)
                SELECT dimension, NEW.label, 1, value FROM rating WHERE span_id = NEW.id AND NEW.deleted = 0
                ON CONFLICT (dimension, label) DO UPDATE SET count = count + 1, total = total + excluded.total;
            END;

            CREATE TRIGGER rating_total_before_span_delete BEFORE DELETE ON span BEGIN
                DELETE FROM rating WHERE span_id = OLD.id;
            END;
            """)
    }

    /// The index of spans by mode served no query well: counting spans per mode must read each
    /// span's owner from the table anyway (a plain scan is as fast), and the mode filter goes
    /// through `span_by_document`. Import paid for it on every span.
    /// A long document is read a window at a time, and the span index saved in `reviewer_state`
    /// counts within the window: the span's start in the whole text is saved with it, so that
    /// reopening lands on the window where the reviewer left off (NULL: a document shown whole).
    private static func addResumeOffset(_ db: Database) throws {
        try db.execute(sql: "ALTER TABLE reviewer_state ADD COLUMN span_start INTEGER")
    }

    private static func dropLabelIndex(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX span_by_label")
    }

    /// History was append-only against `UPDATE` only; a `DELETE` could erase what happened. Now
    /// both are refused (documents, whose deletion would cascade to their history, are never
    /// deleted either).
    private static func refuseHistoryDeletes(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TRIGGER history_is_append_only_delete BEFORE DELETE ON history
            BEGIN SELECT RAISE(ABORT, 'history is append-only'); END;
            """)
    }

    /// Decisions and ratings record the state they were made on (`DecisionState`), so that any
    /// later change to it makes them stale; those made before are bound from history
    /// (`LegacyDecisionBinding`). `NULL`: no decision, or a state that is not known.
    private static func addDecisionState(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE span_review ADD COLUMN seen INTEGER;
            ALTER TABLE rating ADD COLUMN seen INTEGER;
            ALTER TABLE document_review ADD COLUMN seen INTEGER;
            """)
        try LegacyDecisionBinding.bind(in: db)
    }

    /// What blind review and attributed adjudication need: each independent reviewer's own
    /// status, span count and problem count of their version, kept on their assignment (so the
    /// list shows them what they did, not the shared version), filled here from the versions
    /// already made (the status from the reviewer's latest document decision still bound to their
    /// version as it is; problem counts come with the version's next change: finding them needs
    /// the schema); and, per adjudicated span, the versions' spans whose judgements it took.
    private static func addBlindVersionsAndAdjudicationSources(_ db: Database) throws {
        try db.execute(sql: """
            ALTER TABLE assignment ADD COLUMN version_status TEXT
                CHECK (version_status IN ('unreviewed', 'in-progress', 'approved', 'rejected', 'flagged'));
            ALTER TABLE assignment ADD COLUMN version_span_count INTEGER;
            ALTER TABLE assignment ADD COLUMN version_problem_count INTEGER;
            UPDATE assignment SET
                version_span_count = (SELECT COUNT(*) FROM span s
                                      WHERE s.document_id = assignment.document_id AND s.owner_id = assignment.reviewer_id AND s.deleted = 0)
            WHERE EXISTS (SELECT 1 FROM span s WHERE s.document_id = assignment.document_id AND s.owner_id = assignment.reviewer_id);

            CREATE TABLE adjudication_source (
                span_id INTEGER NOT NULL REFERENCES span(id) ON DELETE CASCADE,
                source_span_id INTEGER NOT NULL REFERENCES span(id) ON DELETE CASCADE,
                PRIMARY KEY (span_id, source_span_id)
            ) WITHOUT ROWID;
            """)
        for row in try Row.fetchAll(db, sql: "SELECT document_id, reviewer_id FROM assignment WHERE version_span_count IS NOT NULL") {
            try refreshVersionStatus(of: try row.decode(forColumn: "document_id"), reviewer: try row.decode(forColumn: "reviewer_id"), in: db)
        }
    }

    /// The machine's version of each document: its spans exactly as the rewriter wrote them (packed
    /// by `CompactSpans`, one row per document and version, never changed) and who wrote them.
    /// Import writes version 1, every replacing re-import the next. Documents imported before are
    /// given theirs from what the database holds (`MachineVersionBackfill`).
    private static func addMachineVersions(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE machine_version (
                document_id INTEGER NOT NULL REFERENCES document(id),
                version INTEGER NOT NULL CHECK (version >= 1),
                rewriter TEXT NOT NULL,
                import_run_id INTEGER REFERENCES import_run(id),
                origin TEXT NOT NULL CHECK (origin IN ('import', 'backfill')),
                spans BLOB NOT NULL,
                PRIMARY KEY (document_id, version)
            ) WITHOUT ROWID;

            CREATE TRIGGER machine_version_is_kept_update BEFORE UPDATE ON machine_version
            BEGIN SELECT RAISE(ABORT, 'a machine version is never changed'); END;
            CREATE TRIGGER machine_version_is_kept_delete BEFORE DELETE ON machine_version
            BEGIN SELECT RAISE(ABORT, 'a machine version is never changed'); END;
            """)
        try MachineVersionBackfill.run(in: db)
    }

    /// Audits: stratified random samples of unreviewed documents drawn to measure rewriters
    /// without the bias of what reviewers open by choice (`trellis sample --name`). Each stratum
    /// records its size in the corpus when drawn, for weighting the estimates.
    private static func addAudits(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE audit (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                stratify TEXT NOT NULL,
                seed INTEGER NOT NULL,
                size INTEGER NOT NULL,
                created_by INTEGER REFERENCES reviewer(id),
                created_at TEXT NOT NULL
            );
            CREATE TABLE audit_stratum (
                audit_id INTEGER NOT NULL REFERENCES audit(id),
                place INTEGER NOT NULL,
                key TEXT NOT NULL,
                population INTEGER NOT NULL,
                frame INTEGER NOT NULL,
                sampled INTEGER NOT NULL,
                PRIMARY KEY (audit_id, place)
            ) WITHOUT ROWID;
            CREATE TABLE audit_document (
                audit_id INTEGER NOT NULL REFERENCES audit(id),
                document_id INTEGER NOT NULL REFERENCES document(id),
                stratum INTEGER NOT NULL,
                PRIMARY KEY (audit_id, document_id)
            ) WITHOUT ROWID;
            """)
    }
}
