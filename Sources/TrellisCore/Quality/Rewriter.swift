/// Who wrote a document's spans — a rewriter model and its prompt — as import records it with the
/// machine's version of the document: `meta.rewriter` when the document names one, else the name
/// given to the import (`--rewriter NAME`), else the name of the file imported.
public enum Rewriter {
    /// The longest name kept, in characters; a longer `meta.rewriter` is cut there.
    public static let maxNameLength = 200

    /// `meta.rewriter` when it is a string that could be an id (a visible character, no control
    /// character: `VisibleText.identifierProblem`), cut to `maxNameLength`; `nil` when `meta` has
    /// none, or another kind of value.
    public static func named(inMeta meta: JSONNode?) -> String? {
        guard let name = meta?["rewriter"]?.stringValue, VisibleText.identifierProblem(name) == nil else { return nil }
        return name.count > maxNameLength ? String(name.prefix(maxNameLength)) : name
    }

    /// The name standing for the rewriter of an import file's documents that name none: the
    /// file's name without its folders (`standard input` for `-`).
    public static func name(forFile path: String) -> String {
        if path == "-" { return "standard input" }
        let trimmed = path.hasSuffix("/") ? String(path.dropLast()) : path
        return trimmed.split(separator: "/").last.map(String.init) ?? trimmed
    }
}
