/// brat standoff documents: `NAME.txt` (the text) and `NAME.ann`, whose `T` lines are the spans:
/// `T1<TAB>LABEL START END[;START END…]<TAB>TEXT`.
///
/// - offsets count code points of the `.txt` (brat's server is Python), which is read as it is,
///   line ends included;
/// - a span in several fragments becomes one span when only white space lies between the
///   fragments (how Trellis, and brat, split a span over a line break), else one span per
///   fragment; an empty fragment (`5 5`) marks where a span starts or ends, as Trellis writes a
///   span that starts or ends with a line break;
/// - the text field, when present, is checked against the text at the offsets, ignoring white
///   space and control characters (tools write line breaks and tabs inside it differently);
/// - `A` (attributes), `R`, `E`, `N`, `M` and `#` (notes) lines are ignored;
/// - the id is the file name without `.txt`, unless `ids.tsv` maps it (`BratIDMap`).
public struct BratConverter: Sendable {
    let codec: TagCodec

    public init(schema: TagSchema) {
        codec = TagCodec(schema: schema)
    }

    /// The document of `name.txt` (`text`) and `name.ann` (`annotations`, `nil` when there is
    /// none: a document without spans) with the id `id`, mapped at `idPlace` (else the file name).
    public func convert(
        name: String, text: UnsafeBufferPointer<UInt8>, annotations: UnsafeBufferPointer<UInt8>?, id: String, idPlace: ImportPlace?
    ) -> ConversionResult {
        let textFile = name + ".txt", annFile = name + ".ann"
        let fileStart = ImportPlace(file: textFile, line: 1, column: 1)
        let string: String
        switch UTF8Validation.decode(text) {
        case .success(let decoded): string = decoded
        case .failure(let error):
            let place = ImportPlace.places(ofByteOffsets: [error.byteOffset], in: text, origin: fileStart)[0]
            return .failure(LineRejection([place.problem(error.message, documentID: id)]))
        }
        let scalars = string.codePoints
        var problems: [ImportProblem] = []
        var spans: [OffsetSpanCandidate<ImportPlace>] = []
        if let annotations {
            spans = textBounds(in: annotations, file: annFile, text: scalars, problems: &problems)
        }
        let document = ForeignDocument(id: id, idPlace: idPlace ?? fileStart, idField: idPlace == nil ? "the file name" : BratIDMap.fileName,
                                       text: string, textPlace: fileStart, textField: textFile, spans: spans)
        let assembled = document.assemble(codec: codec) { message, place in problems.append(place.problem(message)) }
        guard problems.isEmpty, let assembled else {
            let ordered = problems.sorted { ($0.file ?? "", $0.line, $0.column) < ($1.file ?? "", $1.line, $1.column) }
            return .failure(LineRejection(ordered.map { var problem = $0; problem.documentID = id; return problem }))
        }
        return .success(ConvertedDocument(input: assembled.input, place: ImportPlace(file: annFile, line: 1, column: 1), spanPlaces: assembled.spanPlaces))
    }

    /// The spans of the `T` lines of an `.ann` file.
    private func textBounds(in bytes: UnsafeBufferPointer<UInt8>, file: String, text: [Unicode.Scalar], problems: inout [ImportProblem]) -> [OffsetSpanCandidate<ImportPlace>] {
        var spans: [OffsetSpanCandidate<ImportPlace>] = []
        var lineNumber = 0
        var lineStart = 0
        while lineStart <= bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            lineNumber += 1
            guard lineEnd > lineStart, bytes[lineStart] == UInt8(ascii: "T") else { continue }
            var end = lineEnd
            if bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
            guard let line = String(validating: UnsafeBufferPointer(rebasing: bytes[lineStart..<end]), as: UTF8.self) else {
                problems.append(ImportProblem(line: lineNumber, column: 1, message: "invalid UTF-8", file: file))
                continue
            }
            spans += textBound(line, place: ImportPlace(file: file, line: lineNumber, column: 1), text: text, problems: &problems)
        }
        return spans
    }

    /// The spans of one `T` line.
    private func textBound(_ line: String, place: ImportPlace, text: [Unicode.Scalar], problems: inout [ImportProblem]) -> [OffsetSpanCandidate<ImportPlace>] {
        let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
        var at = place
        at.column = fields[0].unicodeScalars.count + 2
        guard fields.count >= 2 else {
            problems.append(place.problem("a T line needs an id, then a label with its offsets, then the text, separated by tabs"))
            return []
        }
        let parts = fields[1].split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else {
            problems.append(at.problem("\"\(fields[1].prefix(40))\" is not a label followed by offsets (LABEL START END)"))
            return []
        }
        let label = String(parts[0])
        var fragments: [Range<Int>] = []
        for fragment in parts[1].split(separator: ";", omittingEmptySubsequences: false) {
            let numbers = fragment.split(separator: " ").map { Int($0) }
            guard numbers.count == 2, let start = numbers[0], let end = numbers[1], 0 <= start, start <= end, end <= text.count else {
                var offsets = at
                offsets.column += label.unicodeScalars.count + 1
                problems.append(offsets.problem("\"\(parts[1].prefix(40))\" are not offsets inside the text (START END, fragments separated by ';'; the text has \(text.count) code points)"))
                return []
            }
            fragments.append(start..<end)
        }
        fragments.sort { $0.lowerBound < $1.lowerBound }
        if fields.count == 3 {
            let quoted = String(fields[2])
            let actual = fragments.flatMap { text[$0] }
            guard Self.visible(quoted.unicodeScalars).elementsEqual(Self.visible(actual)) else {
                var quote = at
                quote.column += fields[1].unicodeScalars.count + 1
                let shown = AnnotatedText(scalars: Array(actual.prefix(30))).text
                problems.append(quote.problem("the text field \"\(quoted.prefix(30))\" is not the text at \(parts[1]): \"\(shown)\" (offsets must count code points)"))
                return []
            }
        }
        // Fragments with only white space (or what ends a line for brat) between them are one
        // span; an empty fragment only marks where its span starts or ends.
        var merged: [Range<Int>] = []
        for fragment in fragments {
            if let last = merged.last, last.upperBound <= fragment.lowerBound,
               text[last.upperBound..<fragment.lowerBound].allSatisfy({ $0.isWhitespace || BratStandoff.breaksLine($0) }) {
                merged[merged.count - 1] = last.lowerBound..<fragment.upperBound
            } else {
                merged.append(fragment)
            }
        }
        if merged.count > 1 { merged.removeAll(where: \.isEmpty) }
        return merged.map { OffsetSpanCandidate(start: $0.lowerBound, end: $0.upperBound, label: label, place: at) }
    }

    /// The code points that are neither white space nor control characters.
    private static func visible<S: Sequence>(_ scalars: S) -> [Unicode.Scalar] where S.Element == Unicode.Scalar {
        scalars.filter { !$0.isWhitespace && $0.properties.generalCategory != .control && $0.properties.generalCategory != .format }
    }
}
