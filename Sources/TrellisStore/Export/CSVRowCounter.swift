/// Counts the fields of each row of RFC 4180 CSV (quoted fields may hold commas, doubled quotes
/// and line breaks; rows end with LF, CR or CR LF), fed in pieces of any size: memory stays the
/// same whatever the size of the file.
struct CSVRowCounter {
    private var fields = 0
    private var quoted = false
    /// A quote inside a quoted field: the field ends, unless another quote follows.
    private var afterQuote = false
    /// A CR ended the last row: a LF right after it belongs to it.
    private var afterCR = false
    /// Whether anything has been seen since the last row ended.
    private var rowStarted = false

    /// Feeds `bytes`; calls `row` with the field count of every row they complete.
    mutating func feed(_ bytes: UnsafeRawBufferPointer, row: (Int) -> Void) {
        for byte in bytes {
            if afterCR {
                afterCR = false
                if byte == 0x0A { continue }
            }
            if afterQuote {
                afterQuote = false
                if byte == 0x22 { continue }  // a doubled quote: still inside the field
                quoted = false
            }
            if quoted {
                if byte == 0x22 { afterQuote = true }
                continue
            }
            switch byte {
            case 0x22:
                quoted = true
                rowStarted = true
            case 0x2C:
                fields += 1
                rowStarted = true
            case 0x0A, 0x0D:
                row(fields + 1)
                fields = 0
                rowStarted = false
                afterCR = byte == 0x0D
            default:
                rowStarted = true
            }
        }
    }

    /// Ends the input: calls `row` for a last row without a line break.
    mutating func finish(row: (Int) -> Void) {
        if rowStarted || quoted || afterQuote { row(fields + 1) }
        self = CSVRowCounter()
    }
}
