/// spaCy's `Doc.to_json()`: `{"text", "ents": [{"start", "end", "label"}], "spans": {"GROUP":
/// [{"start", "end", "label", "kb_id"}]}, "tokens": […], "sents": […], …}`, one per record.
///
/// Offsets are character offsets into `text` (Python `str` indices: code points). Spans come from
/// `ents` and from every span group (a span in both counts once); tokens, sentences, `cats` and
/// the rest are ignored. The id is `id` or `_.id` (a custom extension written with
/// `to_json(underscore=["id"])`), else the file's name and the document's position in it
/// (`corpus-3` for the third document of `corpus.json`).
public struct SpacyConverter: JSONRecordConverter {
    let codec: TagCodec
    /// Ids of documents without one: this, a dash, and the document's position.
    let fallbackIDPrefix: String
    private var position = 0

    public init(schema: TagSchema, fallbackIDPrefix: String) {
        codec = TagCodec(schema: schema)
        self.fallbackIDPrefix = fallbackIDPrefix
    }

    /// Whether `record` has the shape of `Doc.to_json()`: `text`, and `ents`, `spans` (an
    /// object of span groups) or `tokens` — but not a list of `spans` or Prodigy's
    /// `_input_hash`, which make a Prodigy task (Trellis JSONL reads those).
    public static func fits(_ record: JSONNode) -> Bool {
        guard record["text"]?.stringValue != nil, record["_input_hash"] == nil, record["spans"]?.arrayValue == nil else { return false }
        return record["ents"]?.arrayValue != nil || record["spans"]?.objectMembers != nil || record["tokens"]?.arrayValue != nil
    }

    public mutating func add(_ bytes: UnsafeBufferPointer<UInt8>, origin: ImportPlace) -> [ConversionResult] {
        position += 1
        return [convert(bytes, origin: origin)]
    }

    public mutating func finish() -> [ConversionResult] { [] }

    func convert(_ bytes: UnsafeBufferPointer<UInt8>, origin: ImportPlace) -> ConversionResult {
        var notes = RecordNotes()
        func failed() -> ConversionResult { notes.resolve(nil, id: nil, bytes: bytes, origin: origin) }
        guard let doc = notes.parse(bytes) else { return failed() }
        guard doc.objectMembers != nil else {
            notes.add("a spaCy document must be a JSON object, found \(doc.typeName)", at: doc)
            return failed()
        }
        guard let textNode = doc["text"], let text = textNode.stringValue else {
            notes.add(doc["text"] == nil ? "a document without \"text\" (its keys: \(doc.keyList()))" : "\"text\" must be a string", at: doc["text"] ?? doc)
            return failed()
        }
        var id = "\(fallbackIDPrefix)-\(position)"
        var idField = "the file's name and the document's position"
        var idPlace = doc.range.lowerBound
        for path in ["id", "_.id"] {
            guard let node = doc.value(at: path), node.value != .null else { continue }
            guard let value = node.idValue else {
                notes.add("\"\(path)\" must be a string or a whole number, found \(node.typeName)", at: node)
                break
            }
            (id, idField, idPlace) = (value, path, node.range.lowerBound)
            break
        }

        var lists: [(path: String, node: JSONNode)] = []
        if let ents = doc["ents"], ents.value != .null { lists.append(("ents", ents)) }
        if let groups = doc["spans"], groups.value != .null {
            if let members = groups.objectMembers {
                lists += members.map { ("spans.\($0.key)", $0.node) }
            } else {
                notes.add("\"spans\" must be an object of span groups, found \(groups.typeName)", at: groups)
            }
        }
        var candidates: [OffsetSpanCandidate<Int>] = []
        for (path, list) in lists {
            guard let items = list.arrayValue else {
                notes.add("\"\(path)\" must be a list, found \(list.typeName)", at: list)
                continue
            }
            for item in items {
                guard let start = item["start"]?.intValue, let end = item["end"]?.intValue, let label = item["label"]?.stringValue else {
                    notes.add("a span in \"\(path)\" needs a whole-number \"start\" and \"end\" and a string \"label\"", at: item)
                    continue
                }
                candidates.append(OffsetSpanCandidate(start: start, end: end, label: label, place: item.range.lowerBound))
            }
        }
        let document = ForeignDocument(id: id, idPlace: idPlace, idField: idField, text: text,
                                       textPlace: textNode.range.lowerBound, textField: "text", spans: candidates)
        let assembled = document.assemble(codec: codec) { notes.add($0, atByte: $1) }
        return notes.resolve(assembled, id: id, bytes: bytes, origin: origin)
    }
}
