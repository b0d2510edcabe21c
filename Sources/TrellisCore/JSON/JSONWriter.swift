/// Compact, deterministic JSON output: no whitespace, numbers as their raw text, strings
/// escaped as `JSONString` does, object members in input order or sorted by key.
public enum JSONWriter {
    /// `node` as compact JSON; with `sortedKeys`, members are ordered by the Unicode scalars
    /// of their keys (duplicates keep their input order).
    public static func write(_ node: JSONNode, sortedKeys: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        append(node, sortedKeys: sortedKeys, to: &out)
        return out
    }

    /// Appends `node` as compact JSON to `out`.
    public static func append(_ node: JSONNode, sortedKeys: Bool = false, to out: inout [UInt8]) {
        switch node.value {
        case .null:
            out.append(contentsOf: "null".utf8)
        case .bool(let value):
            out.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text):
            out.append(contentsOf: text.utf8)
        case .string(let string):
            JSONString.append(string, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                append(element, sortedKeys: sortedKeys, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            let ordered = sortedKeys ? members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : members
            out.append(UInt8(ascii: "{"))
            for (position, member) in ordered.enumerated() {
                if position > 0 { out.append(UInt8(ascii: ",")) }
                JSONString.append(member.key, to: &out)
                out.append(UInt8(ascii: ":"))
                append(member.node, sortedKeys: sortedKeys, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }
}
