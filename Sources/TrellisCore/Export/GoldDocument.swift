/// A document as the export sees it: its text, all its spans, and those that are gold.
public struct GoldDocument: Hashable, Sendable {
    public var id: String
    public var stage: Int?
    /// The import's `meta` object, verbatim JSON.
    public var metaJSON: String?
    /// The plain text, and the same as code points (what offsets count).
    public let text: String
    public let scalars: [Unicode.Scalar]
    /// Every live span, in document order.
    public var spans: [Span]
    /// The gold spans, in document order (a subset of `spans`).
    public var gold: [GoldSpan]
    /// The original text before rewriting, when it has one.
    public var source: String?
    /// SHA-256 of the document as imported, and of its original text (when it has one).
    public var importHash: String
    public var sourceHash: String?
    /// The counted reviewers' notes on the whole document, by reviewer name.
    public var notes: [DocumentNote]

    public init(id: String, stage: Int?, metaJSON: String?, text: String, spans: [Span], gold: [GoldSpan], source: String? = nil,
                importHash: String, sourceHash: String?, notes: [DocumentNote] = []) {
        self.id = id
        self.stage = stage
        self.metaJSON = metaJSON
        self.text = text
        self.scalars = text.codePoints
        self.spans = spans
        self.gold = gold
        self.source = source
        self.importHash = importHash
        self.sourceHash = sourceHash
        self.notes = notes
    }

    /// Whether every span is gold.
    public var isComplete: Bool { !spans.isEmpty && gold.count == spans.count }

    /// The latest review time behind its gold spans.
    public var reviewedAt: String { gold.map(\.reviewedAt).max() ?? "" }

    /// The whole document: its text with every span.
    public var annotated: AnnotatedText { AnnotatedText(scalars: scalars, spans: spans) }

    /// The stretches of a partly gold document worth training on: each maximal run of
    /// neighbouring top-level spans that are gold with all they contain, cut wherever the joined
    /// stretch would break the schema (text outside spans between them, a banned transition), and
    /// only families that keep to the schema on their own. Each comes with its own id (`ID#1`,
    /// `ID#2`, …), text and spans (offsets relative to the stretch, which starts at `start`).
    public func goldRuns(validator: Validator) -> [(id: String, annotated: AnnotatedText, start: Int)] {
        let schema = validator.schema
        let goldSet = Set(gold.map(\.span))
        let parents = SpanNesting.structure(of: spans).parents
        // Families in document order: a top-level span and the spans after it up to the next one.
        var families: [Range<Int>] = []
        for index in spans.indices {
            if parents[index] == nil { families.append(index..<(index + 1)) } else if !families.isEmpty {
                families[families.count - 1] = families[families.count - 1].lowerBound..<(index + 1)
            }
        }
        func unit(_ first: Range<Int>, _ last: Range<Int>) -> AnnotatedText {
            let start = spans[first.lowerBound].start, end = spans[last.lowerBound].end
            let inside = spans[first.lowerBound..<last.upperBound].map {
                Span(start: $0.start - start, end: $0.end - start, label: $0.label, depth: $0.depth)
            }
            return AnnotatedText(scalars: Array(scalars[start..<end]), spans: inside)
        }
        func isGood(_ family: Range<Int>) -> Bool {
            spans[family].allSatisfy(goldSet.contains) && validator.violations(in: unit(family, family)).isEmpty
        }
        func joins(_ previous: Range<Int>, _ next: Range<Int>) -> Bool {
            let before = spans[previous.lowerBound], after = spans[next.lowerBound]
            let gapIsWhitespace = scalars[before.end..<max(before.end, after.start)].allSatisfy(\.isWhitespace)
            return (gapIsWhitespace || schema.allowsUntaggedText)
                && schema.ban(from: before.label, to: after.label, gapIsWhitespace: gapIsWhitespace) == nil
        }
        var units: [(id: String, annotated: AnnotatedText, start: Int)] = []
        var run: [Range<Int>] = []
        func flush() {
            guard let first = run.first, let last = run.last else { return }
            let stretch = unit(first, last)
            if validator.violations(in: stretch).isEmpty { units.append(("\(id)#\(units.count + 1)", stretch, spans[first.lowerBound].start)) }
            run.removeAll()
        }
        for family in families {
            guard isGood(family) else {
                flush()
                continue
            }
            if let last = run.last, !joins(last, family) { flush() }
            run.append(family)
        }
        flush()
        return units
    }
}

/// A reviewer's note on a whole document, as exported.
public struct DocumentNote: Hashable, Sendable {
    public var reviewer: String
    public var note: String

    public init(reviewer: String, note: String) {
        self.reviewer = reviewer
        self.note = note
    }

    /// The notes as one text, `reviewer: note` per line (eval's `document_note`, csv's column).
    public static func joined(_ notes: [DocumentNote]) -> String {
        notes.map { "\($0.reviewer): \($0.note)" }.joined(separator: "\n")
    }
}
