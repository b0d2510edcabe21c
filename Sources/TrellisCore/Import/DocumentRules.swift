/// The rules every imported document obeys, whatever the format it comes in.
public enum DocumentRules {
    /// The longest id accepted, in characters.
    public static let maxIDLength = 256

    /// Why `id` cannot be a document's id ("is empty", …), or `nil` when it can.
    public static func idProblem(_ id: String) -> String? {
        if id.isEmpty || id.unicodeScalars.allSatisfy(\.isWhitespace) { return "is empty" }
        if id.unicodeScalars.count > maxIDLength { return "is longer than \(maxIDLength) characters" }
        if id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return "contains a control character" }
        return nil
    }

    /// Whether a document's plain text has something besides white space (an empty or blank text
    /// is not a document).
    public static func hasVisibleText(_ scalars: [Unicode.Scalar]) -> Bool {
        !scalars.allSatisfy(\.isWhitespace)
    }
}
