/// Text as segments, each prefixed by its mode's control token, for pipelines that train on
/// segment-level control tokens (in the manner of `<|aligned|>` / `<|misaligned|>`).
///
/// A tokenizer that has the tokens as special tokens turns every occurrence of a token's string
/// into its id, so a token written literally in a document would become a control id too. Such
/// occurrences are escaped (``TokenEscaping``): the record's text holds exactly one token per
/// segment that has one.
public struct ControlTokens: Hashable, Sendable {
    /// Token per mode; modes without one use `<|MODE|>`.
    public var tokens: [String: String]
    /// Token for text outside every span (`nil`: such text joins no segment token).
    public var untagged: String?

    public init(tokens: [String: String] = [:], untagged: String? = nil) {
        self.tokens = tokens
        self.untagged = untagged
    }

    public func token(for mode: String) -> String { tokens[mode] ?? "<|\(mode)|>" }

    /// Every token a record may hold: each mode's, and the one for untagged text.
    public func all(modes: [String]) -> [String] {
        var seen = Set<String>()
        return (modes.map(token(for:)) + [untagged].compactMap { $0 }).filter { seen.insert($0).inserted }
    }

    /// The segments: maximal runs of text with the same innermost mode (`nil` outside spans).
    public func segments(of annotated: AnnotatedText) -> [(mode: String?, text: String)] {
        var owner = [Int](repeating: -1, count: annotated.scalars.count)
        for (index, span) in annotated.spans.enumerated() {
            for offset in span.start..<span.end { owner[offset] = index }
        }
        var segments: [(mode: String?, text: String)] = []
        var start = 0
        for offset in 1...max(1, annotated.scalars.count) where offset == annotated.scalars.count || owner[offset] != owner[start] {
            guard start < annotated.scalars.count else { break }
            let mode = owner[start] >= 0 ? annotated.spans[owner[start]].label : nil
            segments.append((mode, annotated.text(in: start..<offset)))
            start = offset
        }
        return segments
    }
}

/// How literal occurrences of control tokens in a text are escaped, reversibly.
///
/// For a token `c` + `R` (its first character, then the rest), every stretch of text that reads
/// `c`, then `k` backslashes (`k` ≥ 0), then `R` gets one more backslash after `c`: `<|ai|>`
/// becomes `<\|ai|>`, `<\|ai|>` becomes `<\\|ai|>`. Unescaping removes one backslash from each
/// such stretch that has at least one. Other text is untouched. This is sound (escaped text holds
/// no token, unescaping gives the text back) for tokens of two characters or more, without a
/// backslash, none inside another, and none ending with what one begins with (`<|ai|>` and
/// `<|human|>` qualify); ``init(tokens:)`` refuses others.
public struct TokenEscaping: Hashable, Sendable {
    /// The character inserted after a token's first character.
    public static let marker: Unicode.Scalar = "\\"
    public let tokens: [String]
    /// Per first code point, the rest of each token starting with it.
    private let rests: [Unicode.Scalar: [[Unicode.Scalar]]]

    public init(tokens: [String]) throws(TokenError) {
        let scalars = tokens.map { Array($0.unicodeScalars) }
        for (index, token) in scalars.enumerated() {
            let name = tokens[index]
            guard token.count >= 2 else { throw TokenError("control token \"\(name)\" must be at least two characters long") }
            guard !token.contains(Self.marker) else { throw TokenError("control token \"\(name)\" must not contain a backslash (it escapes tokens written in the text)") }
            for (otherIndex, other) in scalars.enumerated() {
                if otherIndex != index, token != other, Self.contains(other, token) {
                    throw TokenError("control token \"\(name)\" is inside \"\(tokens[otherIndex])\": occurrences of it could not be told apart")
                }
                for length in 1..<min(token.count, other.count) where token.suffix(length).elementsEqual(other.prefix(length)) {
                    throw TokenError("control token \"\(name)\" ends with what \"\(tokens[otherIndex])\" begins with: occurrences could overlap")
                }
            }
        }
        self.tokens = tokens
        rests = Dictionary(grouping: scalars, by: { $0[0] }).mapValues { $0.map { Array($0.dropFirst()) } }
    }

    /// The text with every literal token (and every escaped one) given one more marker, and how
    /// many literal tokens it had.
    public func escape(_ text: String) -> (text: String, escaped: Int) {
        var escaped = 0
        let result = rewrite(text) { markers in
            if markers == 0 { escaped += 1 }
            return markers + 1
        }
        return (result, escaped)
    }

    /// The text as it was before ``escape(_:)``.
    public func unescape(_ text: String) -> String {
        rewrite(text) { max(0, $0 - 1) }
    }

    /// How many tokens the text holds as they are (not escaped).
    public func occurrences(in text: String) -> Int {
        var count = 0
        _ = rewrite(text) { markers in
            if markers == 0 { count += 1 }
            return markers
        }
        return count
    }

    /// The text with each stretch `c`, `k` markers, `R` rewritten with `markers(k)` markers.
    private func rewrite(_ text: String, markers: (Int) -> Int) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains(where: { rests[$0] != nil }) else { return text }
        var out = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard let candidates = rests[scalar] else {
                out.append(scalar)
                index += 1
                continue
            }
            var after = index + 1
            while after < scalars.count, scalars[after] == Self.marker { after += 1 }
            guard let rest = candidates.first(where: { scalars.count - after >= $0.count && scalars[after..<(after + $0.count)].elementsEqual($0) }) else {
                out.append(scalar)
                index += 1
                continue
            }
            out.append(scalar)
            out.append(contentsOf: repeatElement(Self.marker, count: markers(after - index - 1)))
            out.append(contentsOf: rest)
            index = after + rest.count
        }
        return String(out)
    }

    private static func contains(_ haystack: [Unicode.Scalar], _ needle: [Unicode.Scalar]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        return (0...(haystack.count - needle.count)).contains { haystack[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}

/// Control tokens that cannot be escaped soundly.
public struct TokenError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
