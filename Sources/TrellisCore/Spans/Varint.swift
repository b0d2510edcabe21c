/// Numbers as unsigned LEB128 varints (7 bits a byte, low bits first), the encoding of compact
/// values kept in the database (`CompactSpans`, `KeptQuality`, `CompactSums`). Reading checks every number and
/// length, so damaged bytes give `nil`, never a crash.
enum Varint {
    static func append(_ value: Int, to bytes: inout [UInt8]) {
        precondition(value >= 0, "Varint: a negative number \(value)")
        var rest = UInt64(value)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// A signed number, zigzag-encoded (0, -1, 1, -2, … as 0, 1, 2, 3, …).
    static func append(signed value: Int, to bytes: inout [UInt8]) {
        append(Int(bitPattern: UInt(bitPattern: value << 1) ^ UInt(bitPattern: value >> (Int.bitWidth - 1))) & Int.max, to: &bytes)
    }

    /// A string: its UTF-8 length, then its UTF-8.
    static func append(text: String, to bytes: inout [UInt8]) {
        append(text.utf8.count, to: &bytes)
        bytes += text.utf8
    }

    struct Reader<Bytes: Collection<UInt8>> where Bytes.Index == Int {
        let bytes: Bytes
        var position: Int

        var remaining: Int { bytes.endIndex - position }

        mutating func byte() -> UInt8? {
            guard position < bytes.endIndex else { return nil }
            defer { position += 1 }
            return bytes[position]
        }

        /// A varint that fits in an `Int` (at most 9 bytes, 63 bits).
        mutating func number() -> Int? {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 63, by: 7) {
                guard let byte = byte() else { return nil }
                value |= UInt64(byte & 0x7F) << UInt64(shift)
                if byte < 0x80 { return value <= UInt64(Int.max) ? Int(value) : nil }
            }
            return nil
        }

        /// A number written by `append(signed:to:)`.
        mutating func signed() -> Int? {
            guard let zigzag = number() else { return nil }
            return (zigzag >> 1) ^ -(zigzag & 1)
        }

        mutating func text(_ length: Int) -> String? {
            let slice = bytes[position..<(position + length)]
            position += length
            return String(validating: slice, as: UTF8.self)
        }

        /// A string written by `append(text:to:)`.
        mutating func text() -> String? {
            guard let length = number(), length <= remaining else { return nil }
            return text(length)
        }
    }
}
