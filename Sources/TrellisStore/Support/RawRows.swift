import GRDB
import GRDBSQLite

/// A row read straight through the SQLite C API, columns by position: `Row` decodes every value
/// through generic code, which cost more than SQLite's own work for the small rows agreement and
/// export read by the million.
struct RawRow {
    fileprivate let handle: OpaquePointer

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }

    func int(_ column: Int32) -> Int { Int(sqlite3_column_int64(handle, column)) }

    func bool(_ column: Int32) -> Bool { sqlite3_column_int64(handle, column) != 0 }

    /// The column as text ("" when NULL).
    func string(_ column: Int32) -> String {
        guard let bytes = sqlite3_column_text(handle, column) else { return "" }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, column))), as: UTF8.self)
    }

    /// The column's bytes (a blob's, or text's UTF-8), valid only during the row's call.
    func blob(_ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let bytes = sqlite3_column_blob(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: bytes.assumingMemoryBound(to: UInt8.self), count: Int(sqlite3_column_bytes(handle, column)))
    }

    func isNull(_ column: Int32) -> Bool { sqlite3_column_type(handle, column) == SQLITE_NULL }

    /// The column as an integer, `nil` when NULL.
    func optionalInt64(_ column: Int32) -> Int64? {
        isNull(column) ? nil : int64(column)
    }

    /// The column as text, `nil` when NULL.
    func optionalString(_ column: Int32) -> String? {
        isNull(column) ? nil : string(column)
    }
}

extension Database {
    /// Runs the query and hands `body` each row, valid only during the call.
    func forEachRawRow(sql: String, arguments: StatementArguments, _ body: (RawRow) throws -> Void) throws {
        let statement = try makeStatement(sql: sql)
        try statement.setArguments(arguments)
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle) }
        while true {
            let code = sqlite3_step(handle)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: sqliteConnection.map { String(cString: sqlite3_errmsg($0)) }, sql: sql)
            }
            try body(RawRow(handle: handle))
        }
    }
}

/// Text read again and again from a column of few distinct values (labels, dimensions): each
/// value's bytes are compared with those seen before, and made into a `String` once.
struct RepeatedStrings {
    private var seen: [(bytes: [UInt8], string: String)] = []

    mutating func string(_ row: RawRow, _ column: Int32) -> String {
        string(row, column, checkedBy: { _ in })
    }

    /// The column's text, given to `check` only when it is made (not when seen before): a rule
    /// on the values costs nothing per row.
    mutating func string<Failure: Error>(_ row: RawRow, _ column: Int32, checkedBy check: (String) throws(Failure) -> Void) throws(Failure) -> String {
        let bytes = row.blob(column)
        for entry in seen where entry.bytes.elementsEqual(bytes) { return entry.string }
        let string = row.string(column)
        try check(string)
        if seen.count < 32 { seen.append((Array(bytes), string)) }
        return string
    }
}

/// Text read row after row that is often the same as the row before's (times of decisions made
/// together): made into a `String` again only when its bytes differ from the last one's.
struct LastString {
    private var last: String?

    mutating func string(_ row: RawRow, _ column: Int32) -> String {
        let bytes = row.blob(column)
        if var last, last.withUTF8({ $0.elementsEqual(bytes) }) { return last }
        let string = row.string(column)
        last = string
        return string
    }
}
