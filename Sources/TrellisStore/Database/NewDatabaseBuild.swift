import Foundation
import GRDB
import TrellisModel

/// A new database filled aside and moved into place whole: how a first import writes a file that
/// does not exist yet, several times faster than through the write-ahead log.
///
/// The file is built at `PATH.building-PID` with its journal in memory (so a failed batch still
/// rolls back), no syncs, an exclusive lock, 16 KiB pages and no foreign-key checks. `finish()` switches it to WAL mode, syncs it once and links it at
/// `PATH`, refusing to replace a file that appeared there meanwhile. Until then `PATH` does not exist: an interrupted build
/// leaves nothing half-written there, only the aside file, which the next import or opening of `PATH` deletes once its
/// process is gone (`removeAbandoned(for:)`).
public final class NewDatabaseBuild {
    /// The database being built, to import into.
    public let database: AppDatabase
    /// Where the database goes when finished.
    public let path: String
    /// Where it is built.
    public let asidePath: String
    private let queue: DatabaseQueue
    /// The indexes of the documents and spans, built once the rows are in.
    private let indexes = SetAsideIndexes()
    private var done = false

    /// Starts building a new database for `path`, which must not exist.
    public init(path: String, clock: @escaping @Sendable () -> Date = Date.init) throws {
        guard !FileManager.default.fileExists(atPath: path) else { throw StoreError.exists(path) }
        self.path = path
        asidePath = "\(path).building-\(getpid())"
        try? FileManager.default.removeItem(atPath: asidePath)
        Self.removeAbandoned(for: path)
        let signal = BusySignal()
        var configuration = AppDatabase.makeConfiguration(signal)
        // Import writes only rows whose references it has just written itself, so checking them
        // again costs a lookup per span for nothing (tests check the built file's foreign keys).
        configuration.foreignKeysEnabled = false
        configuration.prepareDatabase { db in
            // Pages of 16 KiB hold a document's text and a run of its spans together: fewer pages
            // to split and write. No other process opens the file while it is built.
            try db.execute(sql: "PRAGMA page_size = 16384; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA locking_mode = EXCLUSIVE")
        }
        do {
            queue = try DatabaseQueue(path: asidePath, configuration: configuration)
        } catch let error as DatabaseError {
            Self.remove(asidePath)
            throw AppDatabase.folderProblem(path: path, creating: true, error: error) ?? error
        }
        do {
            database = try AppDatabase(writer: queue, path: asidePath, isReadOnly: false, busySignal: signal, setAsideIndexes: self.indexes, clock: clock)
            // A new database has no kept reports, so these triggers could never fire while it is
            // built; the indexes of the documents and spans are built once the rows are in.
            // `finish()` puts them back.
            try queue.write { db in
                for trigger in AppDatabase.reusedSpanIDTriggers { try db.execute(sql: "DROP TRIGGER \(trigger.name)") }
                try self.indexes.setAside(in: db)
            }
        } catch {
            // Migrating the empty file failed (a full disk): leave nothing behind.
            try? queue.close()
            Self.remove(asidePath)
            throw error
        }
    }

    /// Deletes the database file at `path` and SQLite's files beside it.
    private static func remove(_ path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// Puts back the indexes and triggers set aside, switches the database to WAL mode, syncs it and moves it
    /// to `path`.
    public func finish() throws {
        precondition(!done, "a database build finishes once")
        do {
            try queue.write { db in
                try self.indexes.putBack(in: db)
                for trigger in AppDatabase.reusedSpanIDTriggers { try db.execute(sql: trigger.sql) }
            }
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try queue.close()
            try Self.sync(path: asidePath)
        } catch {
            // Not finished (a full disk): nothing is left, as when abandoned.
            abandon()
            throw error
        }
        done = true
        // SQLite creates files rw-r--r--; a new database gets what the umask allows, as files
        // other tools create do (rw-rw-r-- with umask 002, for a team's group: docs/team.md).
        // SQLite gives the -wal and -shm files the database's mode.
        let mask = umask(0)
        umask(mask)
        chmod(asidePath, 0o666 & ~mask)
        guard link(asidePath, path) == 0 else {
            let code = errno
            if code == EEXIST { throw StoreError.refused("\(path) appeared while it was being built; the new database was left at \(asidePath)") }
            throw StoreError.refused("cannot move \(asidePath) to \(path): \(String(cString: strerror(code)))")
        }
        unlink(asidePath)
        let directory = (path as NSString).deletingLastPathComponent
        try Self.sync(path: directory.isEmpty ? "." : directory)
    }

    /// Deletes the unfinished database.
    public func abandon() {
        guard !done else { return }
        done = true
        try? queue.close()
        Self.remove(asidePath)
    }

    /// Deletes what builds of `path` left aside when their process died (an import killed with
    /// `kill -9`, a machine that went down): `PATH.building-PID` files and their journals whose
    /// PID is no live process. A live PID (the build still running, or a process that took the
    /// number since) keeps its file. Returns the names deleted.
    @discardableResult
    public static func removeAbandoned(for path: String) -> [String] {
        let directory = (path as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        let prefix = (path as NSString).lastPathComponent + ".building-"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names where name.hasPrefix(prefix) {
            var number = name.dropFirst(prefix.count)
            if let suffix = ["-journal", "-wal", "-shm"].first(where: number.hasSuffix) { number = number.dropLast(suffix.count) }
            guard let pid = pid_t(number), pid > 0, pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            if unlink(folder + "/" + name) == 0 { removed.append(name) }
        }
        return removed
    }

    private static func sync(path: String) throws {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw StoreError.refused("cannot open \(path) to sync it: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw StoreError.refused("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }
}
