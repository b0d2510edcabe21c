/// What a grapheme cluster of untrusted text is shown as on a terminal: the one rule for the
/// review screen and for every command's output.
///
/// Nothing raw from a document, an import, a note or a config file reaches the terminal that could
/// start an escape sequence, reorder text, or hide itself. Every placeholder is 1 column wide:
///
/// | Shown    | In the document |
/// |----------|-----------------|
/// | ␀ … ␟   | a C0 control U+0000–U+001F (its Control Picture: ␉ tab, ␊ line feed, ␍ carriage return, ␛ escape, …) |
/// | ↵        | a CR LF line break |
/// | ␡        | DEL U+007F |
/// | ¤        | a C1 control U+0080–U+009F |
/// | ⇄        | a bidirectional control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) |
/// | ¶        | a line or paragraph separator (U+2028, U+2029) |
/// | ·        | an invisible character: zero-width space U+200B, word joiner U+2060, BOM U+FEFF, soft hyphen U+00AD, a joiner or variation selector standing alone, Hangul fillers, other default-ignorable code points |
/// | ◌ + mark | a combining mark with nothing to combine with |
/// | �        | a code point not assigned in Unicode |
///
/// Joiners and variation selectors inside a cluster (emoji ZWJ sequences, 👍🏽, ☺️, ideographic
/// variation sequences) are legitimate and kept.
public enum SafeText {
    /// The placeholder table above, for the help screen: what is shown, and what it stands for.
    public static let placeholders: [(shown: String, meaning: String)] = [
        ("␀ … ␟", "control character U+0000–U+001F (␉ tab, ␊ line feed, ␍ carriage return, ␛ escape)"),
        ("↵", "CR LF line break"),
        ("␡", "delete U+007F"),
        ("¤", "C1 control character U+0080–U+009F"),
        ("⇄", "bidirectional control (U+061C, U+200E/F, U+202A–E, U+2066–9)"),
        ("¶", "line or paragraph separator U+2028/U+2029"),
        ("·", "invisible character (zero-width space, word joiner, BOM, soft hyphen, lone joiner)"),
        ("◌", "dotted circle carrying a combining mark that has no base"),
        ("�", "unassigned code point"),
    ]

    /// The text to put in a cell for `character`, and its width in columns (1 or 2).
    public static func glyph(for character: Character) -> (text: String, width: Int) {
        if character == "\r\n" { return ("↵", 1) }
        // Printable ASCII, most of any text, needs no Unicode property lookups.
        if let ascii = character.asciiValue, ascii >= 0x20, ascii < 0x7F { return (String(character), 1) }
        // Unicode segmentation keeps these scalars in clusters of their own; checking every
        // scalar keeps the guarantee even if a cluster were formed differently.
        for scalar in character.unicodeScalars {
            if let placeholder = placeholder(for: scalar) { return (placeholder, 1) }
        }
        let base = character.unicodeScalars.first!
        if base.properties.isDefaultIgnorableCodePoint && character.unicodeScalars.count == 1 { return ("·", 1) }
        let width = DisplayWidth.of(character)
        if width > 0 { return (String(character), width) }
        switch base.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return ("◌" + String(character), 1)
        default: return ("·", 1)
        }
    }

    /// `text` with every character as ``glyph(for:)`` shows it, for printing to a terminal or a
    /// pipe (the same bytes either way); line feeds stay line breaks when `keepingLineFeeds`.
    /// Printable ASCII is returned as it is, without looking at characters.
    public static func escaped(_ text: String, keepingLineFeeds: Bool = true) -> String {
        let plain = text.utf8.allSatisfy { byte in (byte >= 0x20 && byte < 0x7F) || (byte == 0x0A && keepingLineFeeds) }
        if plain { return text }
        var shown = ""
        shown.reserveCapacity(text.utf8.count)
        for character in text {
            if character == "\n", keepingLineFeeds {
                shown.append(character)
            } else {
                shown += glyph(for: character).text
            }
        }
        return shown
    }

    /// Columns that `string` takes on screen once mapped through ``glyph(for:)``.
    public static func width(of string: String) -> Int {
        string.reduce(0) { $0 + glyph(for: $1).width }
    }

    /// The placeholder for a scalar that must never be shown raw, nil for one that may.
    private static func placeholder(for scalar: Unicode.Scalar) -> String? {
        if let hazard = Hazard(scalar) {
            switch hazard {
            case .control: return String(Unicode.Scalar(0x2400 + scalar.value)!)
            case .delete: return "␡"
            case .c1Control: return "¤"
            case .bidiControl: return "⇄"
            case .separator: return "¶"
            case .unassigned: return "�"
            }
        }
        switch scalar.value {
        case 0x00AD, 0x200B, 0x2060, 0xFEFF: return "·"
        default: return nil
        }
    }

    /// A code point that must never reach a terminal raw: it could start an escape sequence,
    /// reorder what is shown, break a line, or stand for who knows what. The one rule: the
    /// screen and every command show it as a placeholder, ids and config keys may not hold it
    /// (`VisibleText`), JSON writes it escaped (`JSONString`, less `unassigned`).
    public enum Hazard: Sendable, CaseIterable, CustomStringConvertible {
        /// A C0 control U+0000–U+001F.
        case control
        /// DEL U+007F.
        case delete
        /// A C1 control U+0080–U+009F (U+009B starts an escape sequence on some terminals).
        case c1Control
        /// A bidirectional control: U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069.
        case bidiControl
        /// A line or paragraph separator, U+2028 or U+2029.
        case separator
        /// A code point not assigned in Unicode.
        case unassigned

        /// What `scalar` is, when it must never be shown raw; nil when it may.
        public init?(_ scalar: Unicode.Scalar) {
            if let fixed = Hazard(codePoint: scalar.value) {
                self = fixed
            } else if !scalar.isASCII && scalar.properties.generalCategory == .unassigned {
                self = .unassigned
            } else {
                return nil
            }
        }

        /// The hazards known by code point alone (all but `unassigned`), without a Unicode
        /// property lookup: what `JSONString` escapes beyond JSON's own rules.
        public init?(codePoint value: UInt32) {
            switch value {
            case 0x00...0x1F: self = .control
            case 0x7F: self = .delete
            case 0x80...0x9F: self = .c1Control
            case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: self = .bidiControl
            case 0x2028, 0x2029: self = .separator
            default: return nil
            }
        }

        /// How a message names the kind: "a control character", "a bidirectional control", …
        public var description: String {
            switch self {
            case .control, .delete, .c1Control: "a control character"
            case .bidiControl: "a bidirectional control"
            case .separator: "a line or paragraph separator"
            case .unassigned: "an unassigned code point"
            }
        }
    }
}
