/// Text as segments, each prefixed by its mode's control token, for pipelines that train on
/// segment-level control tokens (in the manner of `<|aligned|>` / `<|misaligned|>`).
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

    /// The whole text with each segment's token in front.
    public func render(_ annotated: AnnotatedText) -> String {
        segments(of: annotated).map { segment in
            (segment.mode.map(token(for:)) ?? untagged ?? "") + segment.text
        }.joined()
    }
}
