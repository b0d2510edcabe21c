import Foundation
import GRDB
import Testing
import TrellisStore
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
        let (complete, journal, tables) = try database.writer.read { db in
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
        let plans = try database.writer.read { db in
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
            }
            try old.close()

            let upgraded = try AppDatabase.open(path: path)
            let document = try #require(try upgraded.document(externalID: "d1"), "after migrating from \(target) (#\(index))")
            #expect(document.record.text == "Hello")
            #expect(document.spans.map(\.label) == ["ai"])
            #expect(try upgraded.reviewer(named: "ada").role == .reviewer)
            #expect(try upgraded.writer.read { db in try AppDatabase.migrator.hasCompletedMigrations(db) })
        }
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
        #expect(try opened.writer.read { db in try AppDatabase.migrator.hasCompletedMigrations(db) })
        #expect(try opened.reviewStats().meanRatings.isEmpty)
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
        try database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO document (external_id, text, length, content_hash, imported_at, updated_at)
                VALUES ('d1', 'x', 1, 'h', 't', 't');
                INSERT INTO history (document_id, at, action) VALUES (1, 't', 'edit');
                """)
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "UPDATE history SET action = 'forged'") }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "DELETE FROM history") }
        }
        #expect(throws: DatabaseError.self) {
            try database.writer.write { db in try db.execute(sql: "DELETE FROM document") }
        }
        #expect(try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM history") } == 1)
    }

    @Test func historyKeptBeforeV6CannotBeDeletedAfterIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("v5.sqlite")
        let old = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(old, upTo: "v5-no-label-index")
        try old.write { db in
            try db.execute(sql: """
                INSERT INTO document (external_id, text, length, content_hash, imported_at, updated_at) VALUES ('d1', 'x', 1, 'h', 't', 't');
                INSERT INTO history (document_id, at, action) VALUES (1, 't', 'edit');
                DELETE FROM history;
                INSERT INTO history (document_id, at, action) VALUES (1, 't', 'edit');
                """)
        }
        try old.close()
        let upgraded = try AppDatabase.open(path: path)
        #expect(throws: DatabaseError.self) {
            try upgraded.writer.write { db in try db.execute(sql: "DELETE FROM history") }
        }
        #expect(try upgraded.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM history") } == 1)
    }
}
