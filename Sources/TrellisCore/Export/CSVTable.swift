/// RFC 4180 CSV for analysts: one row per gold span and reviewer (with the document's notes in
/// a column of their own, "reviewer: note" per line), CRLF line ends, fields with
/// commas, quotes or line breaks quoted. With the formula guard (the default), free text — the
/// span's `text`, `note` and `document_note` — that a spreadsheet would run as a formula
/// (starting with `=`, `+`, `-`, `@`, tab or CR) is prefixed with `'`; ids, labels and names are
/// written as they are, so that rows join to the eval export by id.
public struct CSVTable: Sendable {
    public let rubric: Rubric
    /// Whether free text is guarded against spreadsheets running it (off for data pipelines).
    public let formulaGuard: Bool

    public init(rubric: Rubric, formulaGuard: Bool = true) {
        self.rubric = rubric
        self.formulaGuard = formulaGuard
    }

    /// The columns, in order.
    public var columns: [String] {
        ["document_id", "stage", "start", "end", "label", "text", "reviewer", "decision", "resolution", "adjudicator", "note", "document_note"]
            + rubric.dimensions.map(\.name)
    }

    /// The header row.
    public var header: String { Self.row(columns) }

    /// The rows of one document.
    public func rows(for document: GoldDocument) -> String {
        let annotated = AnnotatedText(scalars: document.scalars)
        let documentNote = freeText(DocumentNote.joined(document.notes))
        var out = ""
        for gold in document.gold {
            // A span adjudicated before reviewers were recorded with it has none: one row, rated as adjudicated.
            let judgements: [SpanJudgement?] = gold.judgements.isEmpty ? [nil] : gold.judgements
            let text = freeText(annotated.text(in: gold.span.start..<gold.span.end)), note = freeText(gold.notes.joined(separator: "\n"))
            for judgement in judgements {
                let ratings = judgement?.ratings ?? gold.ratings.mapValues { Int($0.rounded()) }
                out += Self.row([document.id, document.stage.map(String.init) ?? "", "\(gold.span.start)", "\(gold.span.end)",
                                 gold.span.label, text, judgement?.reviewer ?? "", "approved",
                                 gold.resolution, gold.adjudicator ?? "", note, documentNote]
                                + rubric.dimensions.map { ratings[$0.name].map(String.init) ?? "" })
            }
        }
        return out
    }

    /// Free text as written: guarded when the guard is on.
    private func freeText(_ value: String) -> String { formulaGuard ? Self.guarded(value) : value }

    /// One line, CRLF-terminated.
    static func row(_ fields: [String]) -> String {
        fields.map(field).joined(separator: ",") + "\r\n"
    }

    /// A cell a spreadsheet will show as text, never evaluate. Plain numbers stay numbers.
    static func guarded(_ value: String) -> String {
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
