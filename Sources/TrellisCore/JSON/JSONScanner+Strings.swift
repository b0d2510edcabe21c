extension JSONScanner {
    /// Parses the string whose opening quote is at `index`, leaving `index` after the closing quote.
    ///
    /// Runs of plain ASCII are skipped eight bytes at a time; a string without escapes becomes
    /// a `String` straight from the input bytes, one with escapes is decoded into `scratch`.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        let open = index
        index += 1
        var runStart = index
        var escaped = false
        let base = UnsafeRawPointer(bytes.baseAddress!)
        let count = bytes.count
        while true {
            index = ByteWord.plainStringRun(base, from: index, count: count)
            guard index < count else { throw JSONSyntaxError(message: "unterminated string", byteOffset: open) }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<index])
                index += 1
                guard escaped else { return String(decoding: run, as: UTF8.self) }
                scratch.append(contentsOf: run)
                return String(decoding: scratch, as: UTF8.self)
            } else if byte == UInt8(ascii: "\\") {
                if !escaped {
                    escaped = true
                    scratch.removeAll(keepingCapacity: true)
                    // Decoded, the string is no longer than the input left: one allocation.
                    scratch.reserveCapacity(count - runStart)
                }
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
                try decodeEscape(stringStart: open)
                runStart = index
            } else if byte < 0x20 {
                throw JSONSyntaxError(message: "control character \(JSONScanner.codePoint(UInt32(byte))) must be escaped in a string", byteOffset: index)
            } else if byte < 0x80 {
                index += 1
            } else {
                repeat {
                    index += try UTF8Check.sequenceLength(at: index, in: bytes)
                } while index < count && bytes[index] >= 0x80
            }
        }
    }

    /// Decodes the escape at `index` (a backslash) into `scratch` and moves past it.
    private mutating func decodeEscape(stringStart: Int) throws(JSONSyntaxError) {
        let backslash = index
        guard index + 1 < bytes.count else { throw JSONSyntaxError(message: "unterminated string", byteOffset: stringStart) }
        let simple: UInt8
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            index += 2
            var value = try hexQuad(stringStart: stringStart)
            if 0xDC00...0xDFFF ~= value {
                throw loneSurrogate(at: backslash)
            }
            if 0xD800...0xDBFF ~= value {
                guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                    throw loneSurrogate(at: backslash)
                }
                index += 2
                let low = try hexQuad(stringStart: stringStart)
                guard 0xDC00...0xDFFF ~= low else { throw loneSurrogate(at: backslash) }
                value = 0x10000 + (value - 0xD800) << 10 + (low - 0xDC00)
            }
            scratch.append(contentsOf: UTF8.encode(Unicode.Scalar(value)!)!)
            return
        default:
            let next = index + 1
            if bytes[next] < 0x80 {
                let shown = bytes[next] >= 0x20 && bytes[next] < 0x7F
                    ? "'\\\(Character(Unicode.Scalar(bytes[next])))'"
                    : "'\\' followed by \(JSONScanner.codePoint(UInt32(bytes[next])))"
                throw JSONSyntaxError(message: "invalid escape \(shown)", byteOffset: backslash)
            }
            let length = try UTF8Check.sequenceLength(at: next, in: bytes)
            let scalar = UTF8Check.scalar(at: next, length: length, in: bytes)
            throw JSONSyntaxError(message: "invalid escape '\\\(scalar)'", byteOffset: backslash)
        }
        scratch.append(simple)
        index += 2
    }

    /// The four hex digits at `index`, moving past them.
    private mutating func hexQuad(stringStart: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw JSONSyntaxError(message: "unterminated string", byteOffset: stringStart) }
            guard let digit = JSONScanner.hexValue(bytes[index]) else { throw unexpected(expected: "4 hex digits after '\\u'") }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    private func loneSurrogate(at backslash: Int) -> JSONSyntaxError {
        let written = String(decoding: UnsafeBufferPointer(rebasing: bytes[backslash..<backslash + 6]), as: UTF8.self)
        return JSONSyntaxError(message: "lone surrogate \(written)", byteOffset: backslash)
    }

    /// The value of the four hex digits of the `\u` escape at `index` (its backslash) of
    /// `bytes`, which holds them, or `nil`.
    static func escapedCodeUnit(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> UInt32? {
        var value: UInt32 = 0
        for offset in 2..<6 {
            guard let digit = hexValue(bytes[index + offset]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    /// The value of a hex digit, or `nil`.
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
