/// Writing a `String` as a quoted JSON string.
public enum JSONString {
    /// Appends `string` in double quotes, escaping `"`, `\`, control characters (`\b \f \n \r \t`,
    /// others as `\u00XX`) and every other code point that may not reach a terminal raw and is
    /// known by its value (``SafeText/Hazard/init(codePoint:)``: DEL, the C1 controls, the
    /// bidirectional controls, U+2028/U+2029); everything else is written as raw
    /// UTF-8, like Python's `json.dumps(ensure_ascii=False)`. The escapes mean the same text to
    /// every JSON reader, and keep JSON printed to a terminal from ever carrying a byte that
    /// starts an escape sequence or reorders what is shown.
    public static func append(_ string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { append(utf8: $0, to: &out) }
    }

    /// Appends valid UTF-8 `bytes` in double quotes, escaped as above.
    public static func append(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        // Room for the string as it is, growing the buffer geometrically (as `append` does),
        // never to the exact size, so that a record built string by string is copied a few times.
        let needed = out.count + bytes.count + 2
        if out.capacity < needed { out.reserveCapacity(max(needed, 2 * out.capacity)) }
        out.append(UInt8(ascii: "\""))
        guard let base = bytes.baseAddress.map(UnsafeRawPointer.init) else {
            out.append(UInt8(ascii: "\""))
            return
        }
        var index = 0
        var runStart = 0
        while index < bytes.count {
            if index &+ 8 <= bytes.count {
                let word = ByteWord.load(base, at: index)
                let special = ByteWord.below(word, 0x20) | ByteWord.equal(word, UInt8(ascii: "\""))
                    | ByteWord.equal(word, UInt8(ascii: "\\")) | ByteWord.equal(word, 0x7F)
                    | ByteWord.equal(word, 0xC2) | ByteWord.equal(word, 0xD8) | ByteWord.equal(word, 0xE2)
                if special == 0 {
                    index &+= 8
                    continue
                }
                index &+= special.trailingZeroBitCount &>> 3
            }
            let byte = bytes[index]
            // A byte the word test above would pass (the last few of a string, keys): no escape.
            if !Self.mayEscape(byte) {
                index &+= 1
                continue
            }
            let escape: String
            var length = 1
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case 0x08: escape = "\\b"
            case 0x0C: escape = "\\f"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x00..<0x20, 0x7F: escape = unicodeEscape(UInt32(byte))
            default:
                guard let scalar = escapedScalar(in: bytes, at: index) else {
                    index += 1
                    continue
                }
                escape = unicodeEscape(scalar.value)
                length = scalar.utf8Length
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            out.append(contentsOf: escape.utf8)
            index += length
            runStart = index
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        out.append(UInt8(ascii: "\""))
    }

    /// Whether `byte` may start an escape: the bytes the word test of `append(utf8:to:)` stops at.
    @inline(__always)
    private static func mayEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0x7F || byte == 0xC2 || byte == 0xD8 || byte == 0xE2
    }

    /// The non-ASCII hazard (``SafeText/Hazard/init(codePoint:)``) that starts at `index`, nil for
    /// any other code point. Only lead bytes 0xC2 (U+0080–U+00BF), 0xD8 (U+0600–U+063F) and 0xE2
    /// (U+2000–U+2FFF) can start one: the fast path above stops at no others.
    private static func escapedScalar(in bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (value: UInt32, utf8Length: Int)? {
        let rest = bytes.count - index
        let value: UInt32, length: Int
        switch bytes[index] {
        case 0xC2 where rest >= 2, 0xD8 where rest >= 2:
            (value, length) = (UInt32(bytes[index] & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F), 2)
        case 0xE2 where rest >= 3:
            (value, length) = (0x2000 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F), 3)
        default:
            return nil
        }
        return SafeText.Hazard(codePoint: value) == nil ? nil : (value, length)
    }

    private static func unicodeEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
