import GRDB

extension AppDatabase {
    /// WAL pages after which SQLite checkpoints on its own even when `deferCheckpoints` is on:
    /// a cap on the log of someone who types without a pause.
    public static let deferredCheckpointPages = 10_000

    /// Leaves copying the write-ahead log into the database to `checkpoint()`, called when the
    /// reviewer pauses, instead of SQLite doing it inside whichever commit crosses 1000 pages
    /// (its default): that copy and its fsync were the slowest keystrokes.
    public func deferCheckpoints() throws {
        guard !isReadOnly else { return }
        try writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.deferredCheckpointPages)")
        }
    }

    /// Copies what the write-ahead log holds into the database without waiting for readers
    /// (`PASSIVE`).
    public func checkpoint() throws {
        guard !isReadOnly, path != nil else { return }
        try writeWithoutTransaction { db in _ = try db.checkpoint(.passive) }
    }
}
