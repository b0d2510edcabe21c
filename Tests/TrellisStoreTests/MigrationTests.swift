import Foundation
import GRDB
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

@Suite struct MigrationTests {
    /// Opening a database configures SQLite for the process, as the app does before anything
    /// else; these tests then open raw connections too (see SQLiteSettingsTests).
    init() throws {
        _ = try AppDatabase.inMemory()
    }

    @Test func anEmptyFileMigratesToTheLatestSchemaInWALMode() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase.open(path: directory.path("new.sqlite"))
        let (complete, journal, tables) = try database.read { db in
            (try AppDatabase.migrator.hasCompletedMigrations(db),
             try String.fetchOne(db, sql: "PRAGMA journal_mode"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
        }
        #expect(complete)
        #expect(journal == "wal")
        for table in ["document", "span", "reviewer", "rating", "span_review", "document_review", "history", "reviewer_state", "import_run"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
        #expect(try database.databaseID().count == 36)
    }

    /// Every rating and decision asks whether the reviewer has an independent version, and
    /// agreement asks which versions a document has: an index must answer, not a scan of every span.
    @Test func versionQueriesUseAnIndexNotAScan() throws {
        let database = try AppDatabase.inMemory()
        let plans = try database.read { db in
            try [
                "SELECT EXISTS (SELECT 1 FROM span WHERE document_id = 1 AND owner_id = 2)",
                "SELECT document_id FROM span WHERE owner_id IS NOT NULL AND document_id > 0 GROUP BY document_id HAVING COUNT(DISTINCT owner_id) >= 2 ORDER BY document_id LIMIT 500",
            ].map { sql in try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }.joined(separator: "; ") }
        }
        for plan in plans {
            #expect(plan.contains("span_versions"), "\(plan)")
            #expect(!plan.contains("SCAN span"), "\(plan)")
        }
    }

    @Test func everyEarlierVersionMigratesForwardKeepingItsData() throws {
        let migrations = AppDatabase.migrator.migrations
        #expect(!migrations.isEmpty)
        for (index, target) in migrations.enumerated() {
            let directory = try TemporaryDirectory()
            let path = directory.path("old.sqlite")
            let old = try DatabaseQueue(path: path)
            try AppDatabase.migrator.migrate(old, upTo: target)
            try old.write { db in
                try db.execute(sql: "INSERT INTO reviewer (name, role, created_at) VALUES ('ada', 'reviewer', '2026-01-01T00:00:00.000Z')")
                try db.execute(sql: """
                    INSERT INTO document (external_id, text, length, content_hash, imported_at, updated_at)
                    VALUES ('d1', 'Hello', 5, 'h', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
                    """)
                try db.execute(sql: "INSERT INTO span (document_id, start, \"end\", label) VALUES (1, 0, 5, 'ai')")
                try db.execute(sql: """
                    INSERT INTO span_review (span_id, reviewer_id, decision, updated_at) VALUES (1, 1, 'approved', '2026-01-01T00:00:00.000Z');
                    INSERT INTO rating (span_id, reviewer_id, dimension, value, updated_at) VALUES (1, 1, 'honesty', 4, '2026-01-01T00:00:00.000Z');
                    INSERT INTO document_review (document_id, reviewer_id, decision, updated_at) VALUES (1, 1, 'approved', '2026-01-01T00:00:00.000Z');
                    """)
            }
            try old.close()

            let upgraded = try AppDatabase.open(path: path)
            let document = try #require(try upgraded.document(externalID: "d1"), "after migrating from \(target) (#\(index))")
            #expect(document.record.text == "Hello")
            #expect(document.spans.map(\.label) == ["ai"])
            // Judgements from before v7 with no history are bound to the state they find; those
            // written since without a state (not by Trellis) are unknown, so stale.
            let bound = index < migrations.firstIndex(of: "v7-decision-state")!
            let span = try #require(document.spans.first?.id)
            #expect(document.currentDecision(on: span, by: "ada") == (bound ? .approved : nil))
            #expect(document.ratingsBeforeChange(of: span, by: "ada").isEmpty == bound)
            #expect(document.currentDecision(on: nil, by: "ada") == (bound ? .approved : nil))
            #expect(try upgraded.reviewer(named: "ada").role == .reviewer)
            // Before v13 machine versions were not kept: the document gets its spans as they are
            // (no history changed them), by a rewriter nothing names.
            if index < migrations.firstIndex(of: "v13-machine-versions")! {
                let versions = try upgraded.machineVersions(of: document.record.id)
                #expect(versions.map(\.spans) == [[Span(start: 0, end: 5, label: "ai")]])
                #expect(versions.map(\.rewriter) == ["unknown"])
            }
            #expect(try upgraded.read { db in try AppDatabase.migrator.hasCompletedMigrations(db) })
        }
    }

    /// v8 fills each independent version's own status and span count from what is already there
    /// (the status from a document decision v7 bound to the version as it is).
    @Test func versionsMadeBeforeV8GetTheirOwnStatusAndSpanCount() throws {
        let directory = try TemporaryDirectory()
        let upgraded = try upgrade(from: "v5-no-label-index", in: directory, after: """
            INSERT INTO reviewer (name, role, created_at) VALUES ('ada', 'reviewer', 't'), ('bo', 'reviewer', 't'), ('cy', 'reviewer', 't');
            INSERT INTO document (external_id, text, length, content_hash, imported_at, updated_at, status) VALUES ('d1', 'Hello there', 11, 'h', 't', 't', 'approved');
            INSERT INTO span (document_id, start, "end", label) VALUES (1, 0, 11, 'ai');
            INSERT INTO span (document_id, owner_id, start, "end", label) VALUES (1, 1, 0, 5, 'ai'), (1, 1, 6, 11, 'ai'), (1, 2, 0, 11, 'ai');
            INSERT INTO assignment (document_id, reviewer_id, independent, assigned_at) VALUES (1, 1, 1, 't'), (1, 2, 1, 't'), (1, 3, 1, 't');
            INSERT INTO document_review (document_id, reviewer_id, decision, updated_at) VALUES (1, 1, 'approved', 't');
            INSERT INTO history (document_id, reviewer_id, at, action) VALUES (1, 2, 't', 'split');
            """)
        let rows = try upgraded.read { db in
            try Row.fetchAll(db, sql: "SELECT reviewer_id, version_status, version_span_count FROM assignment ORDER BY reviewer_id")
                .map { "\($0[0] as Int64) \(($0[1] as String?) ?? "-") \(($0[2] as Int?).map(String.init) ?? "-")" }
        }
        #expect(rows == ["1 approved 2", "2 in-progress 1", "3 - -"], "cy has no version yet")
        #expect(try upgraded.documentPage(filter: .all, limit: 5, viewer: "cy").first?.status == .unreviewed)
        #expect(try upgraded.documentPage(filter: .all, limit: 5, viewer: "ada").first?.spanCount == 2)
    }

    @Test func openingAnOlderDatabaseReadOnlyUpgradesItWhenTheFileCanBeWritten() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("old.sqlite")
        let old = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(old, upTo: "v3-version-index")
        try old.close()

        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        if !FileManager.default.isWritableFile(atPath: path) {  // root may write anything
            #expect(throws: StoreError.olderSchema(path: path, migration: "v4-rating-totals")) {
                _ = try AppDatabase.open(path: path, readOnly: true)
            }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)

