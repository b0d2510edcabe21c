/// Turning byte offsets into the places people see: columns, lines, and raw offsets of
/// characters found inside decoded strings. All are robust to invalid UTF-8 and clamp
/// out-of-range offsets.
extension JSONParser {
    /// The 1-based column, in code points, of `byteOffset` within a single line.
    public static func column(ofByteOffset byteOffset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        codePoints(in: bytes, from: 0, to: byteOffset) + 1
    }

    /// The 1-based column, in code points, of `byteOffset` within a single line.
    public static func column(ofByteOffset byteOffset: Int, in bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { column(ofByteOffset: byteOffset, in: $0) }
    }

    /// The 1-based line (split on `\n`) and column (in code points) of `byteOffset`.
    public static func lineAndColumn(ofByteOffset byteOffset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        let end = min(max(byteOffset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == UInt8(ascii: "\n") {
            line += 1
            lineStart = index + 1
        }
        return (line, codePoints(in: bytes, from: lineStart, to: end) + 1)
    }

    /// The 1-based line (split on `\n`) and column (in code points) of `byteOffset`.
    public static func lineAndColumn(ofByteOffset byteOffset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        bytes.withUnsafeBufferPointer { lineAndColumn(ofByteOffset: byteOffset, in: $0) }
    }

    /// The byte offset in `bytes` where the scalar numbered `index` (0-based, counted in the
    /// decoded value) of the string at `range` (quotes included) is written. An escape such as
    /// `\n`, `\u00e9` or a surrogate pair counts as one scalar; an index at or past the end
    /// gives the closing quote.
    public static func byteOffset(ofScalar index: Int, inStringAt range: Range<Int>, of bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let end = max(min(range.upperBound - 1, bytes.count), 0)
        var offset = min(max(range.lowerBound + 1, 0), end)
        var remaining = index
        while remaining > 0, offset < end {
            offset += rawLength(at: offset, before: end, in: bytes)
            remaining -= 1
        }
        return min(offset, end)
    }

    /// The byte offset in `bytes` where the scalar numbered `index` of the string at `range` is written.
    public static func byteOffset(ofScalar index: Int, inStringAt range: Range<Int>, of bytes: [UInt8]) -> Int {
        bytes.withUnsafeBufferPointer { byteOffset(ofScalar: index, inStringAt: range, of: $0) }
    }

    /// Code points in `bytes[start..<end]`: every byte that is not a UTF-8 continuation byte.
    private static func codePoints(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var count = 0
        for index in start..<min(max(end, start), bytes.count) where bytes[index] & 0xC0 != 0x80 {
            count += 1
        }
        return count
    }

    /// The number of raw bytes (at least one) that one decoded scalar takes at `offset` inside a string.
    private static func rawLength(at offset: Int, before end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let byte = bytes[offset]
        guard byte == UInt8(ascii: "\\"), offset + 1 < end else {
            switch byte {
            case 0xC0...0xDF: return 2
            case 0xE0...0xEF: return 3
            case 0xF0...0xF7: return 4
            default: return 1
            }
        }
        guard bytes[offset + 1] == UInt8(ascii: "u") else { return 2 }
        if offset + 12 <= end, let high = hexQuad(at: offset + 2, in: bytes), 0xD800...0xDBFF ~= high,
           bytes[offset + 6] == UInt8(ascii: "\\"), bytes[offset + 7] == UInt8(ascii: "u"),
           let low = hexQuad(at: offset + 8, in: bytes), 0xDC00...0xDFFF ~= low {
            return 12
        }
        return 6
    }

    private static func hexQuad(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32? {
        var value: UInt32 = 0
        for index in offset..<offset + 4 {
            guard let digit = JSONScanner.hexValue(bytes[index]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }
}
