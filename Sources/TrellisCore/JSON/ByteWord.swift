/// Tests on eight bytes at a time, loaded little-endian so byte 0 is the lowest.
///
/// Each test returns a mask with bit 7 of a byte set where that byte may match. The lowest
/// set bit always marks a real match (false positives only appear above a real one), so
/// `mask.trailingZeroBitCount / 8` is the index of the first matching byte.
enum ByteWord {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    @inline(__always)
    static func load(_ base: UnsafeRawPointer, at offset: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    /// Bytes equal to `byte`.
    @inline(__always)
    static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let x = word ^ (ones &* UInt64(byte))
        return (x &- ones) & ~x & highBits
    }

    /// Bytes below `bound` (which must be at most 0x80).
    @inline(__always)
    static func below(_ word: UInt64, _ bound: UInt8) -> UInt64 {
        (word &- ones &* UInt64(bound)) & ~word & highBits
    }

    /// Bytes of 0x80 or more.
    @inline(__always)
    static func nonASCII(_ word: UInt64) -> UInt64 {
        word & highBits
    }

    /// Where a plain run of a JSON string starting at `index` ends, read eight bytes at a time:
    /// the first control character, `"`, `\` or non-ASCII byte, or else where fewer than eight
    /// bytes are left (the caller reads those one by one). One home for the parser and the scanner.
    @inline(__always)
    static func plainStringRun(_ base: UnsafeRawPointer, from index: Int, count: Int) -> Int {
        var index = index
        while index &+ 8 <= count {
            let word = load(base, at: index)
            let special = below(word, 0x20) | equal(word, UInt8(ascii: "\"")) | equal(word, UInt8(ascii: "\\")) | nonASCII(word)
            if special != 0 { return index &+ (special.trailingZeroBitCount &>> 3) }
            index &+= 8
        }
        return index
    }

    /// Whether the `count` bytes at `first` and at `second` are the same, compared eight at a time.
    static func sameBytes(_ first: UnsafeRawPointer, _ second: UnsafeRawPointer, count: Int) -> Bool {
        var index = 0
        while index &+ 8 <= count {
            guard load(first, at: index) == load(second, at: index) else { return false }
            index &+= 8
        }
        while index < count {
            guard first.load(fromByteOffset: index, as: UInt8.self) == second.load(fromByteOffset: index, as: UInt8.self) else { return false }
            index &+= 1
        }
        return true
    }
}
