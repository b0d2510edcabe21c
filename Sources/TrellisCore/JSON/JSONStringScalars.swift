/// A JSON string's code points decoded straight from its bytes, with where the bytes of some of
/// them start: the quick check of a record (``LineValidator/Quick``) decodes a document's text
/// this way, without a `String` between, and compares a span's quoted text with the bytes
/// written between its offsets.
///
/// It decodes what `JSONParser` decodes to the same code points, or refuses: a string it is
/// not sure of (a raw control character or quote, bytes that are not UTF-8, an unknown escape,
/// a `\u` escape of a surrogate, which the parser pairs) is `nil`, never decoded otherwise.
public struct JSONStringScalars {
    /// The code points.
    public var scalars: [Unicode.Scalar]
    /// Where the bytes of the code point at each offset marked start in the input (for the
    /// offset `scalars.count`, the closing quote), or -1 for an offset beyond it.
    public var positions: [Int]

    /// Decodes the string whose bytes, quotes included, are `range` of `bytes`, with the
    /// positions of the code points at `marked` (offsets in increasing order, repeats allowed).
    public init?(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, marking marked: [Int] = []) {
        guard range.count >= 2, range.upperBound <= bytes.count, bytes[range.lowerBound] == UInt8(ascii: "\""),
              bytes[range.upperBound - 1] == UInt8(ascii: "\"") else { return nil }
        let start = range.lowerBound + 1, end = range.upperBound - 1
        var positions = [Int](repeating: -1, count: marked.count)
        var failed = false
        let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: end - start) { buffer, count in
            var marks = Marks(offsets: marked, positions: positions)
            if let decoded = Self.decode(bytes, from: start, to: end, into: buffer, marks: &marks) {
                count = decoded
                marks.reach(decoded, at: end)
            } else {
                count = 0
                failed = true
            }
            positions = marks.positions
        }
        guard !failed else { return nil }
        self.scalars = scalars
        self.positions = positions
    }

    /// The offsets marked and their positions as the decoding reaches them.
    private struct Marks {
        let offsets: [Int]
        var positions: [Int]
        /// The first offset not reached yet (`Int.max` when none is left).
        var next: Int
        private var index = 0

        init(offsets: [Int], positions: [Int]) {
            self.offsets = offsets
            self.positions = positions
            // No code point lies before the string's first.
            index = offsets.firstIndex { $0 >= 0 } ?? offsets.count
            next = index < offsets.count ? offsets[index] : .max
        }

        /// The code point at `offset` starts at `position`.
        @inline(__always)
        mutating func reach(_ offset: Int, at position: Int) {
            while index < offsets.count && offsets[index] <= offset {
                if offsets[index] == offset { positions[index] = position }
                index += 1
            }
            next = index < offsets.count ? offsets[index] : .max
        }
    }

    /// The count of code points decoded into `scalars`, or `nil` when the string is not one it
    /// is sure of.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int,
                               into scalars: UnsafeMutableBufferPointer<Unicode.Scalar>, marks: inout Marks) -> Int? {
        let base = UnsafeRawPointer(bytes.baseAddress!)
        var index = start, count = 0
        while index < end {
            // Eight plain ASCII bytes (no escape, no control character, no quote) at once, one
            // byte each.
            if index &+ 8 <= end {
                let word = ByteWord.load(base, at: index)
                let special = ByteWord.below(word, 0x20) | ByteWord.equal(word, UInt8(ascii: "\"")) | ByteWord.equal(word, UInt8(ascii: "\\"))
                    | ByteWord.nonASCII(word)
                if special == 0 {
                    for byte in 0..<8 {
                        scalars[count &+ byte] = Unicode.Scalar(UInt8(truncatingIfNeeded: word &>> UInt64(byte &* 8)))
                    }
                    while marks.next < count &+ 8 { marks.reach(marks.next, at: index &+ (marks.next &- count)) }
                    count &+= 8
                    index &+= 8
                    continue
                }
            }
            if marks.next == count { marks.reach(count, at: index) }
            let lead = bytes[index]
            if lead >= 0x80 {
                guard let (scalar, length) = utf8Scalar(bytes, at: index, end: end) else { return nil }
                scalars[count] = scalar
                index &+= length
            } else if lead == UInt8(ascii: "\\") {
                guard let (scalar, length) = escape(bytes, at: index, end: end) else { return nil }
                scalars[count] = scalar
                index &+= length
            } else {
                guard lead >= 0x20, lead != UInt8(ascii: "\"") else { return nil }
                scalars[count] = Unicode.Scalar(lead)
                index &+= 1
            }
            count &+= 1
        }
        return count
    }

    /// The code point of the UTF-8 sequence at `index` and its length; `nil` when it is not
    /// well-formed UTF-8 (a stray or missing continuation byte, an overlong form, a surrogate,
    /// beyond U+10FFFF).
    @inline(__always)
    private static func utf8Scalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> (Unicode.Scalar, Int)? {
        // The parser's own rule of well-formed UTF-8 (`UTF8Check`), within the string.
        guard let length = try? UTF8Check.sequenceLength(at: index, in: bytes), index + length <= end else { return nil }
        return (UTF8Check.scalar(at: index, length: length, in: bytes), length)
    }

    /// The code point of the escape at `index` (a backslash) and its length; `nil` for an
    /// unknown escape or a `\u` escape of a surrogate.
    @inline(__always)
    private static func escape(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> (Unicode.Scalar, Int)? {
        guard index + 1 < end else { return nil }
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): return ("\"", 2)
        case UInt8(ascii: "\\"): return ("\\", 2)
        case UInt8(ascii: "/"): return ("/", 2)
        case UInt8(ascii: "b"): return ("\u{08}", 2)
        case UInt8(ascii: "f"): return ("\u{0C}", 2)
        case UInt8(ascii: "n"): return ("\n", 2)
        case UInt8(ascii: "r"): return ("\r", 2)
        case UInt8(ascii: "t"): return ("\t", 2)
        case UInt8(ascii: "u"):
            // A surrogate is left to the parser (it pairs them), as the scan leaves it.
            guard index + 6 <= end, let value = JSONScanner.escapedCodeUnit(bytes, at: index), let scalar = Unicode.Scalar(value) else { return nil }
            return (scalar, 6)
        default:
            return nil
        }
    }
}
