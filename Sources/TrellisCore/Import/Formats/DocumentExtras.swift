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
        if let node = object["source"], node.value != .null {
            if let text = node.stringValue { source = text } else { notes.add("\"\(prefix)source\" must be a string, found \(node.typeName)", at: node) }
        }
        if let node = object["stage"], node.value != .null {
            if let value = node.intValue, value >= 0 { stage = value } else { notes.add("\"\(prefix)stage\" must be a whole number ≥ 0, found \(node.typeName)", at: node) }
        }
        if let node = object["meta"], node.value != .null {
            if case .object = node.value {
                // Compact: the record may be spread over lines, and exports write `meta` as stored.
                metaJSON = String(decoding: JSONWriter.write(node), as: UTF8.self)
                canonicalMeta = String(decoding: JSONWriter.write(node, sortedKeys: true), as: UTF8.self)
                rewriter = Rewriter.named(inMeta: node)
            } else {
                notes.add("\"\(prefix)meta\" must be an object, found \(node.typeName)", at: node)
            }
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
