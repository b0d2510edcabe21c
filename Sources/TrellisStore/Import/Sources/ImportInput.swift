import Foundation
import TrellisCore

/// An input to import or validate, opened in its format — named (`--from`) or detected from the
/// content (`ImportFormatDetector`; see `docs/formats.md`, "Detection"): Trellis JSONL, which the
/// importer reads line by line on its own fast path, or another tool's format, converted
/// document by document (`ImportSource`). An input in no shape Trellis reads is refused with one
/// message saying what it is (`ImportError.unrecognised`).
public enum ImportInput: Sendable {
    case jsonl(LineReader)
    case converted(ImportSource)

    /// How much of the input detection reads first.
    static let headBytes = 1 << 16

    public var format: ImportFormat {
        switch self {
        case .jsonl: .jsonl
        case .converted(let source): source.format
        }
    }

    /// Size of the input, when it is a regular file.
    public var fileSize: Int? {
        switch self {
        case .jsonl(let reader): reader.fileSize
        case .converted(let source): source.fileSize
        }
    }

    /// Opens `path` (`-`: standard input) in `format`, or in the format its content shows.
    /// Records longer than `maxRecordBytes` are skipped and reported.
    public static func open(path: String, format: ImportFormat?, maxRecordBytes: Int) throws -> ImportInput {
        var isDirectory: ObjCBool = false
        if path != "-", FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            guard format == nil || format == .brat else {
                throw ImportError.unrecognised(path: path, seen: "a folder — --from \(format!.rawValue) reads a file (a folder is read as brat)")
            }
            return .converted(ImportSource(path: path, format: .brat, reader: .folder(try BratFolder(path: path))))
        }
        let input = try InputFile(path: path)
        if format == .brat {
            throw ImportError.unrecognised(path: path, seen: "not a folder — --from brat reads a folder of .txt and .ann files")
        }
        var (head, isWhole) = try input.head(limit: headBytes)
        let shape = head.withUnsafeBufferPointer { ImportFormatDetector.shape(ofHead: $0, isWholeFile: isWhole) }
        // A regular file is read again from its start by a line reader; standard input goes on after the head.
        func lines(_ format: ImportFormat) throws -> ImportInput {
            let reader = path == "-" ? LineReader(input: input, maxLineBytes: maxRecordBytes, prefix: head) : try LineReader(path: path, maxLineBytes: maxRecordBytes)
            if let records = JSONRecordFormat(format) { return .converted(ImportSource(path: path, format: format, reader: .jsonLines(reader, records))) }
            return format == .conll ? .converted(ImportSource(path: path, format: format, reader: .conll(reader))) : .jsonl(reader)
        }
        func records(_ format: ImportFormat, _ layout: JSONLayout) -> ImportInput {
            let reader = JSONRecordReader(input: input, layout: layout, maxRecordBytes: maxRecordBytes, prefix: head)
            return .converted(ImportSource(path: path, format: format, reader: .jsonRecords(reader, JSONRecordFormat(format) ?? .labelStudio)))
        }
        func refuse(_ seen: String) -> ImportError { .unrecognised(path: path, seen: seen) }
        // JSON Lines: spaCy documents or Label Studio tasks by their first line, else Trellis JSONL.
        func jsonLines(_ first: JSONNode) throws -> ImportInput {
            guard let format else {
                let detected = ImportFormatDetector.format(ofRecord: first)
                return try lines(detected == .labelStudio || detected == .spacy ? detected! : .jsonl)
            }
            guard ImportFormatDetector.record(first, fits: format) else { throw refuse(Shape.describe(first, lines: true) + " — not a \(format.title)") }
            return try lines(format)
        }

