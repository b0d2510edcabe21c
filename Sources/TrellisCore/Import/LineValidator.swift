/// Validates an import line without storing it: structural problems as the importer reports
/// them, then every schema violation placed at its line and column (the opening tag of the span
/// concerned, or the start of untagged text).
public struct LineValidator: Sendable {
    public let decoder: DocumentLineDecoder
    public let validator: Validator

    public init(schema: TagSchema) {
        decoder = DocumentLineDecoder(schema: schema)
        validator = Validator(schema: schema)
    }

    /// Everything wrong with the line numbered `lineNumber`; empty when it is valid.
    public func problems(in bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> [ImportProblem] {
        let (result, json) = decoder.decodeKeepingJSON(bytes, lineNumber: lineNumber, hashing: false)
        guard case .success(let input) = result, let json, let textNode = json["text"] else {
            if case .failure(let rejection) = result { return rejection.problems }
            return []
        }
        let violations = validator.violations(in: input.annotated)
        guard !violations.isEmpty else { return [] }

        let byteOffsets: [Int]
        if let spansNode = json["spans"], let items = spansNode.arrayValue {
            byteOffsets = violations.map { violation in
                guard let index = violation.spanIndex else { return textNode.range.lowerBound }
                let span = input.annotated.spans[index]
                let item = items.first { $0["start"]?.intValue == span.start && $0["end"]?.intValue == span.end && $0["label"]?.stringValue == span.label }
                return (item ?? textNode).range.lowerBound
            }
        } else {
            let tagged = (textNode.stringValue ?? "").codePoints
            let plainOffsets = violations.map { violation in
                violation.spanIndex.map { input.annotated.spans[$0].start } ?? violation.range.lowerBound
            }
            byteOffsets = decoder.codec.taggedOffsets(ofPlain: plainOffsets, in: tagged).map {
                JSONParser.byteOffset(ofScalar: $0, inStringAt: textNode.range, of: bytes)
            }
        }
        return zip(violations, byteOffsets).map { violation, byte in
            ImportProblem(
                line: lineNumber,
                column: JSONParser.column(ofByteOffset: byte, in: bytes),
                message: violation.report(in: input.annotated),
                documentID: input.externalID)
        }
    }
}
