/// Where something is in an input: line and column (1-based, columns in code points), and for an
/// input that is a folder, the file inside it.
public struct ImportPlace: Hashable, Sendable {
    public var file: String?
    public var line: Int
    public var column: Int

    public init(file: String? = nil, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A problem found here.
    public func problem(_ message: String, documentID: String? = nil) -> ImportProblem {
        ImportProblem(line: line, column: column, message: message, documentID: documentID, file: file)
    }

    /// The places of byte `offsets` in `bytes`, whose first byte is at `origin`: one pass over
    /// the bytes however many offsets there are (offsets past the end are placed at the end).
    public static func places(ofByteOffsets offsets: [Int], in bytes: UnsafeBufferPointer<UInt8>, origin: ImportPlace) -> [ImportPlace] {
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        var places = [ImportPlace](repeating: origin, count: offsets.count)
        var line = origin.line, column = origin.column, index = 0
        for slot in order {
            let target = min(max(offsets[slot], 0), bytes.count)
            while index < target {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else if byte & 0xC0 != 0x80 {
                    column += 1
                }
                index += 1
            }
            places[slot] = ImportPlace(file: origin.file, line: line, column: column)
        }
        return places
    }
}
