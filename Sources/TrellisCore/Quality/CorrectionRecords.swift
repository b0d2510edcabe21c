/// The records of the exports that feed reviewers' corrections back to the rewriter (`trellis
/// export --format corrections | preference`), and the checks each record must pass. Pure, so
/// that the same review gives the same bytes.
public enum CorrectionRecords {
    /// A reviewed document whose gold differs from what its rewriter wrote.
    public struct Correction: Sendable {
        public var id: String
        public var rewriter: String
        public var source: String?
        /// The document's plain text.
        public var scalars: [Unicode.Scalar]
        public var machine: [Span]
        public var gold: [Span]

        public init(id: String, rewriter: String, source: String?, scalars: [Unicode.Scalar], machine: [Span], gold: [Span]) {
            self.id = id
            self.rewriter = rewriter
            self.source = source
            self.scalars = scalars
            self.machine = machine.sorted(by: Span.documentOrder)
            self.gold = gold.sorted(by: Span.documentOrder)
        }

        /// Whether the gold differs from the machine's spans at all.
        public var changed: Bool { machine != gold }

        /// The text tagged as the rewriter wrote it, or as reviewed.
        func tagged(_ spans: [Span], codec: TagCodec) -> String {
            codec.serialise(AnnotatedText(scalars: scalars, spans: spans))
        }
    }

    /// `{"id","rewriter","source","machine","gold","edits":[{"kinds","machine":[span],"gold":[span]}]}`:
    /// the tagged text as rewritten and as reviewed, and the edits that turn one into the other
    /// (`GoldComparison.differences`), each span with its offsets in code points, label and text.
    public static func correction(_ correction: Correction, codec: TagCodec) -> [UInt8] {
        let differences = GoldComparison.differences(machine: correction.machine, gold: correction.gold, text: correction.scalars).differences
        var object = JSONObjectBuilder()
        object.string("id", correction.id)
        object.string("rewriter", correction.rewriter)
        object.string("source", correction.source)
        object.string("machine", correction.tagged(correction.machine, codec: codec))
        object.string("gold", correction.tagged(correction.gold, codec: codec))
        object.objects("edits", differences) { edit, difference in
            edit.strings("kinds", difference.kinds.map(\.rawValue))
            for (key, spans) in [("machine", difference.machine), ("gold", difference.gold)] {
                edit.objects(key, spans) { item, span in
                    item.int("start", span.start)
                    item.int("end", span.end)
                    item.string("label", span.label)
                    item.string("text", String(String.UnicodeScalarView(correction.scalars[span.start..<span.end])))
                }
            }
        }
        return object.finish()
    }

    /// `{"prompt": source, "chosen": gold, "rejected": machine}`, for preference training of the
    /// rewriter (DPO and its kin); `nil` for a document without a source.
    public static func preference(_ correction: Correction, codec: TagCodec) -> [UInt8]? {
        guard let source = correction.source, !source.isEmpty else { return nil }
        var object = JSONObjectBuilder()
        object.string("prompt", source)
        object.string("chosen", correction.tagged(correction.gold, codec: codec))
        object.string("rejected", correction.tagged(correction.machine, codec: codec))
        return object.finish()
    }

    /// What is wrong with one record of a corrections export (`preference: false`) or a
    /// preference export; empty when it is valid. Both tagged texts must parse by the schema
    /// and have the same plain text, and must differ; the gold keeps every rule a gold subset of
    /// spans keeps (`ExportFormat.eval.relaxedRules` aside), the machine's version may break the
    /// schema's rules (it is what the rewriter wrote).
    public static func problems(in record: JSONNode, preference: Bool, codec: TagCodec) -> [String] {
        let names = preference ? (machine: "rejected", gold: "chosen") : (machine: "machine", gold: "gold")
        var problems: [String] = []
        func text(_ key: String, optional: Bool = false) -> String? {
            guard let node = record[key] else {
                problems.append("a \(preference ? "preference" : "corrections") record needs \"\(key)\"")
                return nil
            }
            if optional, node.value == .null { return nil }
            guard let value = node.stringValue else {
                problems.append("\"\(key)\" must be a string\(optional ? " or null" : ""), found \(node.typeName)")
                return nil
            }
            return value
        }
        if preference {
            if let prompt = text("prompt"), prompt.isEmpty { problems.append("\"prompt\" is empty") }
        } else {
            for key in ["id", "rewriter"] { _ = text(key) }
            _ = text("source", optional: true)
            if record["edits"]?.arrayValue?.isEmpty != false { problems.append("\"edits\" must be a list of at least one edit") }
        }
        guard let machineText = text(names.machine), let goldText = text(names.gold) else { return problems }
        let machine = codec.parse(machineText), gold = codec.parse(goldText)
        for (key, parsed) in [(names.machine, machine), (names.gold, gold)] {
            problems += parsed.errors.prefix(3).map { "\"\(key)\": \($0)" }
        }
        guard machine.isValid, gold.isValid else { return problems }
        if machine.text != gold.text { problems.append("\"\(names.machine)\" and \"\(names.gold)\" tag different texts") }
        if machineText == goldText { problems.append("\"\(names.gold)\" is the same as \"\(names.machine)\"") }
        let violations = Validator(schema: codec.schema).violations(in: gold.annotated, ignoring: ExportFormat.eval.relaxedRules)
        problems += violations.prefix(3).map { "\"\(names.gold)\": \($0)" }
        return problems
    }
}
