/// The lexical rules of inline mode tags, shared by the parser and the serialiser.
///
/// A *tag-shaped token* is `<NAME>` or `</NAME>`: no spaces, no attributes, NAME an ASCII letter
/// followed by ASCII letters, digits, `_` or `-` (at most `maxNameLength`). Anything else that
/// contains `<` (`a < b`, `<br/>`, `<p class="x">`) is ordinary text. See `docs/formats.md`.
///
/// Tokens and entities are ASCII, so they read the same from code points and from UTF-8 bytes
/// (a byte of a multi-byte character is never ASCII): every function here takes either, and
/// lengths are then the same in both units.
public enum TagSyntax {
    public static let maxNameLength = 32

    /// A tag-shaped token found in text.
    public struct Token: Hashable, Sendable {
        public var name: String
        public var isClosing: Bool
        /// Code points (or bytes, which is the same) the token occupies, brackets included.
        public var length: Int

        /// The token `shape` describes in `units`.
        public init<C: RandomAccessCollection>(_ shape: TokenShape, in units: C) where C.Element: TagTextUnit, C.Index == Int {
            name = String(decoding: units[shape.name].map { UInt8(truncatingIfNeeded: $0.tagSyntaxValue) }, as: UTF8.self)
            isClosing = shape.isClosing
            length = shape.length
        }
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar.value)
    }

    static func isNameContinue(_ scalar: Unicode.Scalar) -> Bool {
        isNameContinue(scalar.value)
    }

    private static func isNameStart(_ value: UInt32) -> Bool {
        (value >= 0x61 && value <= 0x7A) || (value >= 0x41 && value <= 0x5A)
    }

    private static func isNameContinue(_ value: UInt32) -> Bool {
        isNameStart(value) || (value >= 0x30 && value <= 0x39) || value == 0x5F || value == 0x2D
    }

    /// Where a tag-shaped token lies, without its name built.
    public struct TokenShape: Hashable, Sendable {
        /// Offsets of the name.
        public var name: Range<Int>
        public var isClosing: Bool
        /// Code points (or bytes) the token occupies, brackets included.
        public var length: Int
    }

    /// The tag-shaped token starting at `index`, if there is one.
    public static func token<C: RandomAccessCollection>(in units: C, at index: Int) -> Token?
    where C.Element: TagTextUnit, C.Index == Int {
        tokenShape(in: units, at: index).map { Token($0, in: units) }
    }

    /// Where the tag-shaped token starting at `index` lies, if there is one.
    @inline(__always)
    public static func tokenShape<C: RandomAccessCollection>(in units: C, at index: Int) -> TokenShape?
    where C.Element: TagTextUnit, C.Index == Int {
        let end = units.endIndex
        guard index < end, units[index].tagSyntaxValue == 0x3C else { return nil }
        var cursor = index + 1
        let isClosing = cursor < end && units[cursor].tagSyntaxValue == 0x2F
        if isClosing { cursor += 1 }
        let nameStart = cursor
        guard cursor < end, isNameStart(units[cursor].tagSyntaxValue) else { return nil }
        cursor += 1
        while cursor < end, isNameContinue(units[cursor].tagSyntaxValue) {
            cursor += 1
            if cursor - nameStart > maxNameLength { return nil }
        }
        guard cursor < end, units[cursor].tagSyntaxValue == 0x3E else { return nil }
        return TokenShape(name: nameStart..<cursor, isClosing: isClosing, length: cursor + 1 - index)
    }

    /// The entities the codec decodes, and the character each stands for.
    static let entities: [(name: [UInt8], character: Unicode.Scalar)] = [
        (Array("&lt;".utf8), "<"),
        (Array("&gt;".utf8), ">"),
        (Array("&amp;".utf8), "&"),
    ]

    /// The entity starting at `index`, if any: its length and the character it stands for.
    static func entity<C: RandomAccessCollection>(in units: C, at index: Int) -> (length: Int, character: Unicode.Scalar)?
    where C.Element: TagTextUnit, C.Index == Int {
        guard index < units.endIndex, units[index].tagSyntaxValue == 0x26 else { return nil }
        for entity in entities where index + entity.name.count <= units.endIndex {
            if units[index..<(index + entity.name.count)].elementsEqual(entity.name, by: { $0.tagSyntaxValue == UInt32($1) }) {
                return (entity.name.count, entity.character)
            }
        }
        return nil
    }
}

/// A unit of text that tag syntax is read from: a code point, or a byte of UTF-8.
public protocol TagTextUnit {
    /// The code point's value, or the byte's.
    var tagSyntaxValue: UInt32 { get }
}

extension Unicode.Scalar: TagTextUnit {
    @inline(__always) public var tagSyntaxValue: UInt32 { value }
}

extension UInt8: TagTextUnit {
    @inline(__always) public var tagSyntaxValue: UInt32 { UInt32(self) }
}
