/// The lexical rules of inline mode tags, shared by the parser and the serialiser.
///
/// A *tag-shaped token* is `<NAME>` or `</NAME>`: no spaces, no attributes, NAME an ASCII letter
/// followed by ASCII letters, digits, `_` or `-` (at most `maxNameLength`). Anything else that
/// contains `<` (`a < b`, `<br/>`, `<p class="x">`) is ordinary text. See `docs/formats.md`.
public enum TagSyntax {
    public static let maxNameLength = 32

    /// A tag-shaped token found in text.
    public struct Token: Hashable, Sendable {
        public var name: String
        public var isClosing: Bool
        /// Code points the token occupies, brackets included.
        public var length: Int

        /// The token `shape` describes in `scalars`.
        public init<C: RandomAccessCollection>(_ shape: TokenShape, in scalars: C) where C.Element == Unicode.Scalar, C.Index == Int {
            var name = String.UnicodeScalarView()
            name.append(contentsOf: scalars[shape.name])
            self.name = String(name)
            isClosing = shape.isClosing
            length = shape.length
        }
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    static func isNameContinue(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "-"
    }

    /// Where a tag-shaped token lies, without its name built.
    public struct TokenShape: Hashable, Sendable {
        /// Offsets of the name.
        public var name: Range<Int>
        public var isClosing: Bool
        /// Code points the token occupies, brackets included.
        public var length: Int
    }

    /// The tag-shaped token starting at `index`, if there is one.
    public static func token<C: RandomAccessCollection>(in scalars: C, at index: Int) -> Token?
    where C.Element == Unicode.Scalar, C.Index == Int {
        tokenShape(in: scalars, at: index).map { Token($0, in: scalars) }
    }

    /// Where the tag-shaped token starting at `index` lies, if there is one.
    public static func tokenShape<C: RandomAccessCollection>(in scalars: C, at index: Int) -> TokenShape?
    where C.Element == Unicode.Scalar, C.Index == Int {
        let end = scalars.endIndex
        guard index < end, scalars[index] == "<" else { return nil }
        var cursor = index + 1
        let isClosing = cursor < end && scalars[cursor] == "/"
        if isClosing { cursor += 1 }
        let nameStart = cursor
        guard cursor < end, isNameStart(scalars[cursor]) else { return nil }
        cursor += 1
        while cursor < end, isNameContinue(scalars[cursor]) {
            cursor += 1
            if cursor - nameStart > maxNameLength { return nil }
        }
        guard cursor < end, scalars[cursor] == ">" else { return nil }
        return TokenShape(name: nameStart..<cursor, isClosing: isClosing, length: cursor + 1 - index)
    }

    /// The entities the codec decodes, and the character each stands for.
    static let entities: [(name: [Unicode.Scalar], character: Unicode.Scalar)] = [
        (Array("&lt;".unicodeScalars), "<"),
        (Array("&gt;".unicodeScalars), ">"),
        (Array("&amp;".unicodeScalars), "&"),
    ]

    /// The entity starting at `index`, if any: its length and the character it stands for.
    static func entity<C: RandomAccessCollection>(in scalars: C, at index: Int) -> (length: Int, character: Unicode.Scalar)?
    where C.Element == Unicode.Scalar, C.Index == Int {
        guard index < scalars.endIndex, scalars[index] == "&" else { return nil }
        for entity in entities where index + entity.name.count <= scalars.endIndex {
            if scalars[index..<(index + entity.name.count)].elementsEqual(entity.name) {
                return (entity.name.count, entity.character)
            }
        }
        return nil
    }
}
