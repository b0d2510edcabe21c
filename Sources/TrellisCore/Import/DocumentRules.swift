/// The rules every imported document obeys, whatever the format it comes in.
public enum DocumentRules {
    /// The longest id accepted, in characters.
    public static let maxIDLength = 256

    /// Why `id` cannot be a document's id ("is empty", "is longer than 256 characters", …), or
    /// `nil` when it can (`VisibleText.identifierProblem` says what an identifier may hold).
    public static func idProblem(_ id: String) -> String? {
        if id.unicodeScalars.count > maxIDLength { return "is longer than \(maxIDLength) characters" }
        return VisibleText.identifierProblem(id)
    }

    /// Whether a document's plain text has something to read: not only white space and
    /// invisible code points (`Unicode.Scalar.isBlank`).
    public static func hasVisibleText(_ scalars: [Unicode.Scalar]) -> Bool {
        !scalars.allSatisfy(\.isBlank)
    }
}
