/// CoNLL/IOB files: one token per line, its tag in the last column (columns separated by spaces
/// or tabs, so CoNLL-2003's four columns and two-column files alike), a blank line between
/// documents; `-DOCSTART-` lines also separate documents and are not tokens.
///
/// A document's text is its tokens joined by single spaces (the original spacing is not in the
/// file); a chunk of tags (`IOBChunks`) becomes a span over its tokens, labelled with the tag's
/// type. The id is the file's name and the document's position (`train-3`). A document with a
/// bad line is not imported; the others are.
public struct CoNLLConverter: Sendable {
    let codec: TagCodec
    let idPrefix: String
    private var position = 0
    private var tokens: [(text: String, place: ImportPlace)] = []
    private var tags: [IOBChunks.Tag] = []
    private var problems: [ImportProblem] = []

    public init(schema: TagSchema, idPrefix: String) {
        codec = TagCodec(schema: schema)
        self.idPrefix = idPrefix
    }

    /// Whether `line` could be a line of a CoNLL file: a separator, or a token and a tag.
    public static func fits(_ line: Substring) -> Bool {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let last = fields.last else { return true }
        return fields.first == "-DOCSTART-" || (fields.count >= 2 && IOBChunks.Tag(last) != nil)
    }

    /// Takes the line numbered `number`; returns the document it ends, if any.
    public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, number: Int) -> [ConversionResult] {
        guard let line = String(validating: bytes, as: UTF8.self) else {
            problems.append(ImportProblem(line: number, column: 1, message: "invalid UTF-8"))
            return []
        }
        var fields: [(text: Substring, column: Int)] = []
        var column = 1
        var fieldStart: String.Index?
        var fieldColumn = 1
        for index in line.unicodeScalars.indices {
            let isSeparator = line.unicodeScalars[index] == " " || line.unicodeScalars[index] == "\t" || line.unicodeScalars[index] == "\r"
            if isSeparator, let start = fieldStart {
                fields.append((line[start..<index], fieldColumn))
                fieldStart = nil
            } else if !isSeparator, fieldStart == nil {
                fieldStart = index
                fieldColumn = column
            }
            column += 1
        }
        if let start = fieldStart { fields.append((line[start...], fieldColumn)) }

        guard let first = fields.first, first.text != "-DOCSTART-" else { return finish() }
        guard fields.count >= 2, let last = fields.last else {
            problems.append(ImportProblem(line: number, column: first.column, message: "a token without a tag (a line holds a token, then its tag in the last column)"))
            return []
        }
        guard let tag = IOBChunks.Tag(last.text) else {
            problems.append(ImportProblem(line: number, column: last.column, message: "\"\(last.text.prefix(40))\" is not a tag (O, or B-, I-, E-, S-, L- or U- and a label)"))
            return []
        }
        tokens.append((String(first.text), ImportPlace(line: number, column: last.column)))
        tags.append(tag)
        return []
    }

    /// Takes a line too long to read (numbered `number`), which spoils its document.
    public mutating func addTooLong(number: Int, byteCount: Int, limit: Int) {
        problems.append(ImportProblem.lineTooLong(line: number, byteCount: byteCount, limit: limit))
    }

    /// Ends the document being read, if any; call at the end of the input too.
    public mutating func finish() -> [ConversionResult] {
        defer {
            tokens.removeAll(keepingCapacity: true)
            tags.removeAll(keepingCapacity: true)
            problems.removeAll()
        }
        guard !tokens.isEmpty || !problems.isEmpty else { return [] }
        position += 1
        let id = "\(idPrefix)-\(position)"
        var starts: [Int] = []
        var text = ""
        var length = 0
        for (index, token) in tokens.enumerated() {
            if index > 0 {
                text += " "
                length += 1
            }
            starts.append(length)
            text += token.text
            length += token.text.unicodeScalars.count
        }
        let spans = IOBChunks.chunks(tags).map { chunk in
            let last = tokens[chunk.tokens.upperBound - 1].text.unicodeScalars.count
            return OffsetSpanCandidate(start: starts[chunk.tokens.lowerBound], end: starts[chunk.tokens.upperBound - 1] + last,
                                       label: chunk.type, place: tokens[chunk.tokens.lowerBound].place)
        }
        let place = tokens.first.map { ImportPlace(line: $0.place.line, column: 1) } ?? ImportPlace(line: problems[0].line, column: 1)
        var found = problems
        let document = ForeignDocument(id: id, idPlace: place, idField: "the file's name and the document's position", text: text,
                                       textPlace: place, textField: "tokens", spans: spans)
        let assembled = tokens.isEmpty ? nil : document.assemble(codec: codec) { message, at in found.append(at.problem(message, documentID: id)) }
        guard found.isEmpty, let assembled else {
            return [.failure(LineRejection(found.map { var problem = $0; problem.documentID = id; return problem }))]
        }
        return [.success(ConvertedDocument(input: assembled.input, place: place, spanPlaces: assembled.spanPlaces))]
    }
}
