/// The ids of a brat folder's documents, from `ids.tsv` when the folder has one: a line per
/// document, `FILE<TAB>ID`, where FILE is the file name with or without `.txt`/`.ann` (a first
/// line `file<TAB>id` is a header; blank lines and lines starting with `#` are skipped).
/// Documents it does not list keep their file name as id.
public struct BratIDMap: Sendable {
    /// The mapping file's name inside the folder.
    public static let fileName = "ids.tsv"

    /// Document ids by file name (without extension), with the line that gives each.
    public private(set) var ids: [String: (id: String, place: ImportPlace)] = [:]
    /// Lines that could not be read.
    public private(set) var problems: [ImportProblem] = []

    public init() {}

    public init(parsing bytes: UnsafeBufferPointer<UInt8>) {
        let text: String
        switch UTF8Validation.decode(bytes) {
        case .success(let decoded): text = decoded
        case .failure(let error):
            let place = ImportPlace.places(ofByteOffsets: [error.byteOffset], in: bytes, origin: ImportPlace(file: Self.fileName, line: 1, column: 1))[0]
            problems.append(place.problem(error.message))
            return
        }
        var files: [String: Int] = [:]
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let place = ImportPlace(file: Self.fileName, line: index + 1, column: 1)
            if line.allSatisfy(\.isWhitespace) || line.hasPrefix("#") { continue }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count == 2, !fields[0].isEmpty else {
                problems.append(place.problem("a line needs two fields separated by a tab: the file name, then the id"))
                continue
            }
            if index == 0, fields[0] == "file", fields[1] == "id" { continue }
            var file = String(fields[0])
            for suffix in [".txt", ".ann"] where file.hasSuffix(suffix) { file.removeLast(suffix.count) }
            if let first = files[file] {
                problems.append(place.problem("\"\(file)\" is listed again (first on line \(first))"))
                continue
            }
            files[file] = index + 1
            var idPlace = place
            idPlace.column = fields[0].unicodeScalars.count + 2
            ids[file] = (String(fields[1]), idPlace)
        }
        var firstFileOfID: [String: String] = [:]
        for file in ids.keys.sorted(by: { ids[$0]!.place.line < ids[$1]!.place.line }) {
            let (id, place) = ids[file]!
            if let other = firstFileOfID[id] {
                problems.append(place.problem("the id \"\(id)\" is given to \"\(other)\" already", documentID: id))
                ids[file] = nil
            } else {
                firstFileOfID[id] = file
            }
        }
    }

    /// The id of the document in `name.txt`, and where it was given (`nil`: the file name).
    public func id(of name: String) -> (id: String, place: ImportPlace?) {
        ids[name].map { ($0.id, $0.place) } ?? (name, nil)
    }
}
