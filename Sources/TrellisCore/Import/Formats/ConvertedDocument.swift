/// A document read from another tool's format: what the importer stores, and where its parts
/// were written so that validation can place schema problems.
public struct ConvertedDocument: Sendable {
    public var input: DocumentInput
    /// Where the document begins (its line is stored as the document's import line).
    public var place: ImportPlace
    /// Where each span of `input.annotated.spans` was written, in the same order.
    public var spanPlaces: [ImportPlace]

    public init(input: DocumentInput, place: ImportPlace, spanPlaces: [ImportPlace]) {
        self.input = input
        self.place = place
        self.spanPlaces = spanPlaces
    }
}

/// One document of a converted input, or why it cannot be imported.
public typealias ConversionResult = Result<ConvertedDocument, LineRejection>

/// The parts of a document as another tool's format gives them, each with its place, turned
/// into a document by the rules every document obeys (`DocumentRules`, `OffsetSpans`).
public struct ForeignDocument<Place> {
    /// The id, or `nil` when the format gave none it could use (reported already).
    public var id: String?
    public var idPlace: Place
    /// The field the id came from, for messages (`data.id`, a file name…).
    public var idField: String
    public var text: String
    public var textPlace: Place
    public var textField: String
    public var spans: [OffsetSpanCandidate<Place>]
    public var source: String? = nil
    public var stage: Int? = nil
    /// The `meta` object as written, and in canonical form (sorted keys) for the content hash.
    public var metaJSON: String? = nil
    public var canonicalMeta: String? = nil
    /// `meta.rewriter`, when `meta` names one (`Rewriter.named(inMeta:)`).
    public var rewriter: String? = nil

    public init(id: String?, idPlace: Place, idField: String, text: String, textPlace: Place, textField: String, spans: [OffsetSpanCandidate<Place>]) {
        self.id = id
        self.idPlace = idPlace
        self.idField = idField
        self.text = text
        self.textPlace = textPlace
        self.textField = textField
        self.spans = spans
    }

    /// The document with the place of each of its spans (in the order of its spans), or `nil`
    /// after reporting every problem at its place. Spans given twice (same offsets, same label)
    /// count once.
    public func assemble(
        codec: TagCodec, quoteMatches: (String, ArraySlice<Unicode.Scalar>) -> Bool = OffsetSpans.exactQuote,
        report: (String, Place) -> Void
    ) -> (input: DocumentInput, spanPlaces: [Place])? {
        var failed = false
        let id = self.id.flatMap { id -> String? in
            guard let why = DocumentRules.idProblem(id) else { return id }
            report("the id (\(idField)) \(why)", idPlace)
            failed = true
            return nil
        }
        if self.id == nil { failed = true }
        let scalars = text.codePoints
        guard DocumentRules.hasVisibleText(scalars) else {
            report("\"\(textField)\" is \(scalars.isEmpty ? "empty" : "only white space")", textPlace)
            return nil
        }
        var places: [Span: Place] = [:]
        let unique = spans.filter { candidate in
            let key = Span(start: candidate.start, end: candidate.end, label: candidate.label)
            guard places[key] == nil else { return false }
            places[key] = candidate.place
            return true
        }
        let annotated = OffsetSpans.annotate(unique, scalars: scalars, labels: codec.schema.tagNames, quoteMatches: quoteMatches) { problem, place in
            report(problem.message, place)
        }
        guard let annotated, !failed, let id else { return nil }
        let hash = DocumentLineDecoder.contentHash(id: id, tagged: codec.serialise(annotated), source: source, stage: stage, canonicalMeta: canonicalMeta)
        let input = DocumentInput(externalID: id, annotated: annotated, text: text, source: source, stage: stage, metaJSON: metaJSON, rewriter: rewriter, contentHash: hash)
        return (input, annotated.spans.map { places[Span(start: $0.start, end: $0.end, label: $0.label)]! })
    }
}
