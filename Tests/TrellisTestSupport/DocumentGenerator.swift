import TrellisCore

/// Random annotated documents for property tests: adversarial plain text (tag look-alikes,
/// entities, emoji, CJK, combining marks, CR LF, tabs, NUL and other controls) with properly
/// nested, non-empty spans.
public struct DocumentGenerator {
    public var random: SeededRandom
    public let labels: [String]

    /// Pieces of text chosen to trip up a tag codec.
    public static let alphabet: [String] = [
        "a", "i", "b", " ", " ", "\n", "\r\n", "\t", "<", ">", "/", "&", ";", "lt", "gt", "amp",
        "<ai>", "</ai>", "<human>", "&lt;", "&gt;", "&amp;", "<br>", "a < b", "é", "e\u{301}",
        "日本語", "👩‍🔬", "🇰🇪", "👋🏽", "\u{FEFF}", "\u{202E}", "\u{1B}[31m", "שלום", "\"", "\u{0}", "a\u{0}b",
    ]

    public init(seed: UInt64, labels: [String]) {
        random = SeededRandom(seed: seed)
        self.labels = labels
    }

    /// A document of up to `maxPieces` alphabet pieces with random nested spans.
    public mutating func next(maxPieces: Int = 30) -> AnnotatedText {
        var text = ""
        for _ in 0..<Int.random(in: 1...maxPieces, using: &random) {
            text += Self.alphabet.randomElement(using: &random)!
        }
        let scalars = Array(text.unicodeScalars)
        var spans: [Span] = []
        addSpans(in: 0..<scalars.count, depth: 0, to: &spans)
        return AnnotatedText(scalars: scalars, spans: spans)
    }

    private mutating func addSpans(in range: Range<Int>, depth: Int, to spans: inout [Span]) {
        guard depth < 4, range.count > 0 else { return }
        var cursor = range.lowerBound
        while cursor < range.upperBound, Int.random(in: 0..<3, using: &random) > 0 {
            let start = Int.random(in: cursor..<range.upperBound, using: &random)
            let end = Int.random(in: (start + 1)...range.upperBound, using: &random)
            spans.append(Span(start: start, end: end, label: labels.randomElement(using: &random)!, depth: depth))
            if Bool.random(using: &random) {
                addSpans(in: start..<end, depth: depth + 1, to: &spans)
            }
            cursor = end
        }
    }
}
