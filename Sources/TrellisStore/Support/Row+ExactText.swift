import Foundation
import GRDB

/// TEXT columns read whole, NUL characters included.
///
/// GRDB reads a `String` column as a C string (`String(cString: sqlite3_column_text(…))`) and
/// binds one with length -1, so both stop at the first NUL, while SQLite itself keeps every
/// byte. Documents are untrusted and may hold U+0000, so the columns that hold their text
/// (`document.text`, `document.source`, and what is read from them) are read here, with the
/// length SQLite gives, and written with `RawStatement`, which binds the length. See
/// docs/formats.md ("Every code point round-trips").
extension Row {
    /// The TEXT column `name` read whole, or `nil` when NULL. Exact for rows read straight from
    /// a statement (records fetched with `fetchAll`, `fetchOne`, cursors); a copied row
    /// (`Row.fetchAll`) has already been cut by GRDB.
    func exactText(_ name: String) throws -> String? {
        try withUnsafeData(named: name) { data in
            data.map { data in data.withUnsafeBytes { String(decoding: $0.bindMemory(to: UInt8.self), as: UTF8.self) } }
        }
    }
}
