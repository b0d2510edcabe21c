import CSQLiteSetup
import Foundation
import GRDB
import TrellisModel

/// The one owner of a Trellis database: the GRDB writer (private: everything else goes through
/// this type's methods), the migrations and the clock.
///
/// Files are opened as a `DatabasePool` (WAL mode, so reviewers read while one writes) with a busy
/// timeout; tests use an in-memory queue. Every method writes in its own short transaction:
/// nothing a reviewer does lives only in memory. ``SQLiteReviewStore`` serves the review screen
/// from it through the ``ReviewStore`` protocol.
public final class AppDatabase: Sendable {
    private let writer: any DatabaseWriter
    /// Where the database lives; `nil` in memory.
    public let path: String?
    /// Whether the database was opened read-only (file or directory not writable, or asked for).
    public let isReadOnly: Bool
    let clock: @Sendable () -> Date
    /// Reports waits for other processes' locks.
    public let busySignal: BusySignal
    /// Indexes a new database's build set aside (``NewDatabaseBuild``); `nil` for any other.
    let setAsideIndexes: SetAsideIndexes?

    /// Seconds a write waits for another process's lock before giving up.
    public static let busyTimeout: TimeInterval = BusySignal.defaultTimeout

    init(writer: any DatabaseWriter, path: String?, isReadOnly: Bool, busySignal: BusySignal, setAsideIndexes: SetAsideIndexes? = nil,
         clock: @escaping @Sendable () -> Date) throws {
        self.writer = writer
        self.setAsideIndexes = setAsideIndexes
        self.busySignal = busySignal
        self.path = path
        self.isReadOnly = isReadOnly
        self.clock = clock
        if !isReadOnly {
            try Self.migrator.migrate(writer)
        }
    }

