/// Spans from a sequence of token tags in any of the IOB schemes — IOB2 (`B-` begins, `I-`
/// continues), IOB1 (`I-` begins unless it follows the same type, `B-` only between two
/// neighbours of one type), BIOES/BILOU (`E-`/`L-` ends, `S-`/`U-` is a single token) — read
/// tolerantly: an `I-`, `E-` or `L-` that cannot continue a chunk begins one.
public enum IOBChunks {
    /// One token's tag: `O`, or a prefix and a type (`B-ai`).
    public struct Tag: Hashable, Sendable {
        public var prefix: Character?
        public var type: String

        /// `O` (outside every chunk).
        public static let outside = Tag(prefix: nil, type: "")

        /// The tag written `text`, or `nil` when it is not one.
        public init?(_ text: Substring) {
            if text == "O" {
                self = .outside
                return
            }
            guard text.count > 2, let prefix = text.first, "BIESLU".contains(prefix), text.dropFirst().first == "-" else { return nil }
            self.init(prefix: prefix, type: String(text.dropFirst(2)))
        }

        private init(prefix: Character?, type: String) {
            self.prefix = prefix
            self.type = type
        }
    }

    /// The chunks of `tags`: ranges of token indices with their type.
    public static func chunks(_ tags: [Tag]) -> [(tokens: Range<Int>, type: String)] {
        var chunks: [(tokens: Range<Int>, type: String)] = []
        var open: (start: Int, type: String)?
        func close(at end: Int) {
            if let current = open { chunks.append((current.start..<end, current.type)) }
            open = nil
        }
        for (index, tag) in tags.enumerated() {
            guard let prefix = tag.prefix else {
                close(at: index)
                continue
            }
            let continues = "IEL".contains(prefix) && open?.type == tag.type
            if !continues {
                close(at: index)
                open = (index, tag.type)
            }
            if "ESLU".contains(prefix) { close(at: index + 1) }
        }
        close(at: tags.count)
        return chunks
    }
}
