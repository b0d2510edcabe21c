extension JSONScanner {
    /// "expected X, found Y" at `index`; the end of input or invalid UTF-8 there are named as such.
    func unexpected(expected: String) -> JSONSyntaxError {
        guard index < bytes.count else {
            return JSONSyntaxError(message: "unexpected end of input, expected \(expected)", byteOffset: index)
        }
        do {
            return JSONSyntaxError(message: "expected \(expected), found \(try describeByte(at: index))", byteOffset: index)
        } catch {
            return error
        }
    }

    /// "unexpected X after the JSON value" at `index`.
    func trailingGarbage() -> JSONSyntaxError {
        do {
            return JSONSyntaxError(message: "unexpected \(try describeByte(at: index)) after the JSON value", byteOffset: index)
        } catch {
            return error
        }
    }

    /// The character at `index` as a message shows it: `'x'`, `"'"`, `U+000A`, `'é' (U+00E9)`.
    private func describeByte(at index: Int) throws(JSONSyntaxError) -> String {
        let byte = bytes[index]
        if byte == UInt8(ascii: "'") {
            return "\"'\""
        }
        if byte < 0x80 {
            return byte >= 0x20 && byte < 0x7F ? "'\(Character(Unicode.Scalar(byte)))'" : Self.codePoint(UInt32(byte))
        }
        let length = try UTF8Check.sequenceLength(at: index, in: bytes)
        let scalar = UTF8Check.scalar(at: index, length: length, in: bytes)
        if scalar == "\u{FEFF}" {
            return "U+FEFF (byte order mark)"
        }
        switch scalar.properties.generalCategory {
        case .spaceSeparator, .lineSeparator, .paragraphSeparator, .control, .format, .nonspacingMark, .enclosingMark,
             .privateUse, .unassigned, .surrogate:
            return Self.codePoint(scalar.value)
        default:
            return "'\(scalar)' (\(Self.codePoint(scalar.value)))"
        }
    }

    /// `U+000A`.
    static func codePoint(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}
