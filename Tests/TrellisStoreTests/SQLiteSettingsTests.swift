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
}
