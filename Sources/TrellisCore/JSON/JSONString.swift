/// Writing a `String` as a quoted JSON string.
public enum JSONString {
    /// Appends `string` in double quotes, escaping `"`, `\`, control characters (`\b \f \n \r \t`,
    /// others as `\u00XX`) and U+2028/U+2029; everything else is written as raw UTF-8, like
    /// Python's `json.dumps(ensure_ascii=False)`.
    public static func append(_ string: String, to out: inout [UInt8]) {
        var string = string
        string.withUTF8 { append(utf8: $0, to: &out) }
    }

    /// Appends valid UTF-8 `bytes` in double quotes, escaped as above.
    public static func append(utf8 bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.reserveCapacity(out.count + bytes.count + 2)
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
                    | ByteWord.equal(word, UInt8(ascii: "\\")) | ByteWord.equal(word, 0xE2)
                if special == 0 {
                    index &+= 8
                    continue
                }
                index &+= special.trailingZeroBitCount &>> 3
            }
            let byte = bytes[index]
            let escape: String
            switch byte {
            case UInt8(ascii: "\""): escape = "\\\""
            case UInt8(ascii: "\\"): escape = "\\\\"
            case 0x08: escape = "\\b"
            case 0x0C: escape = "\\f"
            case 0x0A: escape = "\\n"
            case 0x0D: escape = "\\r"
            case 0x09: escape = "\\t"
            case 0x00..<0x20: escape = "\\u00" + hexDigit(byte >> 4) + hexDigit(byte & 0xF)
            case 0xE2 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && (bytes[index + 2] | 1) == 0xA9:
                escape = bytes[index + 2] == 0xA8 ? "\\u2028" : "\\u2029"
            default:
                index += 1
                continue
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            out.append(contentsOf: escape.utf8)
            index += byte == 0xE2 ? 3 : 1
            runStart = index
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        out.append(UInt8(ascii: "\""))
    }

    private static func hexDigit(_ value: UInt8) -> String {
        String(value, radix: 16)
    }
}
