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
    /// `QualityReport`); documents left out are counted by reason. Each document's figures are
    /// kept between reports (`QualityCache`) and worked out again only when it changed; a
    /// read-only database, or `fromScratch`, works every document out.
    public func qualityReport(_ options: QualityOptions) throws -> QualityReport {
        try qualityReport(options, fromScratch: isReadOnly)
    }

    func qualityReport(_ options: QualityOptions, fromScratch: Bool) throws -> QualityReport {
        let design = try options.audit.map { try auditDesign(named: $0) }
        var accumulator = QualityAccumulator(fields: options.fields, confidence: options.confidence, worst: options.worst, audit: design?.design)
        let clock = try reviewClock()
        let fields = options.fields
        func count(_ document: QualityDocument) {
            guard let kept = document.kept else { return accumulator.skip("not-reviewed") }
            switch kept {
            case .skipped(let reason):
                accumulator.skip(reason)
            case .reviewed(let figures):
                accumulator.add(ReviewedDocument(
                    id: document.externalID, key: StratumKey(fields: fields, stage: document.stage, rewriter: figures.rewriter, metaJSON: document.meta),
                    stratum: document.stratum, length: document.length, comparison: figures.comparison, edits: figures.edits,
                    reviewSeconds: clock.seconds[document.id], ratings: figures.ratings))
            }
        }
        let considered: Int
        if fromScratch {
            let reader = ReviewedDocumentReader(database: self, selection: ReviewedSelection(stages: options.stages, auditID: design?.id))
            considered = try reader.forEachBatch({ read in
                QualityDocument(id: read.id, externalID: read.externalID, stage: read.stage, meta: read.meta, length: read.length,
                                stratum: read.stratum, kept: read.decided ? Self.keptQuality(of: read) : nil)
            }) { batch in batch.forEach(count) }
        } else {
            try updateKeptQuality()
            considered = try forEachKeptQuality(stages: options.stages, auditID: design?.id, count)
        }
        if design == nil {
            accumulator.skip("undecided", count: try documentCount(stages: options.stages) - considered)
        }
        return accumulator.report()
    }

    /// What the report counts of a document with a decision.
    static func keptQuality(of read: ReviewedRead) -> KeptQuality {
        guard case .gold(let gold) = read.outcome else {
            if case .skipped(let reason) = read.outcome { return .skipped(reason) }
            return .skipped("not-reviewed")
        }
        guard let machine = read.machine else { return .skipped("no-machine-version") }
        return .reviewed(KeptQuality.Figures(
            rewriter: machine.rewriter, comparison: GoldComparison(machine: machine.spans, gold: gold, text: read.text.codePoints),
            edits: read.edits, ratings: read.ratings))
    }

    /// Works out again the documents changed since the last report (every document with a
    /// decision the first time) and keeps their figures.
    func updateKeptQuality() throws {
        let plan = try read { db in try QualityCache.plan(in: db) }
        guard plan.isFull || !plan.stale.isEmpty else { return }
        let reader = ReviewedDocumentReader(database: self, selection: ReviewedSelection(ids: plan.isFull ? nil : plan.stale))
        var figures: [(document: Int64, figures: [UInt8]?)] = []
        _ = try reader.forEachBatch({ read in (read.id, read.decided ? Self.keptQuality(of: read).encoded : nil) }) { figures += $0 }
        try write { db in try QualityCache.save(figures, plan: plan, in: db) }
    }

    /// The documents a report considers, with their kept figures, in order of id: those with a
    /// decision (each has a row), or an audit's documents (`nil` figures: no decision); only those
    /// of `stages`, when given. Returns how many.
    private func forEachKeptQuality(stages: Set<Int>?, auditID: Int64?, _ body: (QualityDocument) -> Void) throws -> Int {
        let inStages = stages.map { " AND d.stage IN (\($0.map(String.init).joined(separator: ",")))" } ?? ""
        let sql = auditID == nil ? """
            SELECT d.id, d.external_id, d.stage, d.meta, d.length, NULL, q.figures FROM quality_document q JOIN document d ON d.id = q.document_id
            WHERE 1\(inStages) ORDER BY q.document_id
            """ : """
            SELECT d.id, d.external_id, d.stage, d.meta, d.length, a.stratum, q.figures FROM audit_document a JOIN document d ON d.id = a.document_id
            LEFT JOIN quality_document q ON q.document_id = a.document_id WHERE a.audit_id = ?\(inStages) ORDER BY a.document_id
            """
        return try read { db in
            var count = 0
            var decoder = KeptQuality.Decoder()
            try db.forEachRawRow(sql: sql, arguments: auditID.map { [$0] } ?? []) { row in
                var kept: KeptQuality?
                if !row.isNull(6) {
                    kept = decoder.decode(row.blob(6))
                    if kept == nil {
                        throw StoreError.damaged(path: path ?? "database", detail: "the kept quality figures of document \(row.int64(0)) cannot be read")
                    }
                }
                body(QualityDocument(id: row.int64(0), externalID: row.string(1), stage: row.optionalInt64(2).map(Int.init), meta: row.optionalString(3),
                                     length: row.int(4), stratum: row.optionalInt64(5).map(Int.init), kept: kept))
                count += 1
            }
            return count
        }
    }

    /// How many documents the database holds (only those of `stages`, when given).
    func documentCount(stages: Set<Int>?) throws -> Int {
        try read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document" + (stages.map { " WHERE stage IN (\($0.map(String.init).joined(separator: ",")))" } ?? "")) ?? 0
        }
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

/// A document as the report counts it: what is read of it when the report is made, and its
/// figures (`nil`: it has no decision).
private struct QualityDocument: Sendable {
    var id: Int64
    var externalID: String
    var stage: Int?
    var meta: String?
    var length: Int
    var stratum: Int?
    var kept: KeptQuality?
}
