import TrellisCore

/// Writes the corrections or preference export (`ExportFormat.comparesRewriter`): one record per
/// reviewed document (`ReviewedGold`) whose gold differs from its latest machine version, in
/// document order, read in batches on two threads. The rest are counted by why they were left
/// out: a reason of `ReviewedGold`, `no-machine-version`, `unchanged` (the gold is what the
/// rewriter wrote), `no-source` (preference only) or `undecided` (no decision at all).
struct CorrectionsWriter {
    let database: AppDatabase
    let schema: TagSchema
    let format: ExportFormat
    let stages: Set<Int>?

    func write(to output: HashingFileWriter, onProgress: (Int) -> Void) throws -> ExportSummary {
        precondition(format.comparesRewriter, "CorrectionsWriter writes corrections and preference exports")
        let codec = TagCodec(schema: schema)
        let preference = format == .preference
        var summary = ExportSummary()
        let reader = ReviewedDocumentReader(database: database, selection: ReviewedSelection(stages: stages))
        let considered = try reader.forEachBatch({ read -> Outcome in
            guard case .gold(let gold) = read.outcome else {
                if case .skipped(let reason) = read.outcome { return .skipped(reason) }
                return .skipped("not-reviewed")
            }
            guard let machine = read.machine else { return .skipped("no-machine-version") }
            let correction = CorrectionRecords.Correction(id: read.externalID, rewriter: machine.rewriter, source: read.source,
                                                          scalars: read.text.codePoints, machine: machine.spans, gold: gold)
            guard correction.changed else { return .skipped("unchanged") }
            let record = preference ? CorrectionRecords.preference(correction, codec: codec) : CorrectionRecords.correction(correction, codec: codec)
            guard let record else { return .skipped("no-source") }
            return .written(record, stage: read.stage, gold: correction.gold)
        }) { batch in
            for outcome in batch {
                summary.documentsRead += 1
                if summary.documentsRead % 1000 == 0 { onProgress(summary.documentsRead) }
                switch outcome {
                case .written(let record, let stage, let gold):
                    try output.line(record)
                    summary.records += 1
                    summary.documentsExported += 1
                    summary.goldSpans += gold.count
                    summary.spansByStage[stage.map(String.init) ?? "none", default: 0] += gold.count
                    for span in gold { summary.spansByMode[span.label, default: 0] += 1 }
                case .skipped(let reason):
                    summary.excludedDocuments[reason, default: 0] += 1
                }
            }
        }
        let documents = try database.documentCount(stages: stages)
        if documents > considered { summary.excludedDocuments["undecided", default: 0] += documents - considered }
        summary.documentsRead = documents
        onProgress(documents)
        return summary
    }

    /// What the reading threads make of a document.
    private enum Outcome: Sendable {
        case written([UInt8], stage: Int?, gold: [Span])
        case skipped(String)
    }
}
