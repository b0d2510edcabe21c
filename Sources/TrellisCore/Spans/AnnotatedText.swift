/// Plain (untagged) text with its mode spans: the core unit that the codec produces,
/// the store persists and the TUI edits. Spans are kept in document order.
public struct AnnotatedText: Hashable, Sendable {
    /// The plain text as code points, so that offsets index it directly.
    public var scalars: [Unicode.Scalar]
    public var spans: [Span]

    public init(scalars: [Unicode.Scalar], spans: [Span] = []) {
        self.scalars = scalars
        self.spans = spans.sorted(by: Span.documentOrder)
    }

    public init(text: String, spans: [Span] = []) {
        self.init(scalars: Array(text.unicodeScalars), spans: spans)
    }

    /// The plain text as a `String`.
    public var text: String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// The plain text of `range` (code-point offsets).
    public func text(in range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range.clamped(to: 0..<scalars.count)])
        return String(view)
    }
}
