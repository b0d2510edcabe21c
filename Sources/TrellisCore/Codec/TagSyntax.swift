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
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    static func isNameContinue(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || (scalar >= "0" && scalar <= "9") || scalar == "_" || scalar == "-"
    }

    /// The tag-shaped token starting at `index`, if there is one.
    public static func token<C: RandomAccessCollection>(in scalars: C, at index: Int) -> Token?
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
        var name = String.UnicodeScalarView()
        name.append(contentsOf: scalars[nameStart..<cursor])
        return Token(name: String(name), isClosing: isClosing, length: cursor + 1 - index)
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
