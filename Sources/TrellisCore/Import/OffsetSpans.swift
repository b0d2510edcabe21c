/// A span given by offsets, as an input wrote it, with the place it was written at (where its
/// problems are reported).
public struct OffsetSpanCandidate<Place> {
    public var start: Int
    public var end: Int
    public var label: String
    /// The span's text as the input quotes it, if it does; checked against the offsets.
    public var quoted: String?
    public var place: Place

    public init(start: Int, end: Int, label: String, quoted: String? = nil, place: Place) {
        self.start = start
        self.end = end
        self.label = label
        self.quoted = quoted
        self.place = place
    }
}

extension OffsetSpanCandidate: Sendable where Place: Sendable {}

/// The one home of the rules on spans given by code-point offsets, whatever the format they come
/// in: a label of the schema, a range inside the text and not empty, a quoted text equal to the
/// text at the offsets, and spans that nest rather than cross.
public enum OffsetSpans {
    /// A problem with one span.
    public struct Problem: Hashable, Sendable {
        public var message: String
        /// Whether it is the label that is wrong (a format may place it at the label).
        public var concernsLabel: Bool

        public init(_ message: String, concernsLabel: Bool = false) {
            self.message = message
            self.concernsLabel = concernsLabel
        }
    }

    /// The text with `candidates` as its spans (depths from their ranges), or `nil` after
    /// reporting every problem through `report` at the place of the span concerned.
    /// `quoteMatches` compares a span's quoted text with the text at its offsets (exactly, code
    /// point by code point, unless a format knows its tool writes the quote otherwise).
    public static func annotate<Place>(
        _ candidates: [OffsetSpanCandidate<Place>], scalars: [Unicode.Scalar], labels: Set<String>,
        quoteMatches: (String, ArraySlice<Unicode.Scalar>) -> Bool = exactQuote,
        report: (Problem, Place) -> Void
    ) -> AnnotatedText? {
        var spans: [Span] = []
        var failed = false
        for candidate in candidates {
            let (start, end, label) = (candidate.start, candidate.end, candidate.label)
            guard labels.contains(label) else {
                report(Problem("unknown label \"\(label)\" (the schema has \(labels.sorted().joined(separator: ", ")))", concernsLabel: true), candidate.place)
                failed = true
                continue
            }
            guard 0 <= start, start < end, end <= scalars.count else {
                let why = start >= end ? "is empty or reversed" : "lies outside the text (length \(scalars.count) code points)"
                report(Problem("span \(start)-\(end) \(why)"), candidate.place)
                failed = true
                continue
            }
            if let quoted = candidate.quoted, !quoteMatches(quoted, scalars[start..<end]) {
                let actual = AnnotatedText.string(scalars[start..<min(end, start + 30)])
                report(Problem("span \(start)-\(end) says its text is \"\(quoted.prefix(30))\" but the text there is \"\(actual)\" (offsets must count code points)"), candidate.place)
                failed = true
                continue
            }
            spans.append(Span(start: start, end: end, label: label))
        }
        guard !failed else { return nil }
        let nested = SpanNesting.assigningDepths(spans)
        let (_, crossing) = SpanNesting.structure(of: nested)
        guard !crossing.isEmpty else { return AnnotatedText(scalars: scalars, spans: nested) }
        // Each crossing is reported at the first candidate of its span (found only when there is one).
        var places: [Span: Place] = [:]
        for (span, candidate) in zip(spans, candidates) where places[span] == nil { places[span] = candidate.place }
        for pair in crossing {
            let outer = nested[pair.outer], inner = nested[pair.inner]
            report(Problem("span \(inner.label) \(inner.start)-\(inner.end) overlaps \(outer.label) \(outer.start)-\(outer.end) without nesting in it"),
                   places[Span(start: inner.start, end: inner.end, label: inner.label)]!)
        }
        return nil
    }

    /// Whether `quoted` is exactly the code points at the span's offsets (compared one by one,
    /// stopping at the first difference: linear in the quote, however long the span).
    public static func exactQuote(_ quoted: String, _ actual: ArraySlice<Unicode.Scalar>) -> Bool {
        quoted.unicodeScalars.elementsEqual(actual)
    }
}
