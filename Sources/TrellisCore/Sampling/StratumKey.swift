/// A field of a document that strata (and `trellis quality`'s groups) are formed by: `stage`,
/// `rewriter` (who wrote the machine's version: `Rewriter`), or a member of `meta`
/// (`meta.rewriter`, `meta.source.model`).
public enum StratumField: Hashable, Sendable, CustomStringConvertible {
    case stage
    case rewriter
    case meta([String])

    /// Reads `stage`, `rewriter` or `meta.KEY[.KEY…]`.
    public init(parsing text: String) throws(StratumFieldError) {
        if text == "stage" {
            self = .stage
            return
        }
        if text == "rewriter" {
            self = .rewriter
            return
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts[0] == "meta", parts.dropFirst().allSatisfy({ !$0.isEmpty }) else {
            throw StratumFieldError(field: text)
        }
        self = .meta(Array(parts.dropFirst()))
    }

    /// Reads a comma-separated list (`stage,meta.rewriter`).
    public static func list(_ text: String) throws(StratumFieldError) -> [StratumField] {
        var fields: [StratumField] = []
        for part in text.split(separator: ",") {
            fields.append(try StratumField(parsing: String(part).trimmingWhitespace))
        }
        return fields
    }

    public var description: String {
        switch self {
        case .stage: "stage"
        case .rewriter: "rewriter"
        case .meta(let path): (["meta"] + path).joined(separator: ".")
        }
    }

    /// The field's value in a document line's JSON, written as canonical JSON (`1`, `"rw-7b"`,
    /// keys sorted in objects), or `nil` where the line does not have it (or has `null`). A
    /// line's rewriter is the one its `meta` names (`Rewriter.named(inMeta:)`).
    public func value(in root: JSONNode) -> String? {
        value(stageNode: root["stage"], rewriter: Rewriter.named(inMeta: root["meta"]), metaNode: root["meta"])
    }

    /// The field's value for a stored document: its stage, its machine version's rewriter and its
    /// parsed `meta`, as canonical JSON; `nil` where missing.
    public func value(stage: Int?, rewriter: String?, meta: JSONNode?) -> String? {
        switch self {
        case .stage: stage.map(String.init)
        case .rewriter: rewriter.map(Self.json)
        case .meta: value(stageNode: nil, rewriter: nil, metaNode: meta)
        }
    }

    private func value(stageNode: JSONNode?, rewriter: String?, metaNode: JSONNode?) -> String? {
        var node: JSONNode?
        switch self {
        case .stage: node = stageNode
        case .rewriter: return rewriter.map(Self.json)
        case .meta(let path): node = path.reduce(metaNode) { $0?[$1] }
        }
        guard let node, node.value != .null else { return nil }
        return String(decoding: JSONWriter.write(node, sortedKeys: true), as: UTF8.self)
    }

    /// A string as JSON.
    static func json(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONString.append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A `--stratify` field that is neither `stage` nor `meta.KEY`.
public struct StratumFieldError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var description: String { "cannot stratify or group by \"\(field)\": use stage, rewriter or meta.KEY (e.g. meta.topic)" }
}

/// The stratum of a document: its values of the stratifying fields, in order (each canonical
/// JSON, `nil` where missing). Ordered with missing values first, numbers by value, then text.
public struct StratumKey: Hashable, Sendable, Comparable {
    public var values: [String?]

    public init(_ values: [String?]) {
        self.values = values
    }

    /// The key of a document line's JSON.
    public init(fields: [StratumField], of root: JSONNode) {
        values = fields.map { $0.value(in: root) }
    }

    /// The key of a stored document: its stage, its machine version's rewriter, and its `meta`
    /// (verbatim JSON, parsed only when a field needs it).
    public init(fields: [StratumField], stage: Int?, rewriter: String?, metaJSON: String?) {
        let needsMeta = fields.contains { if case .meta = $0 { true } else { false } }
        let meta = needsMeta ? metaJSON.flatMap { try? JSONParser.parse(Array($0.utf8)) } : nil
        values = fields.map { $0.value(stage: stage, rewriter: rewriter, meta: meta) }
    }

    /// The values in words, joined by ` · `: strings without their quotes, `(none)` where missing.
    public var display: String {
        values.map { value in
            guard let value else { return "(none)" }
            guard value.hasPrefix("\""), let text = (try? JSONParser.parse(Array(value.utf8)))?.stringValue else { return value }
            return text
        }.joined(separator: " · ")
    }

    public static func < (lhs: StratumKey, rhs: StratumKey) -> Bool {
        for (a, b) in zip(lhs.values, rhs.values) where a != b {
            guard let a else { return true }
            guard let b else { return false }
            if let x = Double(a), let y = Double(b), x != y { return x < y }
            return a < b
        }
        return lhs.values.count < rhs.values.count
    }
}

private extension String {
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }), let last = scalars.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
