/// Label Studio's JSON-MIN export: an array of flat records, one per annotation that was not
/// cancelled (a task without annotations gives one record without regions): the task's data
/// fields (`text`, …), its `id`, each labelling control's regions under the control's name
/// (`"label": [{"start", "end", "text", "labels"}]`), `annotator`, `created_at`, `updated_at`….
///
/// The records of one task follow one another: of those, the latest (`updated_at`, else
/// `created_at`, else the last) is imported. Every list of regions in a record counts;
/// `source`, `stage` and `meta` are read as in Trellis JSONL. Offsets: see `LabelStudioRegions`.
public struct LabelStudioMinConverter: JSONRecordConverter {
    let codec: TagCodec
    /// The latest record so far of the task being read.
    private var held: (id: String, time: String, bytes: [UInt8], origin: ImportPlace)?

    public init(schema: TagSchema) {
        codec = TagCodec(schema: schema)
    }

    /// Whether `record` has the shape of a JSON-MIN record (`text` at the top, no `data`).
    public static func fits(_ record: JSONNode) -> Bool {
        record["text"]?.stringValue != nil && record["data"] == nil
    }

    public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, origin: ImportPlace) -> [ConversionResult] {
        guard let record = try? JSONParser.parse(bytes), let id = record["id"]?.idValue else {
            // Not one a task can be recognised by: converted alone, which reports why.
            return finish() + [convert(bytes, origin: origin)]
        }
        let time = LabelStudioRegions.time(record)
        var done: [ConversionResult] = []
        if let current = held {
            guard current.id == id else {
                done = finish()
                held = (id, time, Array(bytes), origin)
                return done
            }
            if time < current.time { return [] }
        }
        held = (id, time, Array(bytes), origin)
        return done
    }

    public mutating func finish() -> [ConversionResult] {
        guard let current = held else { return [] }
        held = nil
        return [current.bytes.withUnsafeBufferPointer { convert($0, origin: current.origin) }]
    }

    func convert(_ bytes: UnsafeBufferPointer<UInt8>, origin: ImportPlace) -> ConversionResult {
        var notes = RecordNotes()
        func failed() -> ConversionResult { notes.resolve(nil, id: nil, bytes: bytes, origin: origin) }
        guard let record = notes.parse(bytes) else { return failed() }
        guard let members = record.objectMembers else {
            notes.add("a JSON-MIN record must be a JSON object, found \(record.typeName)", at: record)
            return failed()
        }
        guard let textNode = record["text"], let text = textNode.stringValue else {
            notes.add(record["text"] == nil ? "a record without \"text\" (its keys: \(record.keyList()))" : "\"text\" must be a string", at: record["text"] ?? record)
            return failed()
        }
        let idNode = record["id"] ?? record
        let id = idNode.idValue
        if id == nil { notes.add(record["id"] == nil ? "a record without \"id\"" : "\"id\" must be a string or a whole number, found \(idNode.typeName)", at: idNode) }
        let extras = DocumentExtras(from: record, prefix: "", notes: &notes)
        var candidates: [OffsetSpanCandidate<Int>] = []
        for member in members {
            guard let values = member.node.arrayValue, values.contains(where: { $0["labels"] != nil }) else { continue }
            candidates += LabelStudioRegions.candidates(values, path: "\"\(member.key)\"", notes: &notes)
        }
        candidates = LabelStudioRegions.inCodePoints(candidates, text: text.codePoints)
        var document = ForeignDocument(id: id, idPlace: idNode.range.lowerBound, idField: "id", text: text,
                                       textPlace: textNode.range.lowerBound, textField: "text", spans: candidates)
        extras.apply(to: &document)
        let assembled = document.assemble(codec: codec, quoteMatches: LabelStudioRegions.quoteMatches) { notes.add($0, atByte: $1) }
        return notes.resolve(assembled, id: id, bytes: bytes, origin: origin)
    }
}
