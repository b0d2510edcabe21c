/// RFC 4180 CSV for analysts: one row per gold span and reviewer (with the document's notes in
/// a column of their own, "reviewer: note" per line), CRLF line ends, fields with
/// commas, quotes or line breaks quoted, and text that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or CR) prefixed with `'`.
public enum CSVTable {
    /// The header row.
    public static func header(rubric: Rubric) -> String {
        row(["document_id", "stage", "start", "end", "label", "text", "reviewer", "decision", "resolution", "adjudicator", "note", "document_note"]
            + rubric.dimensions.map(\.name), neutralise: false)
    }

    /// The rows of one document.
    public static func rows(for document: GoldDocument, rubric: Rubric) -> String {
        let annotated = AnnotatedText(scalars: document.scalars)
        let documentNote = document.notes.map { "\($0.reviewer): \($0.note)" }.joined(separator: "\n")
        var out = ""
        for gold in document.gold {
            // A span adjudicated before reviewers were recorded with it has none: one row, rated as adjudicated.
            let reviewers: [String?] = gold.reviewers.isEmpty ? [nil] : gold.reviewers
            for reviewer in reviewers {
                let ratings = reviewer.map { gold.ratingsByReviewer[$0] ?? [:] } ?? gold.ratings.mapValues { Int($0.rounded()) }
                out += row([document.id, document.stage.map(String.init) ?? "", "\(gold.span.start)", "\(gold.span.end)",
                            gold.span.label, annotated.text(in: gold.span.start..<gold.span.end), reviewer ?? "", "approved",
                            gold.resolution, gold.adjudicator ?? "", gold.notes.joined(separator: "\n"), documentNote]
                           + rubric.dimensions.map { ratings[$0.name].map(String.init) ?? "" }, neutralise: true)
            }
        }
        return out
    }

    /// One line, CRLF-terminated.
    static func row(_ fields: [String], neutralise: Bool) -> String {
        fields.map { field(neutralise ? safe($0) : $0) }.joined(separator: ",") + "\r\n"
    }

    /// A cell a spreadsheet will show as text, never evaluate. Plain numbers stay numbers.
    static func safe(_ value: String) -> String {
        guard let first = value.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return value }
        if Double(value) != nil, first == "-" || first == "+" { return value }
        return "'" + value
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return value }
        return "\"" + value.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Every occurrence of `target` replaced (without Foundation).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self {
            if character == target { out += replacement } else { out.append(character) }
        }
        return out
    }
}
