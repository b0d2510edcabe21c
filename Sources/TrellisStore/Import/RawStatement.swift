import GRDB
import GRDBSQLite

/// One cached statement run many times through the SQLite C API: binding through GRDB's
/// `StatementArguments` (a boxed value per column) and fetching `Row`s costs more than SQLite's
/// own work for the small rows an import writes and probes by the million.
struct RawStatement {
    private let statement: Statement
    private let handle: OpaquePointer
    private let connection: OpaquePointer?

    /// Values a column can take here.
    enum Value {
        case integer(Int64)
        case text(String)
        case blob([UInt8])
        case null

        init(_ number: Int?) { self = number.map { .integer(Int64($0)) } ?? .null }
        init(_ number: Int64?) { self = number.map { .integer($0) } ?? .null }
        init(_ text: String?) { self = text.map { .text($0) } ?? .null }
    }

    init(_ sql: String, in db: Database) throws {
        statement = try db.cachedStatement(sql: sql)
        handle = statement.sqliteStatement
        connection = db.sqliteConnection
    }

    /// Binds `values` (one per placeholder, in order, so that none is left from the run before)
    /// and runs the statement to its end.
    func run(_ values: Value...) throws {
        try run(values)
    }

    /// Binds `values` (one per placeholder, in order) and runs the statement to its end.
    func run(_ values: [Value]) throws {
        guard try step(values) == SQLITE_DONE else { throw error(SQLITE_MISUSE) }
    }

    /// Binds `values` and tells whether the query finds a row.
    func finds(_ values: Value...) throws -> Bool {
        try step(values) == SQLITE_ROW
    }

    /// Binds `values`, takes one step and resets; returns the step's code unless it failed.
    private func step(_ values: [Value]) throws -> Int32 {
        for (index, value) in values.enumerated() {
            let position = Int32(index + 1)
            switch value {
            case .integer(let number):
                sqlite3_bind_int64(handle, position, number)
            case .text(let text):
                text.withCString { characters in
                    _ = sqlite3_bind_text(handle, position, characters, Int32(text.utf8.count), Self.transient)
                }
            case .blob(let bytes):
                bytes.withUnsafeBytes { buffer in
                    _ = sqlite3_bind_blob(handle, position, buffer.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(buffer.count), Self.transient)
                }
            case .null:
                sqlite3_bind_null(handle, position)
            }
        }
        let code = sqlite3_step(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw error(code) }
        return code
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: connection.map { String(cString: sqlite3_errmsg($0)) }, sql: statement.sql)
    }

    /// SQLite copies the text before `bind` returns.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
