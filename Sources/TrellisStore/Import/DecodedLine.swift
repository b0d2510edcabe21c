import TrellisCore

/// An input line waiting to be decoded, kept in file order with the lines around it.
enum PendingLine: Sendable {
    case line(number: Int, bytes: [UInt8])
    case tooLong(number: Int, byteCount: Int)
}

/// A line after decoding: a document ready to store (with its schema problems counted and its
/// spans encoded as its machine version keeps them), a blank line, or why it cannot be imported.
enum DecodedLine: Sendable {
    case document(line: Int, input: DocumentInput, problemCount: Int, machineSpans: [UInt8])
    case blank
    case rejected(LineRejection)

    /// A decoded document, checked by `validator` and its machine version's spans encoded
    /// (`CompactSpans`): work done on the decoding thread, not the writer's.
    static func decoded(line: Int, input: DocumentInput, validator: Validator) -> DecodedLine {
        .document(line: line, input: input, problemCount: validator.violations(in: input.annotated).count,
                  machineSpans: CompactSpans.encode(input.annotated.spans))
    }
}
