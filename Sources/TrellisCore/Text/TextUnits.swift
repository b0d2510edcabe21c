/// Character (grapheme cluster), word and sentence boundaries of a plain text, as code-point
/// offsets, for moving span boundaries and cursors by unit. Words are runs of non-white-space;
/// a sentence ends after `.`, `!`, `?`, `…` or their CJK forms (plus closing quotes or brackets)
/// followed by white space or the end, and at every line break.
public struct TextUnits: Hashable, Sendable {
    /// Start offset of every grapheme cluster, then the text length.
    public let graphemeBoundaries: [Int]
    /// Offsets just after each sentence.
    public let sentenceEnds: [Int]
    /// Offsets of each sentence's first non-white-space character.
    public let sentenceStarts: [Int]
    private let whitespace: [Bool]

    public init(_ scalars: [Unicode.Scalar]) {
        var boundaries: [Int] = [0]
        var offset = 0
        for character in AnnotatedText.string(scalars[...]) {
            offset += character.unicodeScalars.count
            boundaries.append(offset)
        }
        if scalars.isEmpty { boundaries = [0] }
        graphemeBoundaries = boundaries
        let whitespace = scalars.map(\.isWhitespace)
        self.whitespace = whitespace

        let terminators: Set<Unicode.Scalar> = [".", "!", "?", "…", "。", "！", "？", "؟"]
        let closers: Set<Unicode.Scalar> = ["\"", "'", "”", "’", ")", "]", "»", "」", "』", "*"]
        var ends: [Int] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\n" {
                ends.append(index)
            } else if terminators.contains(scalar) {
                var end = index + 1
                while end < scalars.count, terminators.contains(scalars[end]) || closers.contains(scalars[end]) { end += 1 }
                if end == scalars.count || scalars[end].isWhitespace || scalar.value >= 0x3000 {
                    ends.append(end)
                    index = end
                    continue
                }
            }
            index += 1
        }
        ends.append(scalars.count)
        // A sentence end only counts after some text: drop ends that follow only white space.
        var cleaned: [Int] = []
        var previous = 0
        for end in ends where end > previous && (previous..<end).contains(where: { !whitespace[$0] }) {
            cleaned.append(end)
            previous = end
        }
        sentenceEnds = cleaned
        var starts: [Int] = []
        for begin in [0] + cleaned {
            if let first = (begin..<scalars.count).first(where: { !whitespace[$0] }), starts.last != first {
                starts.append(first)
            }
        }
        sentenceStarts = starts
    }

    public var count: Int { whitespace.count }

    /// The next grapheme boundary after `offset` (or `offset` at the end).
    public func nextCharacter(after offset: Int) -> Int {
        graphemeBoundaries.first { $0 > offset } ?? count
    }

    /// The grapheme boundary before `offset` (or 0).
    public func previousCharacter(before offset: Int) -> Int {
        graphemeBoundaries.last { $0 < offset } ?? 0
    }

    /// The end of the word at or after `offset`.
    public func nextWordEnd(after offset: Int) -> Int {
        var index = offset
        while index < count, whitespace[index] { index += 1 }
        while index < count, !whitespace[index] { index += 1 }
        return index
    }

    /// Just after the word before `offset`.
    public func previousWordEnd(before offset: Int) -> Int {
        var index = offset
        while index > 0, !whitespace[index - 1] { index -= 1 }
        while index > 0, whitespace[index - 1] { index -= 1 }
        return index
    }

    /// The start of the word after the one at `offset`.
    public func nextWordStart(after offset: Int) -> Int {
        var index = offset
        while index < count, !whitespace[index] { index += 1 }
        while index < count, whitespace[index] { index += 1 }
        return index
    }

    /// The start of the word before (or containing) `offset`.
    public func previousWordStart(before offset: Int) -> Int {
        var index = offset
        while index > 0, whitespace[index - 1] { index -= 1 }
        while index > 0, !whitespace[index - 1] { index -= 1 }
        return index
    }

    /// The first sentence end after `offset`.
    public func nextSentenceEnd(after offset: Int) -> Int { sentenceEnds.first { $0 > offset } ?? count }
    /// The last sentence end before `offset`.
    public func previousSentenceEnd(before offset: Int) -> Int { sentenceEnds.last { $0 < offset } ?? 0 }
    /// The first sentence start after `offset`.
    public func nextSentenceStart(after offset: Int) -> Int { sentenceStarts.first { $0 > offset } ?? count }
    /// The last sentence start before `offset`.
    public func previousSentenceStart(before offset: Int) -> Int { sentenceStarts.last { $0 < offset } ?? 0 }

    /// Whether the code point at `offset` is white space.
    public func isWhitespace(at offset: Int) -> Bool { offset < count && whitespace[offset] }
}
