import CSQLiteSetup
import GRDB
import GRDBSQLite
import Testing
@testable import TrellisStore
import TrellisTestSupport

/// What Trellis sets in SQLite, and what it relies on GRDB for.
@Suite struct SQLiteSettingsTests {
    /// Multi-thread mode would only take away the mutex of each connection, which GRDB already
    /// opens without (`SQLITE_OPEN_NOMUTEX`): the writer's and the readers' connections alike.
    @Test func connectionsHaveNoMutexOfTheirOwn() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase.open(path: directory.path("settings.sqlite"))
        #expect(try database.write { db in sqlite3_db_mutex(db.sqliteConnection) } == nil)
        #expect(try database.read { db in sqlite3_db_mutex(db.sqliteConnection) } == nil)
        #expect(try AppDatabase.inMemory().read { db in sqlite3_db_mutex(db.sqliteConnection) } == nil)
    }

    /// The writer's page cache holds a long document's text (every edit of it walks the text's
    /// pages); readers, which exports stream through, keep SQLite's default.
    @Test func theWriterCachesEnoughPagesForALongDocumentsText() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase.open(path: directory.path("cache.sqlite"))
        #expect(try database.write { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } == -AppDatabase.writerCacheKiB)
        #expect(try database.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } == -2000)
        #expect(AppDatabase.writerCacheKiB * 1024 > 16 * 1024 * 1024, "more than the longest text an import takes")
    }

    /// Memory statistics are off for the whole process: SQLite counts no allocation. (Every test
    /// that opens a raw GRDB connection opens an `AppDatabase` first, as the app always does.)
    @Test func memoryStatisticsAreOff() throws {
        let database = try AppDatabase.inMemory()
        _ = try database.reviewer(named: "ada")
        #expect(AppDatabase.sqliteConfigured, "SQLite started before AppDatabase configured it: open an AppDatabase before any raw GRDB connection")
        var current: sqlite3_int64 = -1, highest: sqlite3_int64 = -1
        #expect(sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &highest, 0) == SQLITE_OK)
        #expect(current == 0 && highest == 0, "SQLite counted \(current) bytes in use")
    }

    /// An `UPDATE` of a row with a long text rebuilds the text in buffers of its size (the
    /// column's value, the new record); once freed they are kept, and the next `UPDATE` reuses
    /// them instead of having glibc map fresh pages and fault every one of them in again.
    @Test func largeBlocksFreedBySQLiteAreReused() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase.open(path: directory.path("blocks.sqlite"))
        #expect(AppDatabase.sqliteConfigured)
        let text = String(repeating: "a long document's text ", count: 50_000)
        try database.write { db in
            try db.execute(sql: "CREATE TABLE row_with_text (id INTEGER PRIMARY KEY, text TEXT NOT NULL, revision INTEGER NOT NULL)")
            try db.execute(sql: "INSERT INTO row_with_text VALUES (1, ?, 0)", arguments: [text])
        }
        var allocations: UInt64 = 0, reused: UInt64 = 0, kept: Int32 = 0
        try database.write { db in try db.execute(sql: "UPDATE row_with_text SET revision = revision + 1 WHERE id = 1") }
        trellis_sqlite_large_blocks(&allocations, &reused, &kept)
        let (allocationsBefore, reusedBefore) = (allocations, reused)
        #expect(kept > 0, "the first UPDATE's buffers were kept")
        for _ in 0..<10 {
            try database.write { db in try db.execute(sql: "UPDATE row_with_text SET revision = revision + 1 WHERE id = 1") }
        }
        trellis_sqlite_large_blocks(&allocations, &reused, &kept)
        #expect(allocations - allocationsBefore >= 10, "each UPDATE asks for the text's buffers")
        // Other tests running meanwhile may take a kept block now and then; nearly all are reused.
        #expect(reused - reusedBefore >= (allocations - allocationsBefore) * 3 / 4)
        #expect(try database.read { db in try String.fetchOne(db, sql: "SELECT text FROM row_with_text") } == text)
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT revision FROM row_with_text") } == 11)
    }
}
