/// Strict UTF-8 validation of one multi-byte sequence, with errors placed at its first byte.
enum UTF8Check {
    /// The length of the valid sequence starting at `index` (whose byte is 0x80 or more),
    /// or an error naming what is wrong with it.
    static func sequenceLength(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> Int {
        let lead = bytes[index]
        let length: Int
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        var problem = ""
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF; problem = "overlong encoding"
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F; problem = "encoded surrogate"
        case 0xF0: length = 4; secondRange = 0x90...0xBF; problem = "overlong encoding"
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F; problem = "code point above U+10FFFF"
        default:
            throw JSONSyntaxError(message: "invalid UTF-8 byte \(hexByte(lead))", byteOffset: index)
        }
        for offset in 1..<length {
            guard index + offset < bytes.count, bytes[index + offset] & 0xC0 == 0x80 else {
                throw JSONSyntaxError(message: "invalid UTF-8: truncated sequence starting with byte \(hexByte(lead))", byteOffset: index)
            }
        }
        let second = bytes[index + 1]
        guard secondRange.contains(second) else {
            throw JSONSyntaxError(message: "invalid UTF-8: \(problem) \(hexByte(lead)) \(hexByte(second))", byteOffset: index)
        }
        return length
    }

    /// The scalar encoded by the valid sequence of `length` bytes at `index`.
    static func scalar(at index: Int, length: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar {
        let leadBits: [UInt32] = [0, 0x7F, 0x1F, 0x0F, 0x07]
        var value = UInt32(bytes[index]) & leadBits[length]
        for offset in 1..<length {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return Unicode.Scalar(value) ?? "\u{FFFD}"
    }

    /// `0xAB`.
    private static func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return "0x\(digits[Int(byte >> 4)])\(digits[Int(byte & 0xF)])"
    }
}
