/// Validates an import line without storing it: structural problems as the importer reports
/// them, then every schema violation placed at its line and column (the opening tag of the span
/// concerned, or the start of untagged text). At most `ProblemLimit.perLine` problems are
/// placed; the rest are counted.
public struct LineValidator: Sendable {
    public let decoder: DocumentLineDecoder
    public let validator: Validator

    public init(schema: TagSchema) {
        decoder = DocumentLineDecoder(schema: schema)
        validator = Validator(schema: schema)
    }

    /// What checking one line finds: the document (when the line can be imported, possibly
    /// with schema problems) and every problem.
    public struct Check: Sendable {
        public var input: DocumentInput?
        public var problems: [ImportProblem]
        /// The line's JSON, when it parsed (an export's validation checks its shape too).
        public var json: JSONNode?
    }

    /// Everything wrong with the line numbered `lineNumber`; empty when it is valid.
    public func problems(in bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> [ImportProblem] {
        check(bytes, lineNumber: lineNumber).problems
    }

    /// Checks the line numbered `lineNumber`. With `hashing`, the document's content hash is
    /// worked out, as import does, to compare it with a stored one.
    public func check(_ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int, hashing: Bool = false) -> Check {
        let (result, json) = decoder.decodeKeepingJSON(bytes, lineNumber: lineNumber, hashing: hashing)
        guard case .success(let input) = result, let json, let textNode = json["text"] else {
            if case .failure(let rejection) = result { return Check(input: nil, problems: rejection.problems, json: json) }
            return Check(input: nil, problems: [], json: json)
        }
        let violations = validator.violations(in: input.annotated)
        guard !violations.isEmpty else { return Check(input: input, problems: [], json: json) }
        // Only the violations reported in full are placed: each costs a walk of the line.
        let placed = Array(violations.prefix(ProblemLimit.perLine))

        let byteOffsets: [Int]
        if let spansNode = json["spans"], let items = spansNode.arrayValue {
            byteOffsets = placed.map { violation in
                guard let index = violation.spanIndex else { return textNode.range.lowerBound }
                let span = input.annotated.spans[index]
                let item = items.first { $0["start"]?.intValue == span.start && $0["end"]?.intValue == span.end && $0["label"]?.stringValue == span.label }
                return (item ?? textNode).range.lowerBound
            }
        } else {
            let tagged = (textNode.stringValue ?? "").codePoints
            let plainOffsets = placed.map { violation in
                violation.spanIndex.map { input.annotated.spans[$0].start } ?? violation.range.lowerBound
            }
            byteOffsets = decoder.codec.taggedOffsets(ofPlain: plainOffsets, in: tagged).map {
                JSONParser.byteOffset(ofScalar: $0, inStringAt: textNode.range, of: bytes)
            }
        }
        let positions = TextPosition.positions(of: placed.map(\.range.lowerBound), in: input.annotated.scalars)
        var problems = zip(placed, zip(byteOffsets, positions)).map { violation, place in
            ImportProblem(
                line: lineNumber,
                column: JSONParser.column(ofByteOffset: place.0, in: bytes),
                message: violation.report(at: place.1),
                documentID: input.externalID)
        }
        if violations.count > placed.count {
            problems.append(ProblemLimit.leftOut(violations.count - placed.count, line: lineNumber, column: problems.last?.column ?? 1, documentID: input.externalID))
        }
        return Check(input: input, problems: problems, json: json)
    }
}
