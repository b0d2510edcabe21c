import Dispatch
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

/// Decodes one batch of lines on a second thread while the importer writes the batch before it,
/// so that parsing and SQLite each keep a core busy. At most one batch is in flight.
final class BackgroundDecoder: @unchecked Sendable {
    private let queue = DispatchQueue(label: "trellis.import.decode")
    private let group = DispatchGroup()
    private let decode: @Sendable (PendingLine) -> DecodedLine
    /// Written on `queue`, read only after `group.wait()`.
    private var decoded: [DecodedLine] = []
    private(set) var isBusy = false

    init(decode: @escaping @Sendable (PendingLine) -> DecodedLine) {
        self.decode = decode
    }

    /// Starts decoding `lines`. The previous batch must have been collected with `collect()`.
    func start(_ lines: [PendingLine]) {
        precondition(!isBusy, "collect the batch in flight first")
        isBusy = true
        group.enter()
        queue.async { [self] in
            decoded = lines.map(decode)
            group.leave()
        }
    }

    /// Waits for the batch in flight and returns it decoded, in order.
    func collect() -> [DecodedLine] {
        guard isBusy else { return [] }
        group.wait()
        isBusy = false
        defer { decoded = [] }
        return decoded
    }
}
