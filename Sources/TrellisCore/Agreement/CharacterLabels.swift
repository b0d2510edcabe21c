/// Mode labels per code point, for agreement measured character by character.
public enum CharacterLabels {
    /// The label of code points outside every span.
    public static let none = "none"

    /// The label at each of `length` code points: the innermost covering span's (the last of
    /// them in `Span.documentOrder`, which for nested spans is the deepest), `none` where no
    /// span covers it. Parts of spans outside `0..<length` are ignored.
    public static func labels(spans: [Span], length: Int) -> [String] {
        var labels = [String](repeating: none, count: max(0, length))
        for span in spans.sorted(by: Span.documentOrder) {
            let lower = max(0, span.start), upper = min(labels.count, span.end)
            guard lower < upper else { continue }
            for offset in lower..<upper { labels[offset] = span.label }
        }
        return labels
    }
}
