import GRDB

/// Plain-words descriptions of database failures, for status lines and error output.
public enum StoreMessages {
    /// `error` in plain words; one that shows the database at `path` damaged says so and how to
    /// recover it.
    public static func describe(_ error: any Error, path: String?) -> String {
        if let detail = damage(in: error) {
            if case StoreError.damaged = error { return "\(error)" }
            return StoreError.damaged(path: path ?? "DB", detail: detail).description
        }
        return describe(error)
    }

    /// What shows that a database file is damaged, if `error` does: SQLite's `SQLITE_CORRUPT` or
    /// `SQLITE_NOTADB`, or a value that cannot be read or that no Trellis writes (``UnwrittenValue``).
    public static func damage(in error: any Error) -> String? {
        if case StoreError.damaged(_, let detail) = error { return detail }
        if let database = error as? DatabaseError, [.SQLITE_CORRUPT, .SQLITE_NOTADB].contains(database.resultCode) {
            return database.message ?? "\(database.resultCode)"
        }
        if let value = error as? UnwrittenValue { return value.detail }
        if let decoding = error as? RowDecodingError {
            // GRDB's description goes on with the whole row; what could not be read is enough.
            let text = decoding.description
            return String(text[..<(text.range(of: ", row: ")?.lowerBound ?? text.endIndex)])
        }
        return nil
    }

    /// Whether `error` came from the database or the disk under it (a full disk, a lock, a
    /// damaged file), as opposed to an input file.
    public static func isDatabaseFailure(_ error: any Error) -> Bool {
        error is DatabaseError || error is StoreError || damage(in: error) != nil
    }

    /// `error` in plain words, for when the database's path is not at hand; for a failed action,
    /// saying that it changed nothing.
    public static func describe(_ error: any Error) -> String {
        guard let database = error as? DatabaseError, damage(in: error) == nil else { return reason(error) }
        switch database.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: return reason(error) + "; nothing was changed, try again"
        case .SQLITE_READONLY: return reason(error) + "; nothing was changed"
        case .SQLITE_FULL: return reason(error) + "; nothing was changed (free some space, your earlier work is safe)"
        default: return reason(error)
        }
    }

    /// What went wrong, in plain words, without claiming what it did or did not change.
    public static func reason(_ error: any Error) -> String {
        if damage(in: error) != nil { return describe(error, path: nil) }
        if let store = error as? StoreError { return store.description }
        guard let database = error as? DatabaseError else { return "\(error)" }
        switch database.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "the database is busy (another process holds a lock for more than \(Int(AppDatabase.busyTimeout)) s)"
        case .SQLITE_READONLY:
            return "the database is read-only"
        case .SQLITE_FULL:
            return "the disk is full"
        case .SQLITE_CANTOPEN:
            return "the database cannot be opened: \(database.message ?? "")"
        default:
            return "database error: \(database.message ?? "\(database.resultCode)")"
        }
    }
}
