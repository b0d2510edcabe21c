extension Unicode.Scalar {
    /// Whether this draws nothing: white space, or a default-ignorable code point (zero-width
    /// space U+200B, joiners, word joiner U+2060, BOM U+FEFF, soft hyphen U+00AD, variation
    /// selectors, Hangul fillers, tag characters…). Text of only such code points has nothing to
    /// read, so every rule about white space treats them alike: an empty text or id, the gap
    /// between banned neighbours, text outside every span. See docs/formats.md.
    @inline(__always)
    public var isBlank: Bool {
        isWhitespace || (!isASCII && properties.isDefaultIgnorableCodePoint)
    }
}

/// The rules for short text that people must be able to read and type exactly: document ids
/// and the keys of schemas, rubrics and keymaps. One home, used by import, validation and
/// every configuration file. What it forbids is what `SafeText` never shows raw
/// (``SafeText/Hazard``), less the invisible characters, which may stand inside an id between
/// visible ones.
public enum VisibleText {
    /// Why `scalar` can never be part of an id or a key, or `nil` if it may: it is a
    /// ``SafeText/Hazard`` (a control character, a bidirectional control, a line or paragraph
    /// separator, an unassigned code point).
    public static func forbiddenReason(_ scalar: Unicode.Scalar) -> String? {
        SafeText.Hazard(scalar)?.description
    }

    /// Why `text` cannot serve as an identifier (a document id), or `nil` when it can: it must
    /// have a visible character, and no forbidden one (see `forbiddenReason(_:)`). The reason
    /// names the code point (`contains a control character U+001B`), never prints it.
    public static func identifierProblem(_ text: String) -> String? {
        if text.isEmpty { return "is empty" }
        for scalar in text.unicodeScalars {
            if let reason = forbiddenReason(scalar) { return "contains \(reason) \(codePoint(scalar))" }
        }
        return text.unicodeScalars.allSatisfy(\.isBlank) ? "has no visible characters" : nil
    }

    /// Whether `character` can be a key: visible (not white space, not only invisible code
    /// points) and with no forbidden code point. `esc`, `space`, `tab` and the other keys that
    /// draw nothing have names instead (docs/keys.md).
    public static func isPrintableKey(_ character: Character) -> Bool {
        character.unicodeScalars.allSatisfy { forbiddenReason($0) == nil } && !character.unicodeScalars.allSatisfy(\.isBlank)
    }

    /// How a key that is not printable is named in a message: `U+001B`, never the raw character.
    public static func describe(_ text: String) -> String {
        text.unicodeScalars.allSatisfy({ forbiddenReason($0) == nil && !$0.isBlank })
            ? "\"\(text)\"" : text.unicodeScalars.map(codePoint).joined(separator: " ")
    }

    /// `U+001B`.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        JSONScanner.codePoint(scalar.value)
    }
}
