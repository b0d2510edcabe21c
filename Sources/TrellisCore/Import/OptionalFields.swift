/// The rules for a document's optional `source` and `meta`, the same in every input format.
///
/// - `source`: a string; an empty one is no source (the `eval` export writes `""` for none, so
///   that the field is a string in every record).
/// - `meta`: a JSON object, or a string holding one (as `eval` writes it, so that records of
///   different shapes of `meta` share one type); `""` is no meta.
enum OptionalFields {
    /// The source text of `node`, `nil` when absent, `null` or empty; an error for another type.
    static func source(_ node: JSONNode?) -> Result<String?, FieldProblem> {
        guard let node, node.value != .null else { return .success(nil) }
        guard let text = node.stringValue else { return .failure(FieldProblem("must be a string, found \(node.typeName)")) }
        return .success(text.isEmpty ? nil : text)
    }

    /// `meta` as stored and in canonical form (keys sorted, for the content hash); `verbatim`
    /// gives an object's own bytes (`nil`: written compact).
    static func meta(_ node: JSONNode?, verbatim: (JSONNode) -> String? = { _ in nil }) -> Result<(json: String, canonical: String)?, FieldProblem> {
        guard let node, node.value != .null else { return .success(nil) }
        if case .object = node.value {
            let json = verbatim(node) ?? String(decoding: JSONWriter.write(node), as: UTF8.self)
            return .success((json, String(decoding: JSONWriter.write(node, sortedKeys: true), as: UTF8.self)))
        }
        guard let text = node.stringValue else { return .failure(FieldProblem("must be an object (or a string holding one), found \(node.typeName)")) }
        if text.isEmpty { return .success(nil) }
        guard let parsed = try? JSONParser.parse(Array(text.utf8)), case .object = parsed.value else {
            return .failure(FieldProblem("is a string that does not hold a JSON object"))
        }
        return .success((text, String(decoding: JSONWriter.write(parsed, sortedKeys: true), as: UTF8.self)))
    }
}

/// Why an optional field cannot be read: what follows the field's name in the message.
struct FieldProblem: Error {
    var why: String
    init(_ why: String) { self.why = why }
}
