/// A document's optional fields — `source`, `stage`, `meta` — read by the rules of Trellis
/// JSONL from an object of another format (Label Studio's `data`, a JSON-MIN record), so that a
/// corpus sent through another tool comes back with them. `meta` is kept in compact form.
struct DocumentExtras {
    var source: String?
    var stage: Int?
    var metaJSON: String?
    var canonicalMeta: String?
    var rewriter: String?

    /// Reads the fields of `object` (named `prefix.field` in messages), noting bad ones.
    init(from object: JSONNode, prefix: String, notes: inout RecordNotes) {
        switch OptionalFields.source(object["source"]) {
        case .success(let text): source = text
        case .failure(let why): notes.add("\"\(prefix)source\" \(why.why)", at: object["source"]!)
        }
        if let node = object["stage"], node.value != .null {
            if let value = node.intValue, value >= 0 { stage = value } else { notes.add("\"\(prefix)stage\" must be a whole number ≥ 0, found \(node.typeName)", at: node) }
        }
        // Compact: the record may be spread over lines, and exports write `meta` as stored.
        switch OptionalFields.meta(object["meta"]) {
        case .success(let meta):
            metaJSON = meta?.json
            canonicalMeta = meta?.canonical
            rewriter = Rewriter.named(inMeta: object["meta"])
        case .failure(let why):
            notes.add("\"\(prefix)meta\" \(why.why)", at: object["meta"]!)
        }
    }

    func apply<Place>(to document: inout ForeignDocument<Place>) {
        document.source = source
        document.stage = stage
        document.metaJSON = metaJSON
        document.canonicalMeta = canonicalMeta
        document.rewriter = rewriter
    }
}