        switch (format, shape) {
        case (.jsonl?, _), (nil, .empty), (nil, .brokenJSONLine):
            return try lines(.jsonl)
        case (nil, .jsonLines(let first)):
            return try jsonLines(first)
        case (.conll?, _), (_, .text):
            let text = String(decoding: head, as: UTF8.self)
            var sample = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(40)
            if !isWhole, sample.count > 1 { sample.removeLast() }
            if format == nil || format == .conll, ImportFormatDetector.isCoNLL(Array(sample)) { return try lines(.conll) }
            if format == nil, sample.contains(where: { (try? JSONParser.parse(Array($0.utf8)))?.objectMembers != nil }) { return try lines(.jsonl) }
            let first = sample.first { !$0.allSatisfy(\.isWhitespace) }.map { "\"\($0.prefix(60))\"" } ?? "nothing"
            let line = sample.firstIndex { !$0.allSatisfy(\.isWhitespace) }.map { $0 + 1 } ?? 1
            switch format {
            case nil: throw refuse("text that is neither JSON nor CoNLL (line \(line): \(first))")
            case .conll?: throw refuse("line \(line), \(first), is not a CoNLL line (a token, then its tag: O, B-…, I-…) — not a CoNLL/IOB file")
            case let named?: throw refuse("text, not JSON (line \(line): \(first)) — not a \(named.title)")
            }
        case (let named?, .empty), (let named?, .brokenJSONLine):
            return try lines(named)
        case (_?, .jsonLines(let first)) where first.arrayValue == nil:
            return try jsonLines(first)
        default:
            let layout: JSONLayout = shape == .jsonValues ? .values : .array
            let found = try firstRecord(of: input, layout: layout, head: &head, isWhole: &isWhole, limit: maxRecordBytes)
            // An empty array: no documents, in whichever format.
            guard found != .none else { return records(format ?? .labelStudio, layout) }
            // A first line longer than the head, but a line all the same.
            if layout == .values, case .record(let first, oneLine: true) = found { return try jsonLines(first) }
            guard case .record(let first, _) = found else {
                // A first record that does not parse: JSONL reports it line by line, a named
                // format record by record; an array of unknown records is refused.
                if let format { return records(format, layout) }
                if layout == .values { return try lines(.jsonl) }
                throw refuse("a JSON array whose first record is not valid JSON or is too long (name its format with --from to import the others)")
            }
            if let format {
                guard ImportFormatDetector.record(first, fits: format) else {
                    throw refuse(try describe(first, input: input, layout: layout, head: head) + " — not a \(format.title)")
                }
                return records(format, layout)
            }
            guard let detected = ImportFormatDetector.format(ofRecord: first) else {
                throw refuse(try describe(first, input: input, layout: layout, head: head)
                    + " — not a Label Studio export (data.text), JSON-MIN export (text) or spaCy Doc.to_json() (text with ents, spans or tokens)")
            }
            return records(detected, layout)
        }
    }

    /// What the first record of a JSON input is.
    private enum FirstRecord: Equatable {
        /// `oneLine`: it ends on the line it begins on.
        case record(JSONNode, oneLine: Bool)
        /// There is none.
        case none
        /// It is not valid JSON, or too long to look at.
        case unreadable
    }

    /// The first record of a JSON input, parsed, reading on past the head (into `head`) as far as
    /// `limit` if it needs to.
    private static func firstRecord(of input: InputFile, layout: JSONLayout, head: inout [UInt8], isWhole: inout Bool, limit: Int) throws -> FirstRecord {
        while true {
            var splitter = JSONValueSplitter(layout: layout)
            let event = head.withUnsafeBufferPointer { splitter.next($0, base: 0, atEnd: isWhole) }
            switch event {
            case .value(let range):
                guard let node = try? JSONParser.parse(Array(head[range])) else { return .unreadable }
                return .record(node, oneLine: !head[range].contains(0x0A))
            case .end:
                return .none
            case .needMore where head.count <= limit:
                let got = try input.read(appendingTo: &head, count: max(head.count, headBytes))
                isWhole = got == 0
            default:
                return .unreadable
            }
        }
    }

    /// What a JSON input holds, in words: for an array, how many records of which kinds (the
    /// whole input is scanned, without parsing, to count them).
    private static func describe(_ first: JSONNode, input: InputFile, layout: JSONLayout, head: [UInt8]) throws -> String {
        guard layout == .array else { return Shape.describe(first, lines: false) }
        var kinds: [String: Int] = [:]
        var total = 0
        try JSONRecordReader(input: input, layout: .array, maxRecordBytes: 16 << 20, prefix: head).forEachRecord { event in
            switch event {
            case .record(let bytes, _): kinds[Shape.kind(ofFirstByte: bytes.first), default: 0] += 1
            case .tooLong: kinds["value", default: 0] += 1
            case .broken: return false
            }
            total += 1
            return true
        }
        return Shape.describeArray(first: first, total: total, kinds: kinds)
    }
}

/// Words for the shape of JSON found where records were expected.
enum Shape {
    static func kind(ofFirstByte byte: UInt8?) -> String {
        switch byte {
        case UInt8(ascii: "{"): "object"
        case UInt8(ascii: "["): "array"
        case UInt8(ascii: "\""): "string"
        default: "other value"
        }
    }

    static func describe(_ node: JSONNode, lines: Bool) -> String {
        let what = node.objectMembers == nil ? "\(node.typeName == "array" ? "an" : "a") \(node.typeName)" : "an object with \(keys(node))"
        return lines ? "JSON Lines whose first line is \(what)" : "JSON: \(what)"
    }

    static func describeArray(first: JSONNode, total: Int, kinds: [String: Int]) -> String {
        let counted = kinds.sorted { $0.value > $1.value }.map { "\(ProblemLimit.grouped($0.value)) \($0.key)\($0.value == 1 ? "" : "s")" }.joined(separator: " and ")
        let firstKeys = first.objectMembers.map { _ in ", the first with \(keys(first))" } ?? ""
        return total == 0 ? "an empty JSON array" : "a JSON array of \(counted)\(firstKeys)"
    }

    private static func keys(_ node: JSONNode) -> String {
        let keys = (node.objectMembers ?? []).map(\.key)
        guard !keys.isEmpty else { return "no keys" }
        let shown = keys.prefix(6).joined(separator: ", ")
        return "keys \(shown)\(keys.count > 6 ? ", … (\(keys.count) keys)" : "")"
    }
}
