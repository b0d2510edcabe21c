import TrellisModel

/// A value no Trellis writes, found where a reader turns rows into gold: one that the table's
/// `CHECK` constraint forbids (left by a tool that set `ignore_check_constraints`, or by damage
/// that still parses). ``StoreMessages/damage(in:)`` reports it as damage.
struct UnwrittenValue: Error, CustomStringConvertible {
    let detail: String
    var description: String { detail }
}

extension RawRow {
    /// A span's offsets, as its table's `CHECK` allows them (`start >= 0 AND "end" >= start`).
    func offsets(_ start: Int32, _ end: Int32, table: String) throws(UnwrittenValue) -> (start: Int, end: Int) {
        let offsets = (start: int(start), end: int(end))
        guard offsets.start >= 0, offsets.end >= offsets.start else {
            throw UnwrittenValue(detail: "a span in \(table) runs from \(offsets.start) to \(offsets.end), which no Trellis writes")
        }
        return offsets
    }
}

/// Decisions read row after row: each distinct value made a `String` and checked against
/// ``Decision`` once (``RepeatedStrings``), as the tables' `CHECK` allows them.
struct RepeatedDecisions {
    private var strings = RepeatedStrings()

    /// The column's decision, `nil` when NULL.
    mutating func decision(_ row: RawRow, _ column: Int32, table: String) throws(UnwrittenValue) -> String? {
        guard !row.isNull(column) else { return nil }
        return try strings.string(row, column) { (decision: String) throws(UnwrittenValue) in
            guard Decision(rawValue: decision) == nil else { return }
            throw UnwrittenValue(detail: "\(table) holds the decision \(String(reflecting: decision)), which no Trellis writes")
        }
    }
}
