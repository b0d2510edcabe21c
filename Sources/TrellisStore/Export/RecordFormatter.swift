import TrellisCore

/// Formats a judged document's records in the JSONL formats of gold (train, control-tokens,
/// eval, hf): pure, so that the threads that read and judge the gold format it too, beside the
/// thread that writes.
struct RecordFormatter: Sendable {
    let format: ExportFormat
    /// `--span-runs`: the stretches of a document that are gold, when it is not gold whole.
    let spanRuns: Bool
    let tokens: ControlTokens
    let escaping: TokenEscaping
    let codec: TagCodec
    let validator: Validator
    let provenance: ExportProvenance
    /// The rubric's dimensions, in order: an eval record has a rating field for each.
    let dimensions: [String]

    /// A document's records (each a line without its newline), the gold spans they hold
    /// (offsets in the document) and the control tokens escaped in their text.
    struct Records: Sendable {
        var records: [[UInt8]] = []
        var spans: [Span] = []
        var escaped = 0
    }

    /// Whether this formatter writes `format`'s records.
    static func formats(_ format: ExportFormat) -> Bool {
        format == .train || format == .controlTokens || format == .eval || format == .hf
    }

    func records(for judged: JudgedDocument) -> Records {
        let document = judged.document
        var formatted = Records()
        switch format {
        case .train, .controlTokens:
            // A whole document needs its approval, every span gold and no schema problem;
            // otherwise (--span-runs) the stretches of it that are gold and keep to the schema.
            let units = judged.whole == nil ? [(id: document.id, annotated: document.annotated, start: 0)]
                : spanRuns ? document.goldRuns(validator: validator) : []
            for unit in units {
                if format == .train {
                    formatted.records.append(ExportRecords.train(id: unit.id, stage: document.stage, annotated: unit.annotated, codec: codec))
                } else {
                    let written = ExportRecords.controlTokens(id: unit.id, stage: document.stage, annotated: unit.annotated, tokens: tokens,
                                                              escaping: escaping)
                    formatted.records.append(written.record)
                    formatted.escaped += written.escaped
                }
                formatted.spans += unit.annotated.spans.map { Span(start: $0.start + unit.start, end: $0.end + unit.start, label: $0.label, depth: $0.depth) }
            }
        case .eval, .hf:
            guard !document.gold.isEmpty else { break }
            formatted.records = [ExportRecords.eval(document, provenance: provenance, dimensions: dimensions)]
            formatted.spans = document.gold.map { $0.span }
        case .csv, .brat, .corrections, .preference:
            preconditionFailure("\(format.rawValue) is not formatted record by record")
        }
        return formatted
    }
}

/// A document's records as the reading threads made them: formatted, and checked when the
/// export checks them as they are made (``RecordChecks``; else no verdicts).
struct PreparedRecords: Sendable {
    var formatted: RecordFormatter.Records
    var verdicts: [RecordChecks.Verdict]
}