    /// Runs `body` in a read transaction (a snapshot: in WAL mode, writers do not block it).
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.read(body)
    }

    /// Runs `body` in a write transaction, committed when it returns.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.write(body)
    }

    /// Runs `body` outside a transaction (pragmas, checkpoints).
    func writeWithoutTransaction<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction(body)
    }

    /// Migrates the database again (tests of migrations).
    func migrate() throws {
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating and migrating if needed) the database at `path`.
    /// A file that cannot be written is opened read-only when `allowReadOnly` is set. Opening
    /// read-only still upgrades an older schema first when the file can be written; one that
    /// cannot is refused with `StoreError.olderSchema`.
    public static func open(path: String, readOnly: Bool = false, allowReadOnly: Bool = false, clock: @escaping @Sendable () -> Date = Date.init) throws -> AppDatabase {
        do {
            return try openFile(path: path, readOnly: readOnly, allowReadOnly: allowReadOnly, clock: clock)
        } catch let error as DatabaseError {
            throw folderProblem(path: path, creating: false, error: error) ?? error
        }
    }

    /// `StoreError.folderNotWritable` when SQLite could not open or write `path` because its
    /// folder cannot be written.
    static func folderProblem(path: String, creating: Bool, error: DatabaseError) -> StoreError? {
        guard [.SQLITE_READONLY, .SQLITE_CANTOPEN].contains(error.resultCode), access(StoreError.folder(of: path), W_OK) != 0 else { return nil }
        return .folderNotWritable(path: path, creating: creating)
    }

    private static func openFile(path: String, readOnly: Bool, allowReadOnly: Bool, clock: @escaping @Sendable () -> Date) throws -> AppDatabase {
        let exists = FileManager.default.fileExists(atPath: path)
        let writable = exists && Self.isWritable(path: path)
        if readOnly || (allowReadOnly && exists && !writable) {
            guard exists else { throw StoreError.notFound(path) }
            do {
                return try openReading(path: path, clock: clock)
            } catch StoreError.olderSchema where writable {
                _ = try open(path: path)
                return try openReading(path: path, clock: clock)
            }
        }
        NewDatabaseBuild.removeAbandoned(for: path)
        let signal = BusySignal()
        var configuration = makeConfiguration(signal)
        configuration.prepareDatabase { db in
            if !db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -\(writerCacheKiB)") }
        }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.read { db in try Self.checkVersion(db, path: path) }
        return try AppDatabase(writer: pool, path: path, isReadOnly: false, busySignal: signal, clock: clock)
    }

    /// Opens the existing database at `path` read-only, writing nothing into the file (not even
    /// the switch to WAL mode that opening for writing may make): a pool of reading connections,
    /// so that an export reads on several threads. A schema older than this Trellis's is refused
    /// with `StoreError.olderSchema`, since upgrading it writes.
    public static func openReading(path: String, clock: @escaping @Sendable () -> Date = Date.init) throws -> AppDatabase {
        guard FileManager.default.fileExists(atPath: path) else { throw StoreError.notFound(path) }
        let signal = BusySignal()
        var configuration = makeConfiguration(signal)
        configuration.readonly = true
        do {
            let pool = try DatabasePool(path: path, configuration: configuration)
            try pool.read { db in
                try Self.checkVersion(db, path: path)
                if let pending = try Self.firstPendingMigration(db) { throw StoreError.olderSchema(path: path, migration: pending) }
            }
            return try AppDatabase(writer: pool, path: path, isReadOnly: true, busySignal: signal, clock: clock)
        } catch let error as DatabaseError {
            // A WAL file's reader needs its shared-memory file, which a folder it cannot write cannot take.
            throw folderProblem(path: path, creating: false, error: error) ?? error
        }
    }

    /// A fresh in-memory database, for tests.
    public static func inMemory(clock: @escaping @Sendable () -> Date = Date.init) throws -> AppDatabase {
        let signal = BusySignal()
        return try AppDatabase(writer: DatabaseQueue(configuration: makeConfiguration(signal)), path: nil, isReadOnly: false, busySignal: signal, clock: clock)
    }

    static func makeConfiguration(_ signal: BusySignal) -> Configuration {
        _ = sqliteConfigured
        var configuration = Configuration()
        configuration.busyMode = .callback { tries in signal.wait(tries: tries) }
        configuration.foreignKeysEnabled = true
        configuration.label = "trellis"
        configuration.prepareDatabase { db in
            guard trellis_sqlite_add_functions(UnsafeMutableRawPointer(db.sqliteConnection)) == 0 else {
                throw DatabaseError(message: "cannot add Trellis's SQL functions to the connection")
            }
        }
        return configuration
    }

    /// The page cache of a database's writer connection, in KiB (SQLite's default is 2000): an
    /// edit of a long document reads its row, whose text (up to 16 MB) SQLite walks page by page
    /// to reach the columns after it and to rewrite it; a cache that holds it turns hundreds of
    /// reads of the file per edit into none. Readers keep the default: they read the row only
    /// when a window moves, and exports stream through them. Pages are held only once read.
    static let writerCacheKiB = 32 * 1024

    /// Process-wide SQLite settings (no memory statistics), applied before the first connection
    /// opens; `false` if SQLite had already started, which costs only speed. (Connections have no
    /// mutex of their own: GRDB opens them with `SQLITE_OPEN_NOMUTEX`.)
    static let sqliteConfigured = trellis_sqlite_configure() == 0

    private static func isWritable(path: String) -> Bool {
        let directory = (path as NSString).deletingLastPathComponent
        return FileManager.default.isWritableFile(atPath: path)
            && FileManager.default.isWritableFile(atPath: directory.isEmpty ? "." : directory)
    }

    /// Refuses a file that is not a Trellis database, or one written by a newer Trellis.
    private static func checkVersion(_ db: Database, path: String) throws {
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        guard !tables.isEmpty else { return }
        guard tables.contains("grdb_migrations") else { throw StoreError.notTrellisDatabase(path) }
        let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        let known = Set(migrator.migrations)
        if let unknown = applied.first(where: { !known.contains($0) }) {
            throw StoreError.newerSchema(path: path, migration: unknown)
        }
    }

    /// The first migration not yet applied to the database, if any.
    private static func firstPendingMigration(_ db: Database) throws -> String? {
        let applied = try migrator.appliedIdentifiers(db)
        return migrator.migrations.first { !applied.contains($0) }
    }

    /// The current time as stored in the database (ISO 8601, UTC, milliseconds).
    func now() -> String {
        Timestamp.string(from: clock())
    }
}
