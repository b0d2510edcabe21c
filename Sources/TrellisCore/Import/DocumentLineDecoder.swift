import Crypto

/// Turns one JSONL line into a `DocumentInput`, or into every problem found with it.
///
/// Accepted forms (see `docs/formats.md`):
/// - tagged: `{"id", "text" with inline mode tags, "source"?, "stage"?, "meta"?}`;
/// - offsets (Prodigy/spaCy, and Trellis's own eval export): untagged `text` plus
///   `"spans": [{"start", "end", "label"}]`, offsets in code points, start inclusive, end exclusive;
/// - doccano: `"entities": [{"start_offset", "end_offset", "label"}]` or `"label": [[start, end, "label"]]`.
/// The id may be a string or a whole number; without `id`, `meta.id` or Prodigy's `_input_hash`
/// serves. A Prodigy `answer` other than "accept" skips the line. Other keys are ignored.
public struct DocumentLineDecoder: Sendable {
    public let codec: TagCodec
    public static let maxIDLength = DocumentRules.maxIDLength

    public init(schema: TagSchema) {
        codec = TagCodec(schema: schema)
    }

    /// Whether a line holds only spaces, tabs and carriage returns: it is skipped, not a document.
    public static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    }

    /// Decodes the line numbered `lineNumber` (1-based).
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> Result<DocumentInput, LineRejection> {
        decodeKeepingJSON(bytes, lineNumber: lineNumber).result
    }

    /// Decodes a line and also returns its parsed JSON (when it parsed), to place later findings.
    /// Without `hashing`, the content hash (which validation does not need) is left empty.
    func decodeKeepingJSON(_ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int, hashing: Bool = true) -> (result: Result<DocumentInput, LineRejection>, json: JSONNode?) {
        var problems = LineProblems(line: lineNumber, bytes: bytes)
        func rejection(skipped: Bool = false) -> LineRejection {
            LineRejection(problems.reported(id: nil), skipped: skipped)
        }

        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            problems.add("invalid JSON: \(error.message)", byteOffset: error.byteOffset, id: nil)
            return (.failure(rejection()), nil)
        }

        guard case .object = root.value else {
            problems.add("a line must hold a JSON object, found \(root.typeName)", at: root, id: nil)
            return (.failure(rejection()), root)
        }

        if let answer = root["answer"]?.stringValue, answer != "accept" {
            problems.add("Prodigy answer is \"\(answer)\": not imported", at: root["answer"]!, id: nil)
            return (.failure(rejection(skipped: true)), root)
        }
        var id: String?
        switch root["id"] ?? root["meta"]?["id"] ?? root["_input_hash"] {
        case nil:
            problems.add("missing required field \"id\" (meta.id and Prodigy's _input_hash would also do)", at: root, id: nil)
        case let node?:
            if let value = node.stringValue ?? node.intValue.map(String.init) {
                if let why = DocumentRules.idProblem(value) {
                    problems.add("\"id\" \(why)", at: node, id: nil)
                } else {
                    id = value
                }
            } else {
                problems.add("\"id\" must be a string or a whole number, found \(node.typeName)", at: node, id: nil)
            }
        }

        var source: String?
        switch OptionalFields.source(root["source"]) {
        case .success(let text): source = text
        case .failure(let why): problems.add("\"source\" \(why.why)", at: root["source"]!, id: id)
        }
        var stage: Int?
        if let node = root["stage"], node.value != .null {
            if let value = node.intValue, value >= 0 {
                stage = value
            } else {
                problems.add("\"stage\" must be a whole number ≥ 0, found \(node.typeName) \(String(decoding: bytes[node.range], as: UTF8.self).prefix(20))", at: node, id: id)
            }
        }
        var metaJSON: String?
        var canonicalMeta: String?
        switch OptionalFields.meta(root["meta"], verbatim: { String(decoding: bytes[$0.range], as: UTF8.self) }) {
        case .success(let meta):
            metaJSON = meta?.json
            canonicalMeta = meta?.canonical
        case .failure(let why):
            problems.add("\"meta\" \(why.why)", at: root["meta"]!, id: id)
        }

        var annotated: AnnotatedText?
        var plainText: String?
        var taggedText: String?
        switch root["text"] {
        case nil:
            problems.add("missing required field \"text\"", at: root, id: id)
        case let node?:
            guard let text = node.stringValue else {
                problems.add("\"text\" must be a string, found \(node.typeName)", at: node, id: id)
                break
            }
            if text.isEmpty {
                problems.add("\"text\" is empty", at: node, id: id)
            } else if let (items, _) = spanItems(of: root, problems: &problems, id: id) {
                annotated = decodeOffsetForm(text: text, items: items, problems: &problems, id: id)
                plainText = text
            } else {
                let parsed = decodeTagged(text: text, node: node, bytes: bytes, problems: &problems, id: id)
                annotated = parsed?.annotated
                plainText = parsed?.text
                if parsed?.isCanonical == true { taggedText = text }
            }
        }

        if let annotated, problems.isEmpty, !DocumentRules.hasVisibleText(annotated.scalars), let node = root["text"] {
            problems.add("\"text\" has no visible characters", at: node, id: id)
        }
        guard problems.isEmpty, let id, let annotated else { return (.failure(LineRejection(problems.reported(id: id))), root) }
        var hash = ""
        if hashing {
            hash = Self.contentHash(id: id, tagged: taggedText ?? codec.serialise(annotated), source: source, stage: stage, canonicalMeta: canonicalMeta)
        }
        return (.success(DocumentInput(externalID: id, annotated: annotated, text: plainText, source: source, stage: stage, metaJSON: metaJSON,
                                          rewriter: Rewriter.named(inMeta: root["meta"]), contentHash: hash)), root)
    }

    /// The content hash: the same for the same document in tagged or offset form.
    public static func contentHash(id: String, tagged: String, source: String?, stage: Int?, canonicalMeta: String?) -> String {
        var hasher = SHA256()
        for field in ["trellis-document-v1", id, tagged, source ?? "\u{1}", stage.map(String.init) ?? "\u{1}", canonicalMeta ?? "\u{1}"] {
            hasher.update(utf8: field)
            hasher.update(utf8: "\0")
        }
        return hasher.finalize().hex
    }

    private func decodeTagged(
        text: String, node: JSONNode, bytes: UnsafeBufferPointer<UInt8>, problems: inout LineProblems, id: String?
    ) -> TagParseResult? {
        let result = codec.parse(text)
        func byteOffset(_ error: TagParseError) -> Int {
            JSONParser.byteOffset(ofScalar: error.taggedOffset, inStringAt: node.range, of: bytes)
        }
        for error in result.errors {
            problems.add("\(error.message) (tag at text offset \(error.taggedOffset))", byteOffset: byteOffset(error), id: id)
        }
        problems.count(result.errorCount - result.errors.count, byteOffset: byteOffset(result.errors.last!))
        return result.isValid ? result : nil
    }

    /// One span given by offsets, whatever the tool that wrote it called its fields.
    private struct SpanItem {
        var start: JSONNode?
        var end: JSONNode?
        var label: JSONNode?
        var text: JSONNode?
        var node: JSONNode
    }

    /// The offset-form spans of a line (`spans`, doccano's `entities` or `label`), if it has any.
    private func spanItems(of root: JSONNode, problems: inout LineProblems, id: String?) -> ([SpanItem], JSONNode)? {
        for (key, startKey, endKey) in [("spans", "start", "end"), ("entities", "start_offset", "end_offset")] {
            guard let node = root[key], node.value != .null else { continue }
            guard let items = node.arrayValue else {
                problems.add("\"\(key)\" must be a list, found \(node.typeName)", at: node, id: id)
                return nil
            }
            return (items.map { SpanItem(start: $0[startKey], end: $0[endKey], label: $0["label"], text: $0["text"], node: $0) }, node)
        }
        guard let node = root["label"], let triples = node.arrayValue else { return nil }
        return (triples.map { item in
            let parts = item.arrayValue ?? []
            return SpanItem(start: parts.first, end: parts.dropFirst().first, label: parts.dropFirst(2).first, text: nil, node: item)
        }, node)
    }

    private func decodeOffsetForm(text: String, items: [SpanItem], problems: inout LineProblems, id: String?) -> AnnotatedText? {
        var candidates: [OffsetSpanCandidate<SpanItem>] = []
        let before = problems.count
        for item in items {
            // Start, then end: each a whole number (no dictionary made per span).
            func offset(_ key: String, _ value: JSONNode?) -> Int? {
                guard let value else {
                    problems.add("span is missing its \(key)", at: item.node, id: id)
                    return nil
                }
                guard let offset = value.intValue else {
                    problems.add("span \(key) must be a whole number, found \(value.typeName)", at: value, id: id)
                    return nil
                }
                return offset
            }
            let start = offset("start", item.start), end = offset("end", item.end)
            guard let labelNode = item.label else {
                problems.add("span is missing its label", at: item.node, id: id)
                continue
            }
            guard let label = labelNode.stringValue else {
                problems.add("span label must be a string, found \(labelNode.typeName)", at: labelNode, id: id)
                continue
            }
            guard let start, let end else { continue }
            candidates.append(OffsetSpanCandidate(start: start, end: end, label: label, quoted: item.text?.stringValue, place: item))
        }
        let annotated = OffsetSpans.annotate(candidates, scalars: text.codePoints, labels: codec.schema.tagNames) { problem, item in
            problems.add(problem.message, at: problem.concernsLabel ? item.label ?? item.node : item.node, id: id)
        }
        return problems.count == before ? annotated : nil
    }
}
