import Foundation
import TrellisCore

/// Checks exported files after writing (and for `trellis validate`), each format by its own
/// rules: train records (whole documents, or stretches of them) by every rule of the schema;
/// eval records by the rules a gold subset of spans keeps (offsets inside the text, spans
/// matching their text, known labels, no crossing: see `ExportFormat.relaxedRules`) and with one
/// type per field across the file (``JSONShape``); control-token records' tokens matching their
/// text, one per segment, none left in the text; brat folders by brat's own rules
/// (``BratFolderCheck``); CSV rows of the header's width; an hf folder's card declaring data
/// files that are eval records; a folder of split files each file by its format's rules;
/// corrections and preference records by `CorrectionRecords.problems`.
public enum ExportValidator {
    /// Problems in an export at `path` of `format`, with places; empty when valid. A
    /// control-tokens export is checked against `tokens` (the exporter's), else those its
    /// manifest names, else those its segments carry (and `<|MODE|>` for a mode without one).
    public static func problems(at path: String, format: ExportFormat, schema: TagSchema, tokens: ControlTokens? = nil) throws -> [String] {
        switch format {
        case .train, .eval:
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                // A folder of split files (`--split`), one shape across them; none when no split has a record.
                return try records(jsonlFiles(in: path).map { "\(path)/\($0)" }, format: format, schema: schema)
            }
            return try records([path], format: format, schema: schema)
        case .hf: return try hfFolder(path, schema: schema)
        case .controlTokens:
            let known = try tokens ?? ControlTokens(tokens: manifestTokens(of: path) ?? tokensInSegments(of: path))
            return try jsonl(path, check: recordCheck(of: path, format: format, schema: schema, tokens: known)!)
        case .brat: return try BratFolderCheck.problems(in: path)
        case .csv: return try csv(path)
        case .corrections, .preference:
            return try jsonl(path, check: recordCheck(of: path, format: format, schema: schema, tokens: .init())!)
        }
    }

    /// How each record of a JSONL file of `format` at `path` is checked (a control-tokens
    /// record against `tokens`); `nil` for the formats that are not one JSONL file (brat, csv,
    /// hf: a folder). The exporter checks each record with it as it makes it.
    static func recordCheck(of path: String, format: ExportFormat, schema: TagSchema, tokens: ControlTokens) -> RecordCheck? {
        switch format {
        case .train, .eval:
            return RecordCheck(path: path, validator: LineValidator(schema: schema), ignoring: format.relaxedRules, checksShapes: format == .eval)
        case .controlTokens:
            let all = tokens.all(modes: schema.tags.map(\.name))
            return RecordCheck(path: path, validator: nil, extra: { controlTokens($0, tokens: all) })
        case .corrections, .preference:
            let codec = TagCodec(schema: schema), preference = format == .preference
            return RecordCheck(path: path, validator: nil) { record in CorrectionRecords.problems(in: record, preference: preference, codec: codec) }
        case .brat, .csv, .hf:
            return nil
        }
    }

    /// The format of an existing export: the one its manifest (`PATH.manifest.json`) names,
    /// else guessed from what it is (a folder: brat with an `annotation.conf`, hf with a
    /// `README.md` and `data/`, else split files by their content; CSV with the export's header;
    /// JSONL records with segments: control-tokens, with machine and gold: corrections, with
    /// chosen and rejected: preference, with spans and provenance: eval, with text
    /// only: train, as an import file in tagged form is). `nil` when it is none of them (an
    /// import file in offset form, or not an export).
    public static func detectFormat(of path: String) -> ExportFormat? {
        if let format = manifestFormat(of: path) { return format }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return nil }
        if isDirectory.boolValue {
            let manager = FileManager.default
            if manager.fileExists(atPath: path + "/annotation.conf") { return .brat }
            if manager.fileExists(atPath: path + "/README.md"), manager.fileExists(atPath: path + "/data") { return .hf }
            guard let first = jsonlFiles(in: path).first, let format = detectFormat(of: "\(path)/\(first)"), format.splits else { return nil }
            return format
        }
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
        manifest(of: path)?["options"]?["format"]?.stringValue.flatMap(ExportFormat.init(rawValue:))
    }

    /// The manifest beside an export, parsed, if there is one.
    private static func manifest(of path: String) -> JSONNode? {
        let manifest = Exporter.manifestPath(for: path.hasSuffix("/") ? String(path.dropLast()) : path)
        guard let bytes = FileManager.default.contents(atPath: manifest), bytes.count < 1 << 20,
              let object = try? JSONParser.parse([UInt8](bytes)), object["trellis_export"] != nil else { return nil }
        return object
    }

    /// The control tokens the manifest names per mode, `nil` without a manifest.
    private static func manifestTokens(of path: String) -> [String: String]? {
        guard let manifest = manifest(of: path) else { return nil }
        var tokens: [String: String] = [:]
        for member in manifest["options"]?["tokens"]?.objectMembers ?? [] {
            if let token = member.node.stringValue { tokens[member.key] = token }
        }
        return tokens
    }

    /// The token each mode's segments carry in a control-tokens file (the first seen), so that
    /// one exported with `--token` and checked without its manifest is held to its own tokens.
    private static func tokensInSegments(of path: String) throws -> [String: String] {
        var tokens: [String: String] = [:]
        try LineReader(path: path, maxLineBytes: 1 << 30).forEachLine { event in
            guard case .line(_, let bytes) = event, let record = try? JSONParser.parse(Array(bytes)) else { return }
            for segment in record["segments"]?.arrayValue ?? [] {
                guard let mode = segment["mode"]?.stringValue, tokens[mode] == nil, let token = segment["token"]?.stringValue else { continue }
                tokens[mode] = token
            }
        }
        return tokens
    }

    /// The `.jsonl` files of a folder, by name.
    private static func jsonlFiles(in folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".jsonl") }.sorted()
    }

    /// An hf folder: its card's header declares data files that exist, and those (with every
    /// other file of `data/`) are eval records of one shape.
    private static func hfFolder(_ folder: String, schema: TagSchema) throws -> [String] {
        let card = "\(folder)/README.md"
        guard let text = FileManager.default.contents(atPath: card).map({ String(decoding: $0, as: UTF8.self) }) else {
            return ["\(folder): no README.md (the dataset card)"]
        }
        var problems: [String] = []
        let header = text.hasPrefix("---\n") ? text.dropFirst(4).components(separatedBy: "\n---\n").first ?? "" : ""
        if !header.contains("dataset_info:") || !header.contains("configs:") {
            problems.append("\(card): no YAML header with configs and dataset_info")
        }
        let files = jsonlFiles(in: "\(folder)/data")
        for line in header.split(separator: "\n") where line.hasPrefix("    path: ") {
            let path = line.dropFirst(10).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if !FileManager.default.fileExists(atPath: "\(folder)/\(path)") { problems.append("\(card): declares \(path), which is not in \(folder)") }
        }
        return problems + (try records(files.map { "\(folder)/data/\($0)" }, format: .eval, schema: schema))
    }

    /// Train or eval records in `files`: eval with one shape across all of them.
    private static func records(_ files: [String], format: ExportFormat, schema: TagSchema) throws -> [String] {
        var shape: JSONShape? = format == .eval ? .null : nil
        var problems: [String] = []
        for file in files {
            let check = recordCheck(of: file, format: format, schema: schema, tokens: .init())!
            problems += try jsonl(file, check: check, shape: &shape)
        }
        return problems
    }

    /// Checks a JSONL export line by line with `check` (``RecordCheck``), a batch of lines at a
    /// time on every core.
    private static func jsonl(_ path: String, check: RecordCheck) throws -> [String] {
        var shape: JSONShape? = check.checksShapes ? .null : nil
        return try jsonl(path, check: check, shape: &shape)
    }

    /// The same, with `shape` the shape of the files checked before (`nil`: shapes are not
    /// checked), joined with this file's records' in file order.
    private static func jsonl(_ path: String, check: RecordCheck, shape: inout JSONShape?) throws -> [String] {
        var problems: [String] = []
        var shapes = RecordShapes(shape)
        var batch: [(number: Int, bytes: [UInt8])] = []
        var batchBytes = 0
        func drain() {
            let known = shapes.shape
            for (line, result) in zip(batch, parallelMap(batch) { line in line.bytes.withUnsafeBufferPointer { check.check($0, lineNumber: line.number, known: known) } }) {
                problems += result.problems
                if let problem = shapes.add(result.shape, path: path, lineNumber: line.number) { problems.append(problem) }
            }
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
        if let leftOut = shapes.leftOut(path: path) { problems.append(leftOut) }
        shape = shapes.shape
        return problems
    }

    /// A control-tokens record: its text is its segments' tokens and texts joined, no segment's
    /// text holds a token as it is (literal ones are escaped: ``TokenEscaping``), and the text
    /// holds as many tokens as there are segments with one.
    private static func controlTokens(_ object: JSONNode, tokens: [String]) -> [String] {
        guard let text = object["text"]?.stringValue, let segments = object["segments"]?.arrayValue else {
            return ["a control-tokens record needs \"text\" and \"segments\""]
        }
        var problems: [String] = []
        let joined = segments.map { ($0["token"]?.stringValue ?? "") + ($0["text"]?.stringValue ?? "") }.joined()
        if joined != text { problems.append("\"text\" is not the segments' tokens and texts joined") }
        let used = segments.compactMap { $0["token"]?.stringValue }
        var seen = Set(tokens)
        let all = tokens + used.filter { seen.insert($0).inserted }
        let escaping: TokenEscaping
        do throws(TokenError) {
            escaping = try TokenEscaping(tokens: all)
        } catch {
            return problems + [error.description]
        }
        for (index, segment) in segments.enumerated() where escaping.occurrences(in: segment["text"]?.stringValue ?? "") > 0 {
            problems.append("segment \(index + 1)'s text holds a control token as it is (it should be escaped)")
        }
        let found = escaping.occurrences(in: text)
        if found != used.count {
            problems.append("\"text\" holds \(found) control tokens for \(used.count) segments with a token")
        }
        return problems
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

