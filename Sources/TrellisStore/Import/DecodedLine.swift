import TrellisCore

/// An input line waiting to be decoded, kept in file order with the lines around it.
enum PendingLine: Sendable {
    case line(number: Int, bytes: [UInt8])
    case tooLong(number: Int, byteCount: Int)
}

/// A line after decoding: a document ready to store (plain text and schema problems worked out),
/// a blank line, or why it cannot be imported.
enum DecodedLine: Sendable {
    case document(line: Int, input: DocumentInput, text: String, problemCount: Int)
    case blank
    case rejected(LineRejection)
}