        let opened = try AppDatabase.open(path: path, readOnly: true)
        #expect(opened.isReadOnly)
        #expect(try opened.read { db in try AppDatabase.migrator.hasCompletedMigrations(db) })
        #expect(try opened.reviewStats().meanRatings.isEmpty)
    }

    /// `openReading` (an export's) writes nothing into the file: not a migration, which it
    /// refuses, nor the switch to WAL mode, nor GRDB's setup of WAL mode on a file that has no
    /// log yet.
    @Test func openingForReadingWritesNothingIntoTheFile() throws {
        let directory = try TemporaryDirectory()
        let bytes = { (path: String) in try Data(contentsOf: URL(fileURLWithPath: path)) }

        let oldPath = directory.path("old.sqlite")
        let old = try DatabaseQueue(path: oldPath)
        try AppDatabase.migrator.migrate(old, upTo: "v3-version-index")
        try old.close()
        let oldBytes = try bytes(oldPath)
        #expect(throws: StoreError.olderSchema(path: oldPath, migration: "v4-rating-totals")) {
            _ = try AppDatabase.openReading(path: oldPath)
        }
        #expect(try bytes(oldPath) == oldBytes)

        let walPath = directory.path("wal.sqlite")
        try { _ = try AppDatabase.open(path: walPath) }()  // closed: its log is gone
        #expect(!FileManager.default.fileExists(atPath: walPath + "-wal"))
        let deletePath = directory.path("delete.sqlite")
        try FileManager.default.copyItem(atPath: walPath, toPath: deletePath)
        let journal = try DatabaseQueue(path: deletePath)
        try journal.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        try journal.close()
        for path in [walPath, deletePath] {
            let before = try bytes(path)
            try {
                let reading = try AppDatabase.openReading(path: path)
                #expect(reading.isReadOnly)
                #expect(try reading.read { db in try AppDatabase.migrator.hasCompletedMigrations(db) })
            }()
            #expect(try bytes(path) == before, "\(path)")
        }
    }

    @Test func aDatabaseFromANewerTrellisIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("future.sqlite")
        _ = try AppDatabase.open(path: path)
        let raw = try DatabaseQueue(path: path)
        try raw.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-future')") }
        try raw.close()
        #expect(throws: StoreError.newerSchema(path: path, migration: "v99-future")) {
            _ = try AppDatabase.open(path: path)
        }
    }

    @Test func aForeignSQLiteFileIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("other.sqlite")
        let raw = try DatabaseQueue(path: path)
        try raw.write { db in try db.execute(sql: "CREATE TABLE t (x)") }
        try raw.close()
        #expect(throws: StoreError.notTrellisDatabase(path)) { _ = try AppDatabase.open(path: path) }
    }

    @Test func historyIsAppendOnly() throws {
        let database = try AppDatabase.inMemory()
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO document (external_id, text, length, content_hash, imported_at, updated_at)
                VALUES ('d1', 'x', 1, 'h', 't', 't');
                INSERT INTO history (document_id, at, action) VALUES (1, 't', 'edit');
                """)
        }
        #expect(throws: DatabaseError.self) {
            try database.write { db in try db.execute(sql: "UPDATE history SET action = 'forged'") }
        }
        #expect(throws: DatabaseError.self) {
            try database.write { db in try db.execute(sql: "DELETE FROM history") }
        }
        #expect(throws: DatabaseError.self) {
            try database.write { db in try db.execute(sql: "DELETE FROM document") }
        }
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM history") } == 1)
    }

    @Test func historyKeptBeforeV6CannotBeDeletedAfterIt() throws {
        let directory = try TemporaryDirectory()
        let upgraded = try upgrade(from: "v5-no-label-index", in: directory, after: """
            INSERT INTO document (external_id, text, length, content_hash, imported_at, updated_at) VALUES ('d1', 'x', 1, 'h', 't', 't');
            INSERT INTO history (document_id, at, action) VALUES (1, 't', 'edit');
            DELETE FROM history;
            INSERT INTO history (document_id, at, action) VALUES (1, 't', 'edit');
            """)
        #expect(throws: DatabaseError.self) {
            try upgraded.write { db in try db.execute(sql: "DELETE FROM history") }
        }
        #expect(try upgraded.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM history") } == 1)
    }

    /// Decisions made before v7 are bound, from history, to the state they were made on: an
    /// approval followed by a boundary move is stale after the migration, one followed by
    /// nothing is current, a note written later does not rebind, and undo still works.
    @Test func decisionsMadeBeforeV7AreBoundToTheStateHistoryShowsThemMadeOn() throws {
        let directory = try TemporaryDirectory()
        let time = "2026-01-01T00:00:00.000Z"
        func entry(_ action: String, span: Int?, _ before: String, _ after: String) -> String {
            "INSERT INTO history (document_id, span_id, reviewer_id, at, action, before, after) VALUES (1, \(span.map(String.init) ?? "NULL"), 1, '\(time)', '\(action)', '\(before)', '\(after)');"
        }
        // Rated and approved the ai span at 10–21, approved the human span and the document,
        // then moved the ai span's end to 16, then wrote a note on the human span.
        let upgraded = try upgrade(from: "v6-history-no-delete", in: directory, after: """
                INSERT INTO reviewer (name, role, created_at) VALUES ('ada', 'reviewer', '\(time)');
                INSERT INTO document (external_id, text, length, content_hash, imported_at, updated_at, status)
                VALUES ('d1', 'Hi there. Hello, you.', 21, 'h', '\(time)', '\(time)', 'approved');
                INSERT INTO span (document_id, start, "end", label) VALUES (1, 0, 9, 'human');
                INSERT INTO span (document_id, start, "end", label) VALUES (1, 10, 16, 'ai');
                INSERT INTO span_review (span_id, reviewer_id, decision, note, updated_at) VALUES (1, 1, 'approved', 'fine', '\(time)');
                INSERT INTO span_review (span_id, reviewer_id, decision, updated_at) VALUES (2, 1, 'approved', '\(time)');
                INSERT INTO rating (span_id, reviewer_id, dimension, value, updated_at) VALUES (2, 1, 'honesty', 4, '\(time)');
                INSERT INTO document_review (document_id, reviewer_id, decision, updated_at) VALUES (1, 1, 'approved', '\(time)');
                """ + [
                entry("rate", span: 2, #"{"ratings":[{"spanId":2,"reviewerId":1,"dimension":"honesty"}]}"#,
                      #"{"ratings":[{"spanId":2,"reviewerId":1,"dimension":"honesty","value":4}]}"#),
                entry("decide", span: 2, #"{"span_reviews":[{"spanId":2,"reviewerId":1}]}"#,
                      #"{"span_reviews":[{"spanId":2,"reviewerId":1,"decision":"approved"}]}"#),
                entry("decide", span: 1, #"{"span_reviews":[{"spanId":1,"reviewerId":1}]}"#,
                      #"{"span_reviews":[{"spanId":1,"reviewerId":1,"decision":"approved"}]}"#),
                entry("decide-document", span: nil, #"{"document_reviews":[{"documentId":1,"reviewerId":1}]}"#,
                      #"{"document_reviews":[{"documentId":1,"reviewerId":1,"decision":"approved"}]}"#),
                entry("move-end", span: 2, #"{"spans":[{"id":2,"start":10,"end":21,"label":"ai","depth":0,"deleted":false}]}"#,
                      #"{"spans":[{"id":2,"start":10,"end":16,"label":"ai","depth":0,"deleted":false}]}"#),
                entry("note", span: 1, #"{"span_reviews":[{"spanId":1,"reviewerId":1,"decision":"approved"}]}"#,
                      #"{"span_reviews":[{"spanId":1,"reviewerId":1,"decision":"approved","note":"fine"}]}"#),
            ].joined(separator: "\n"))
        let document = try #require(try upgraded.document(externalID: "d1"))
        #expect(document.currentDecision(on: 1, by: "ada") == .approved, "nothing changed the human span since")
        #expect(document.note(on: 2, by: "ada")?.decision == .approved)
        #expect(document.currentDecision(on: 2, by: "ada") == nil, "the ai span's end moved after the approval")
        #expect(document.ratingsBeforeChange(of: 2, by: "ada") == ["honesty"])
        #expect(document.currentDecision(on: nil, by: "ada") == nil, "the document changed after its approval")

        // Undoing the move (an entry from before v7) brings the approvals back.
        let undone = try #require(try upgraded.undo(in: 1, by: "ada", schema: Fixtures.defaultSchema))
        #expect(undone.action == "note")
        let moved = try #require(try upgraded.undo(in: 1, by: "ada", schema: Fixtures.defaultSchema))
        #expect(moved.action == "move-end")
        #expect(moved.document.currentDecision(on: 2, by: "ada") == .approved)
        #expect(moved.document.currentDecision(on: nil, by: "ada") == .approved)
        #expect(moved.document.record.status == .approved)
    }

    /// A database file stopped at `migration` with `sql` run in it, then opened: migrated to the latest.
    private func upgrade(from migration: String, in directory: TemporaryDirectory, after sql: String) throws -> AppDatabase {
        let path = directory.path("old.sqlite")
        let old = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(old, upTo: migration)
        try old.write { db in try db.execute(sql: sql) }
        try old.close()
        return try AppDatabase.open(path: path)
    }
}
