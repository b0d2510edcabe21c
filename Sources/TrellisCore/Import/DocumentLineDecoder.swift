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
    public static let maxIDLength = 256

    public init(schema: TagSchema) {
        codec = TagCodec(schema: schema)
    }

    /// Decodes the line numbered `lineNumber` (1-based).
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int) -> Result<DocumentInput, LineRejection> {
        decodeKeepingJSON(bytes, lineNumber: lineNumber).result
    }

    /// Decodes a line and also returns its parsed JSON (when it parsed), to place later findings.
    /// Without `hashing`, the content hash (which validation does not need) is left empty.
    func decodeKeepingJSON(_ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int, hashing: Bool = true) -> (result: Result<DocumentInput, LineRejection>, json: JSONNode?) {
        func problem(_ message: String, byteOffset: Int, id: String? = nil) -> ImportProblem {
            ImportProblem(line: lineNumber, column: JSONParser.column(ofByteOffset: byteOffset, in: bytes), message: message, documentID: id)
        }
        func problem(_ message: String, at node: JSONNode, id: String? = nil) -> ImportProblem {
            problem(message, byteOffset: node.range.lowerBound, id: id)
        }

        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes)
        } catch {
            return (.failure(LineRejection([problem("invalid JSON: \(error.message)", byteOffset: error.byteOffset)])), nil)
        }

        guard case .object = root.value else {
            return (.failure(LineRejection([problem("a line must hold a JSON object, found \(root.typeName)", at: root)])), root)
        }
        var problems: [ImportProblem] = []

        if let answer = root["answer"]?.stringValue, answer != "accept" {
            return (.failure(LineRejection([problem("Prodigy answer is \"\(answer)\": not imported", at: root["answer"]!)], skipped: true)), root)
        }
        var id: String?
        switch root["id"] ?? root["meta"]?["id"] ?? root["_input_hash"] {
        case nil:
            problems.append(problem("missing required field \"id\" (meta.id and Prodigy's _input_hash would also do)", at: root))
        case let node?:
            if let value = node.stringValue ?? node.intValue.map(String.init) {
                if value.isEmpty || value.unicodeScalars.allSatisfy(\.isWhitespace) {
                    problems.append(problem("\"id\" is empty", at: node))
                } else if value.unicodeScalars.count > Self.maxIDLength {
                    problems.append(problem("\"id\" is longer than \(Self.maxIDLength) characters", at: node))
                } else if value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                    problems.append(problem("\"id\" contains a control character", at: node))
                } else {
                    id = value
                }
            } else {
                problems.append(problem("\"id\" must be a string or a whole number, found \(node.typeName)", at: node))
            }
        }

        func optionalString(_ key: String) -> String? {
            guard let node = root[key], node.value != .null else { return nil }
            guard let value = node.stringValue else {
                problems.append(problem("\"\(key)\" must be a string, found \(node.typeName)", at: node, id: id))
                return nil
            }
            return value
        }

        let source = optionalString("source")
        var stage: Int?
        if let node = root["stage"], node.value != .null {
            if let value = node.intValue, value >= 0 {
                stage = value
            } else {
                problems.append(problem("\"stage\" must be a whole number ≥ 0, found \(node.typeName) \(String(decoding: bytes[node.range], as: UTF8.self).prefix(20))", at: node, id: id))
            }
        }
        var metaJSON: String?
        if let node = root["meta"], node.value != .null {
            if case .object = node.value {
                metaJSON = String(decoding: bytes[node.range], as: UTF8.self)
            } else {
                problems.append(problem("\"meta\" must be an object, found \(node.typeName)", at: node, id: id))
            }
        }

        var annotated: AnnotatedText?
        var plainText: String?
        var taggedText: String?
        switch root["text"] {
        case nil:
            problems.append(problem("missing required field \"text\"", at: root, id: id))
        case let node?:
            guard let text = node.stringValue else {
                problems.append(problem("\"text\" must be a string, found \(node.typeName)", at: node, id: id))
                break
            }
            if text.isEmpty {
                problems.append(problem("\"text\" is empty", at: node, id: id))
            } else if let (items, spansNode) = spanItems(of: root, problems: &problems, place: { problem($0, at: $1, id: id) }) {
                annotated = decodeOffsetForm(text: text, items: items, spansNode: spansNode, problems: &problems, place: { problem($0, at: $1, id: id) })
                plainText = text
            } else {
                let parsed = decodeTagged(text: text, node: node, bytes: bytes, problems: &problems, place: { problem($0, byteOffset: $1, id: id) })
                annotated = parsed?.annotated
                plainText = parsed?.text
                if parsed?.isCanonical == true { taggedText = text }
            }
        }

        if let annotated, annotated.scalars.allSatisfy(\.isWhitespace), problems.isEmpty, let node = root["text"] {
            problems.append(problem("\"text\" has no visible characters", at: node, id: id))
        }
        guard problems.isEmpty, let id, let annotated else { return (.failure(LineRejection(problems)), root) }
        var hash = ""
        if hashing {
            let canonicalMeta = root["meta"].flatMap { node -> String? in
                guard case .object = node.value else { return nil }
                return String(decoding: JSONWriter.write(node, sortedKeys: true), as: UTF8.self)
            }
            hash = Self.contentHash(id: id, tagged: taggedText ?? codec.serialise(annotated), source: source, stage: stage, canonicalMeta: canonicalMeta)
        }
        return (.success(DocumentInput(externalID: id, annotated: annotated, text: plainText, source: source, stage: stage, metaJSON: metaJSON, contentHash: hash)), root)
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
        text: String, node: JSONNode, bytes: UnsafeBufferPointer<UInt8>,
        problems: inout [ImportProblem], place: (String, Int) -> ImportProblem
    ) -> TagParseResult? {
        let result = codec.parse(text)
        for error in result.errors {
            let byte = JSONParser.byteOffset(ofScalar: error.taggedOffset, inStringAt: node.range, of: bytes)
            problems.append(place("\(error.message) (tag at text offset \(error.taggedOffset))", byte))
        }
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
    private func spanItems(of root: JSONNode, problems: inout [ImportProblem], place: (String, JSONNode) -> ImportProblem) -> ([SpanItem], JSONNode)? {
        for (key, startKey, endKey) in [("spans", "start", "end"), ("entities", "start_offset", "end_offset")] {
            guard let node = root[key], node.value != .null else { continue }
            guard let items = node.arrayValue else {
                problems.append(place("\"\(key)\" must be a list, found \(node.typeName)", node))
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

    private func decodeOffsetForm(
        text: String, items: [SpanItem], spansNode: JSONNode, problems: inout [ImportProblem], place: (String, JSONNode) -> ImportProblem
    ) -> AnnotatedText? {
        let scalars = text.codePoints
        let known = codec.schema.tagNames
        var spans: [Span] = []
        var nodes: [Span: JSONNode] = [:]
        let before = problems.count
        for item in items {
            var fields: [String: Int] = [:]
            for (key, value) in [("start", item.start), ("end", item.end)] {
                guard let value else {
                    problems.append(place("span is missing its \(key)", item.node))
                    continue
                }
                guard let offset = value.intValue else {
                    problems.append(place("span \(key) must be a whole number, found \(value.typeName)", value))
                    continue
                }
                fields[key] = offset
            }
            guard let labelNode = item.label else {
                problems.append(place("span is missing its label", item.node))
                continue
            }
            guard let label = labelNode.stringValue else {
                problems.append(place("span label must be a string, found \(labelNode.typeName)", labelNode))
                continue
            }
            guard let start = fields["start"], let end = fields["end"] else { continue }
            guard known.contains(label) else {
                problems.append(place("unknown label \"\(label)\" (the schema has \(known.sorted().joined(separator: ", ")))", labelNode))
                continue
            }
            guard 0 <= start, start < end, end <= scalars.count else {
                let why = start >= end ? "is empty or reversed" : "lies outside the text (length \(scalars.count) code points)"
                problems.append(place("span \(start)-\(end) \(why)", item.node))
                continue
            }
            if let quoted = item.text?.stringValue {
                let actual = AnnotatedText(scalars: Array(scalars[start..<end])).text
                if quoted != actual {
                    problems.append(place("span \(start)-\(end) says its text is \"\(quoted.prefix(30))\" but the text there is \"\(actual.prefix(30))\" (offsets must count code points)", item.node))
                    continue
                }
            }
            let span = Span(start: start, end: end, label: label)
            nodes[span] = item.node
            spans.append(span)
        }
        guard problems.count == before else { return nil }
        let nested = SpanNesting.assigningDepths(spans)
        let (_, crossing) = SpanNesting.structure(of: nested)
        for pair in crossing {
            let outer = nested[pair.outer], inner = nested[pair.inner]
            let node = nodes[Span(start: inner.start, end: inner.end, label: inner.label)] ?? spansNode
            problems.append(place("span \(inner.label) \(inner.start)-\(inner.end) overlaps \(outer.label) \(outer.start)-\(outer.end) without nesting in it", node))
        }
        guard crossing.isEmpty else { return nil }
        return AnnotatedText(scalars: scalars, spans: nested)
    }
}
