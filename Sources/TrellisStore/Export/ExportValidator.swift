import Foundation
import TrellisCore

/// Checks exported files after writing (and for `trellis validate`), each format by its own
/// rules: train records (whole documents, or stretches of them) by every rule of the schema;
/// eval records by the rules a gold subset of spans keeps (offsets inside the text, spans
/// matching their text, known labels, no crossing: see `ExportFormat.relaxedRules`);
/// control-token records' tokens matching their text; brat annotations matching the `.txt`; CSV
/// rows of the header's width; corrections and preference records by `CorrectionRecords.problems`.
public enum ExportValidator {
    /// Problems in an export at `path` of `format`, with places; empty when valid.
    public static func problems(at path: String, format: ExportFormat, schema: TagSchema) throws -> [String] {
        switch format {
        case .train, .eval: return try jsonl(path, schema: schema, ignoring: format.relaxedRules)
        case .controlTokens: return try jsonl(path, schema: nil, ignoring: [], extra: controlTokens)
        case .brat: return try BratFolderCheck.problems(in: path)
        case .csv: return try csv(path)
        case .corrections, .preference:
            let codec = TagCodec(schema: schema), preference = format == .preference
            return try jsonl(path, schema: nil, ignoring: []) { record, _ in CorrectionRecords.problems(in: record, preference: preference, codec: codec) }
        }
    }

    /// The format of an existing export: the one its manifest (`PATH.manifest.json`) names,
    /// else guessed from what it is (a folder: brat; CSV with the export's header; JSONL records
    /// with segments: control-tokens, with machine and gold: corrections, with chosen and rejected:
    /// preference, with spans and provenance: eval, with text only: train, as
    /// an import file in tagged form is). `nil` when it is none of them (an import file in
    /// offset form, or not an export).
    public static func detectFormat(of path: String) -> ExportFormat? {
        if let format = manifestFormat(of: path) { return format }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue { return FileManager.default.fileExists(atPath: path + "/annotation.conf") ? .brat : nil }
        guard let handle = FileHandle(forReadingAtPath: path), let head = try? handle.read(upToCount: 1 << 16) else { return nil }
        if path.hasSuffix(".csv") || head.starts(with: Array("document_id,stage,start,end,label,".utf8)) { return .csv }
        let firstLine = head.split(separator: 0x0A, maxSplits: 1).first.map { Array($0) } ?? []
        guard let object = try? JSONParser.parse(firstLine) else { return nil }
        if object["segments"] != nil { return .controlTokens }
        if object["machine"] != nil, object["gold"] != nil { return .corrections }
        if object["chosen"] != nil, object["rejected"] != nil { return .preference }
        if object["spans"] != nil { return object["provenance"] != nil ? .eval : nil }
        return object["text"] != nil ? .train : nil
    }

    /// The format the manifest beside an export names, if there is one.
    static func manifestFormat(of path: String) -> ExportFormat? {
        let manifest = Exporter.manifestPath(for: path.hasSuffix("/") ? String(path.dropLast()) : path)
        guard let bytes = FileManager.default.contents(atPath: manifest), bytes.count < 1 << 20,
              let object = try? JSONParser.parse([UInt8](bytes)), object["trellis_export"] != nil,
              let name = object["options"]?["format"]?.stringValue else { return nil }
        return ExportFormat(rawValue: name)
    }

    /// Checks a JSONL export line by line, a batch of lines at a time on every core.
    private static func jsonl(
        _ path: String, schema: TagSchema?, ignoring: Set<Violation.Kind>, extra: @escaping @Sendable (JSONNode, Int) -> [String] = { _, _ in [] }
    ) throws -> [String] {
        let validator = schema.map(LineValidator.init(schema:))
        let check: @Sendable ((number: Int, bytes: [UInt8])) -> [String] = { line in
            line.bytes.withUnsafeBufferPointer { bytes in
                if let validator {
                    return validator.problems(in: bytes, lineNumber: line.number)
                        .filter { problem in !ignoring.contains { problem.message.hasPrefix($0.rawValue + ":") } }
                        .map { $0.formatted(file: path) }
                }
                do throws(JSONSyntaxError) {
                    return extra(try JSONParser.parse(bytes), line.number).map { "\(path):\(line.number): \($0)" }
                } catch {
                    return ["\(path):\(line.number):\(JSONParser.column(ofByteOffset: error.byteOffset, in: bytes)): \(error.message)"]
                }
            }
        }
        var problems: [String] = []
        var batch: [(number: Int, bytes: [UInt8])] = []
        var batchBytes = 0
        func drain() {
            problems += parallelMap(batch, check).joined()
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }
        try LineReader(path: path, maxLineBytes: 1 << 30).forEachLine { event in
            guard case .line(let number, let bytes) = event, !bytes.isEmpty else { return }
            batch.append((number, Array(bytes)))
            batchBytes += bytes.count
            if batchBytes >= 4 << 20 { drain() }
        }
        drain()
        return problems
    }

    private static func controlTokens(_ object: JSONNode, line: Int) -> [String] {
        guard let text = object["text"]?.stringValue, let segments = object["segments"]?.arrayValue else {
            return ["a control-tokens record needs \"text\" and \"segments\""]
        }
        let joined = segments.map { ($0["token"]?.stringValue ?? "") + ($0["text"]?.stringValue ?? "") }.joined()
        return joined == text ? [] : ["\"text\" is not the segments' tokens and texts joined"]
    }

    /// Checks that every row of a CSV export has the header's width, streaming the file.
    private static func csv(_ path: String) throws -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return ["\(path): cannot read"] }
        defer { try? handle.close() }
        var counter = CSVRowCounter()
        var width: Int?
        var rowNumber = 0
        var problems: [String] = []
        func check(_ fields: Int) {
            rowNumber += 1
            guard let width else { width = fields; return }
            if fields != width { problems.append("\(path): row \(rowNumber) has \(fields) fields, the header \(width)") }
        }
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            chunk.withUnsafeBytes { counter.feed($0, row: check) }
        }
        counter.finish(row: check)
        return width == nil ? ["\(path): empty"] : problems
    }
}

