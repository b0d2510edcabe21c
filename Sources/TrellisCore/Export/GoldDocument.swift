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
    /// SHA-256 of the document as imported, and of its original text (when it has one).
    public var importHash: String
    public var sourceHash: String?

    public init(id: String, stage: Int?, metaJSON: String?, text: String, spans: [Span], gold: [GoldSpan], importHash: String, sourceHash: String?) {
        self.id = id
        self.stage = stage
        self.metaJSON = metaJSON
        self.text = text
        self.scalars = text.codePoints
        self.spans = spans
        self.gold = gold
        self.importHash = importHash
        self.sourceHash = sourceHash
    }

    /// Whether every span is gold.
    public var isComplete: Bool { !spans.isEmpty && gold.count == spans.count }

    /// The latest review time behind its gold spans.
    public var reviewedAt: String { gold.map(\.reviewedAt).max() ?? "" }

    /// Stretches of the document for training: the whole document when every span is gold, or
    /// (`runs`) each maximal run of neighbouring top-level spans that are gold with all they
    /// contain. Each comes with its own id, text and spans (offsets relative to the stretch).
    public func trainingUnits(runs: Bool) -> [(id: String, annotated: AnnotatedText)] {
        if isComplete {
            return [(id, AnnotatedText(scalars: scalars, spans: spans))]
        }
        guard runs else { return [] }
        let goldSet = Set(gold.map(\.span))
        let parents = SpanNesting.structure(of: spans).parents
        func root(_ index: Int) -> Int { parents[index].map(root) ?? index }
        var goodRoots: [Int] = []
        for index in spans.indices where parents[index] == nil {
            let family = spans.indices.filter { root($0) == index }
            if family.allSatisfy({ goldSet.contains(spans[$0]) }) { goodRoots.append(index) }
        }
        var units: [(id: String, annotated: AnnotatedText)] = []
        var run: [Int] = []
        func flush() {
            guard let first = run.first, let last = run.last else { return }
            let start = spans[first].start, end = spans[last].end
            let inside = spans.filter { $0.start >= start && $0.end <= end }.map {
                Span(start: $0.start - start, end: $0.end - start, label: $0.label, depth: $0.depth)
            }
            units.append(("\(id)#\(units.count + 1)", AnnotatedText(scalars: Array(scalars[start..<end]), spans: inside)))
            run.removeAll()
        }
        let topLevel = spans.indices.filter { parents[$0] == nil }
        for index in topLevel {
            if goodRoots.contains(index) { run.append(index) } else { flush() }
        }
        flush()
        return units
    }
}
