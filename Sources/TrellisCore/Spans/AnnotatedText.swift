/// Plain (untagged) text with its mode spans: the core unit that the codec produces,
/// the store persists and the TUI edits. Spans are kept in document order.
public struct AnnotatedText: Hashable, Sendable {
    /// The plain text as code points, so that offsets index it directly.
    public var scalars: [Unicode.Scalar]
    public var spans: [Span]

    public init(scalars: [Unicode.Scalar], spans: [Span] = []) {
        self.scalars = scalars
        // Most callers (the tag parser among them) already give document order: check before sorting.
        let isOrdered = zip(spans, spans.dropFirst()).allSatisfy { !Span.documentOrder($1, $0) }
        self.spans = isOrdered ? spans : spans.sorted(by: Span.documentOrder)
    }

    public init(text: String, spans: [Span] = []) {
        self.init(scalars: text.codePoints, spans: spans)
    }

    /// The plain text as a `String`.
    public var text: String {
        Self.string(scalars[...])
    }

    /// The plain text of `range` (code-point offsets).
    public func text(in range: Range<Int>) -> String {
        Self.string(scalars[range.clamped(to: 0..<scalars.count)])
    }

    /// Code points as a `String`, encoded straight to UTF-8 (appending them to a
    /// `String.UnicodeScalarView` goes through a generic path many times slower, which import and
    /// export pay on every document).
    static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var count = 0
        for scalar in scalars { count += UTF8.width(scalar) }
        return String(unsafeUninitializedCapacity: count) { buffer in
            var index = 0
            for scalar in scalars {
                if scalar.isASCII {
                    buffer[index] = UInt8(truncatingIfNeeded: scalar.value)
                    index += 1
                    continue
                }
                for byte in scalar.utf8 {
                    buffer[index] = byte
                    index += 1
                }
            }
            return index
        }
    }
}
