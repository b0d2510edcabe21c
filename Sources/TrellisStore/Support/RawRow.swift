import GRDB
import GRDBSQLite

/// A row of a SELECT read straight through the SQLite C API, by column index. For the millions
/// of small rows an export reads, GRDB's `Row` (a copy, a name lookup and a generic decode per
/// value) costs more than SQLite's own work.
struct RawRow {
    private let handle: OpaquePointer

    /// Runs `sql` with integer `arguments` bound in order and calls `body` with each row (valid
    /// only during the call).
    static func forEach(_ sql: String, arguments: [Int64], in db: Database, _ body: (RawRow) throws -> Void) throws {
        let statement = try db.makeStatement(sql: sql)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        for (index, argument) in arguments.enumerated() {
            sqlite3_bind_int64(handle, Int32(index + 1), argument)
        }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: db.sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }, sql: sql)
            }
            try body(RawRow(handle: handle))
        }
    }

    func int64(_ column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    func int(_ column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    /// The column as text (`""` for NULL).
    func text(_ column: Int32) -> String {
        guard let characters = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: characters, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    /// The column as text, `nil` for NULL.
    func optionalText(_ column: Int32) -> String? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : text(column)
    }
}
