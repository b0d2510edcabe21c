import GRDB

/// Plain-words descriptions of database failures, for status lines and error output.
public enum StoreMessages {
    public static func describe(_ error: any Error) -> String {
        if let store = error as? StoreError { return store.description }
        guard let database = error as? DatabaseError else { return "\(error)" }
        switch database.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "the database is busy (another process holds a lock for more than \(Int(AppDatabase.busyTimeout)) s); nothing was changed, try again"
        case .SQLITE_READONLY:
            return "the database is read-only; nothing was changed"
        case .SQLITE_FULL:
            return "the disk is full; nothing was changed (free some space, your earlier work is safe)"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "the database file is damaged or not a database: \(database.message ?? "")"
        case .SQLITE_CANTOPEN:
            return "the database cannot be opened: \(database.message ?? "")"
        default:
            return "database error: \(database.message ?? "\(database.resultCode)")"
        }
    }
}
