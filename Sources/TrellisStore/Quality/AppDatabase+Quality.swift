import GRDB
import TrellisCore

/// What `trellis quality` measures.
public struct QualityOptions: Sendable {
    /// What documents are grouped by.
    public var fields: [StratumField]
    /// The confidence of every interval.
    public var confidence: Double
    /// How many of the worst documents to list.
    public var worst: Int
    public var stages: Set<Int>?
    /// Only the documents of this audit, weighted by its strata's sizes in the corpus.
    public var audit: String?

    public init(fields: [StratumField] = [.rewriter], confidence: Double = 0.95, worst: Int = 10, stages: Set<Int>? = nil, audit: String? = nil) {
        self.fields = fields
        self.confidence = confidence
        self.worst = worst
        self.stages = stages
        self.audit = audit
    }
}

extension AppDatabase {
    /// The machine's version of every reviewed document against its gold, grouped (see
    /// `QualityReport`); documents left out are counted by reason.
    public func qualityReport(_ options: QualityOptions) throws -> QualityReport {
        let design = try options.audit.map { try auditDesign(named: $0) }
        var accumulator = QualityAccumulator(fields: options.fields, confidence: options.confidence, worst: options.worst, audit: design?.design)
        let clock = try reviewClock()
        let fields = options.fields
        let reader = ReviewedDocumentReader(database: self, selection: ReviewedSelection(stages: options.stages, auditID: design?.id))
        let considered = try reader.forEachBatch({ read -> QualityOutcome in
            guard case .gold(let gold) = read.outcome else {
                if case .skipped(let reason) = read.outcome { return .skipped(reason) }
                return .skipped("not-reviewed")
            }
            guard let machine = read.machine else { return .skipped("no-machine-version") }
            return .reviewed(ReviewedDocument(
                id: read.externalID, key: Self.groupKey(fields, of: read), stratum: read.stratum, length: read.length,
                comparison: GoldComparison(machine: machine.spans, gold: gold, text: read.text.codePoints), edits: read.edits, ratings: read.ratings),
                documentID: read.id)
        }) { batch in
            for outcome in batch {
                switch outcome {
                case .reviewed(var document, let id):
                    document.reviewSeconds = clock.seconds[id]
                    accumulator.add(document)
                case .skipped(let reason):
                    accumulator.skip(reason)
                }
            }
        }
        if design == nil {
            accumulator.skip("undecided", count: try documentCount(stages: options.stages) - considered)
        }
        return accumulator.report()
    }

    /// How many documents the database holds (only those of `stages`, when given).
    func documentCount(stages: Set<Int>?) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document" + (stages.map { " WHERE stage IN (\($0.map(String.init).joined(separator: ",")))" } ?? "")) ?? 0
        }
    }

    /// A document's group: its values of `fields`.
    static func groupKey(_ fields: [StratumField], of read: ReviewedRead) -> StratumKey {
        StratumKey(fields: fields, stage: read.stage, rewriter: read.machine?.rewriter, metaJSON: read.meta)
    }

    /// Review time per document from every reviewer's actions in history (`ReviewClock`).
    func reviewClock() throws -> ReviewClock {
        try read { db in
            var clock = ReviewClock()
            try db.forEachRawRow(sql: """
                SELECT reviewer_id, at, document_id FROM history WHERE reviewer_id IS NOT NULL AND action <> 'reimport' ORDER BY reviewer_id, at, id
                """, arguments: []) { row in
                if let seconds = Timestamp.seconds(from: row.string(1)) { clock.add(reviewer: row.int64(0), at: seconds, document: row.int64(2)) }
            }
            return clock
        }
    }
}

/// What the reading threads make of a document for the report.
private enum QualityOutcome: Sendable {
    case reviewed(ReviewedDocument, documentID: Int64)
    case skipped(String)
}
