/// Turns the JSON records of an input (array elements, lines or top-level values), in order,
/// into documents. Pure: the store reads the bytes and hands each record over.
public protocol JSONRecordConverter {
    /// Takes the next record, whose bytes are valid only during the call and whose first byte is
    /// at `origin`; returns the documents it completes (a format may hold a record back, as
    /// JSON-MIN does until it has seen every annotation of a task).
    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, origin: ImportPlace) -> [ConversionResult]
    /// The documents still held back at the end of the input.
    mutating func finish() -> [ConversionResult]
}

/// The problems and span places of one JSON record, as byte offsets within it until `resolve`
/// places them all in one pass over the record.
struct RecordNotes {
    private(set) var problems: [(message: String, offset: Int)] = []

    mutating func add(_ message: String, at node: JSONNode) {
        problems.append((message, node.range.lowerBound))
    }

    mutating func add(_ message: String, atByte offset: Int) {
        problems.append((message, offset))
    }

    var isEmpty: Bool { problems.isEmpty }

    /// The record's document (`spanOffsets` giving where each of its spans was written), or every
    /// problem found, placed.
    func resolve(
        _ assembled: (input: DocumentInput, spanPlaces: [Int])?, id: String?,
        bytes: UnsafeBufferPointer<UInt8>, origin: ImportPlace
    ) -> ConversionResult {
        guard problems.isEmpty, let (input, spanOffsets) = assembled else {
            let places = ImportPlace.places(ofByteOffsets: problems.map(\.offset), in: bytes, origin: origin)
            return .failure(LineRejection(zip(problems, places).map { $1.problem($0.message, documentID: id) }))
        }
        let places = ImportPlace.places(ofByteOffsets: spanOffsets, in: bytes, origin: origin)
        return .success(ConvertedDocument(input: input, place: origin, spanPlaces: places))
    }

    /// Parses a record, or notes why it cannot be.
    mutating func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONNode? {
        do {
            return try JSONParser.parse(bytes)
        } catch {
            add("invalid JSON: \(error.message)", atByte: error.byteOffset)
            return nil
        }
    }
}

extension JSONNode {
    /// The value at a dotted path of object keys (`data.text`), if every step exists.
    func value(at path: String) -> JSONNode? {
        var node: JSONNode? = self
        for key in path.split(separator: ".") { node = node?[String(key)] }
        return node
    }

    /// A string, or a whole number written as a string (ids).
    var idValue: String? { stringValue ?? intValue.map(String.init) }

    /// The keys of an object, for messages: at most `limit`, then how many more.
    func keyList(limit: Int = 6) -> String {
        let keys = (objectMembers ?? []).map(\.key)
        let shown = keys.prefix(limit).joined(separator: ", ")
        return keys.count > limit ? "\(shown), … (\(keys.count) keys)" : shown
    }
}
