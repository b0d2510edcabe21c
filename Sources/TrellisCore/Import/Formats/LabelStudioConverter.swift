/// Label Studio's JSON export: an array of tasks, each `{"id", "data": {"text", …},
/// "annotations": [{"result": [{"value": {"start", "end", "text", "labels"}}, …]}, …],
/// "predictions": […]}`.
///
/// - text from `data.text`; id from `data.id` (a corpus imported into Label Studio keeps its ids
///   there), else the task's `id`; `source`, `stage`, `meta` from `data` as in Trellis JSONL;
/// - spans from the latest annotation that was not cancelled (`LabelStudioRegions.latest`), else
///   from the latest prediction, else none; cancelled (skipped) annotations are ignored;
/// - of each result, the labelled text regions (`value.labels`); choices, ratings, text areas and
///   relations are ignored. Offsets: see `LabelStudioRegions`.
public struct LabelStudioConverter: JSONRecordConverter {
    let codec: TagCodec

    public init(schema: TagSchema) {
        codec = TagCodec(schema: schema)
    }

    /// Whether `record` has the shape of a task (`data.text`).
    public static func fits(_ record: JSONNode) -> Bool {
        record.value(at: "data.text") != nil
    }

    public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, origin: ImportPlace) -> [ConversionResult] {
        [convert(bytes, origin: origin)]
    }

    public mutating func finish() -> [ConversionResult] { [] }

    func convert(_ bytes: UnsafeBufferPointer<UInt8>, origin: ImportPlace) -> ConversionResult {
        var notes = RecordNotes()
        func failed(_ id: String? = nil) -> ConversionResult { notes.resolve(nil, id: id, bytes: bytes, origin: origin) }
        guard let task = notes.parse(bytes) else { return failed() }
        guard task.objectMembers != nil else {
            notes.add("a Label Studio task must be a JSON object, found \(task.typeName)", at: task)
            return failed()
        }
        guard let data = task["data"], data.objectMembers != nil else {
            notes.add("a task without a \"data\" object (its keys: \(task.keyList()))", at: task)
            return failed()
        }
        let (idField, idNode) = data["id"].map { ("data.id", $0) } ?? ("id", task["id"] ?? task)
        let id = idNode.idValue
        if id == nil {
            notes.add(task["id"] == nil && data["id"] == nil
                      ? "a task without an id (data.id or id)"
                      : "\"\(idField)\" must be a string or a whole number, found \(idNode.typeName)", at: idNode)
        }
        guard let textNode = data["text"] else {
            notes.add("a task without \"data.text\" (data has: \(data.keyList()))", at: data)
            return failed(id)
        }
        guard let text = textNode.stringValue else {
            notes.add("\"data.text\" must be a string, found \(textNode.typeName)", at: textNode)
            return failed(id)
        }
        let extras = DocumentExtras(from: data, prefix: "data.", notes: &notes)
        let (values, path) = chosenRegions(of: task, notes: &notes)
        let candidates = LabelStudioRegions.inCodePoints(LabelStudioRegions.candidates(values, path: path, notes: &notes), text: text.codePoints)

        var document = ForeignDocument(id: id, idPlace: idNode.range.lowerBound, idField: idField, text: text,
                                       textPlace: textNode.range.lowerBound, textField: "data.text", spans: candidates)
        extras.apply(to: &document)
        let assembled = document.assemble(codec: codec, quoteMatches: LabelStudioRegions.quoteMatches) { notes.add($0, atByte: $1) }
        return notes.resolve(assembled, id: id, bytes: bytes, origin: origin)
    }

    /// The `value` objects of the chosen annotation's (or prediction's) result, and its name for messages.
    private func chosenRegions(of task: JSONNode, notes: inout RecordNotes) -> ([JSONNode], String) {
        for key in ["annotations", "completions", "predictions"] {
            guard let list = task[key], list.value != .null else { continue }
            guard let items = list.arrayValue else {
                notes.add("\"\(key)\" must be a list, found \(list.typeName)", at: list)
                return ([], key)
            }
            // Predictions may be listed by id only; annotations count unless cancelled.
            let index = LabelStudioRegions.latest(items) { item in
                item.objectMembers != nil && item["was_cancelled"]?.boolValue != true && item["skipped"]?.boolValue != true
            }
            guard let index else { continue }
            let chosen = items[index]
            let path = "\(key)[\(index)].result"
            guard let result = chosen["result"], let regions = result.arrayValue else {
                notes.add("\"\(path)\" must be a list", at: chosen["result"] ?? chosen)
                return ([], path)
            }
            return (regions.compactMap { $0["value"] }, path)
        }
        return ([], "")
    }
}
