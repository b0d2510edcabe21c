import TrellisCore

/// An input line waiting to be decoded, kept in file order with the lines around it.
enum PendingLine: Sendable {
    case line(number: Int, bytes: [UInt8])
    case tooLong(number: Int, byteCount: Int)
}

/// A line after decoding: a document ready to store (with its schema problems counted),
/// a blank line, or why it cannot be imported.
enum DecodedLine: Sendable {
    case document(line: Int, input: DocumentInput, problemCount: Int)
    case blank
    case rejected(LineRejection)
}
