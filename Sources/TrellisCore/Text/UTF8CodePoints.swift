/// Code points counted straight in UTF-8 bytes, eight bytes at a time (a code point starts at
/// every byte that is not a continuation byte, `10xxxxxx`): how many a piece of text holds and
/// which of its bytes hold a range of them, without decoding a `String` or an array of scalars.
public enum UTF8CodePoints {
    /// The number of code points in `bytes` (valid UTF-8) and the bytes of those in `range`
    /// (clamped to the text; offsets may be negative or past the end).
    public static func scan(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) -> (count: Int, bytes: Range<Int>) {
        let lower = max(0, range.lowerBound), upper = max(lower, range.upperBound)
        var position = (byte: 0, count: 0)
        position = advance(bytes, from: position, to: lower)
        let lowerByte = position.byte
        position = advance(bytes, from: position, to: upper)
        let upperByte = position.byte
        position = advance(bytes, from: position, to: .max)
        return (position.count, lowerByte..<upperByte)
    }

    /// From a code point's start (`byte`, the `count` code points before it) to the start of
    /// code point `target`, or to the end of the bytes with the count of all of them.
    private static func advance(_ bytes: UnsafeRawBufferPointer, from position: (byte: Int, count: Int), to target: Int) -> (byte: Int, count: Int) {
        var (byte, count) = position
        let end = bytes.count
        while byte + 8 <= end {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: byte, as: UInt64.self))
            // Bit 7 of each continuation byte: bit 7 set and bit 6 (shifted up into bit 7) clear.
            let starts = 8 - (word & ~(word << 1) & 0x8080_8080_8080_8080).nonzeroBitCount
            if count + starts > target { break }
            count += starts
            byte += 8
        }
        while byte < end {
            if bytes[byte] & 0xC0 != 0x80 {
                if count == target { return (byte, count) }
                count += 1
            }
            byte += 1
        }
        return (end, count)
    }
}
