import Foundation
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
            if design == nil, options.worst <= QualityBlock.worstKept, fields.allSatisfy({ $0 == .rewriter || $0 == .stage }) {
                considered = try addKeptBlocks(to: &accumulator, stages: options.stages, clock: clock)
            } else {
                considered = try forEachKeptQuality(stages: options.stages, auditID: design?.id, count)
            }
        }
        if design == nil {
            accumulator.skip("undecided", count: try documentCount(stages: options.stages) - considered)
        }
        return accumulator.report()
    }

    /// Adds the kept blocks of documents (`QualityBlock`) of `stages` (all, when `nil`) to the
    /// report, and the review times of their reviewed documents; a block that cannot be read is
    /// added up again from its documents' kept rows. Returns the documents with a decision.
    private func addKeptBlocks(to accumulator: inout QualityAccumulator, stages: Set<Int>?, clock: ReviewClock) throws -> Int {
        func selected(_ stage: Int?) -> Bool { stages.map { stage.map($0.contains) ?? false } ?? true }
        let fields = accumulator.fields
        var considered = 0
        func add(_ block: QualityBlock) {
            for (stage, documents) in block.considered where selected(stage) { considered += documents }
            for (skip, documents) in block.skipped where selected(skip.stage) { accumulator.skip(skip.reason, count: documents) }
            for (key, tally) in block.tallies where selected(key.stage) {
                accumulator.add(tally, key: StratumKey(fields: fields, stage: key.stage, rewriter: key.rewriter, metaJSON: nil))
            }
            for entry in block.worst where selected(entry.key.stage) {
                var document = entry.document
                document.group = StratumKey(fields: fields, stage: entry.key.stage, rewriter: entry.key.rewriter, metaJSON: nil).display
                accumulator.considerWorst(document)
            }
        }
        var damaged: [Int64] = []
        try read { db in
            var decoder = KeptQuality.Decoder()
            try db.forEachRawRow(sql: "SELECT block_id, sums FROM quality_block ORDER BY block_id", arguments: []) { row in
                guard let block = QualityBlock(encoded: Array(row.blob(1)), decoder: &decoder) else { return damaged.append(row.int64(0)) }
                add(block)
            }
        }
        if !damaged.isEmpty {
            try addUpBlocks(damaged)
            try read { db in
                var decoder = KeptQuality.Decoder()
                for id in damaged {
                    guard let bytes = try Data.fetchOne(db, sql: "SELECT sums FROM quality_block WHERE block_id = ?", arguments: [id]) else { continue }
                    guard let block = QualityBlock(encoded: Array(bytes), decoder: &decoder) else {
                        throw StoreError.damaged(path: path ?? "database", detail: "the kept quality sums of block \(id) cannot be added up again")
                    }
                    add(block)
                }
            }
        }
        // Review time per reviewed document, added to its group.
        let timed = clock.seconds.keys.sorted()
        try read { db in
            var decoder = KeptQuality.Decoder()
            for start in stride(from: 0, to: timed.count, by: 500) {
                let ids = timed[start..<min(timed.count, start + 500)].map(String.init).joined(separator: ",")
                try db.forEachRawRow(sql: """
                    SELECT q.document_id, d.stage, q.figures FROM quality_document q JOIN document d ON d.id = q.document_id WHERE q.document_id IN (\(ids))
                    """, arguments: []) { row in
                    let stage = row.optionalInt64(1).map(Int.init)
                    guard selected(stage), case .reviewed(let figures) = decoder.decode(row.blob(2)), let seconds = clock.seconds[row.int64(0)] else { return }
                    var tally = QualityTally()
                    tally.addSeconds(seconds)
                    accumulator.add(tally, key: StratumKey(fields: fields, stage: stage, rewriter: figures.rewriter, metaJSON: nil))
                }
            }
        }
        return considered
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
    /// decision the first time) and keeps their figures, a few thousand documents a transaction
    /// (so the first report holds no more than that), then adds up again the blocks holding them.
    func updateKeptQuality() throws {
        let plan = try read { db in try QualityCache.plan(in: db) }
        if plan.isFull || !plan.stale.isEmpty {
            let damaged = try keepQuality(of: plan)
            // Kept rows that cannot be read: worked out again, and their blocks added up again.
            if !damaged.isEmpty {
                if try !keepQuality(of: .only(damaged)).isEmpty {
                    throw StoreError.damaged(path: path ?? "database", detail: "the kept quality figures cannot be written again")
                }
            }
        } else if try !read({ db in try QualityCache.blocksAreCurrent(in: db) }) {
            let damaged = try write { db in try QualityCache.addUpBlocks(nil, in: db) }
            if !damaged.isEmpty { _ = try keepQuality(of: .only(damaged)) }
        }
    }

    /// Works out the documents `plan` names and keeps their figures, then adds up their blocks
    /// again (every block, when the plan is full or the blocks are not current); returns the
    /// documents whose kept rows could not be read when adding up.
    private func keepQuality(of plan: QualityCache.Plan) throws -> [Int64] {
        let reader = ReviewedDocumentReader(database: self, selection: ReviewedSelection(ids: plan.isFull ? nil : plan.stale))
        var figures: [(document: Int64, figures: [UInt8]?)] = []
        var first = true
        func keep() throws {
            try write { db in try QualityCache.save(figures, plan: plan, first: first, in: db) }
            (figures, first) = ([], false)
        }
        _ = try reader.forEachBatch({ read in (read.id, read.decided ? Self.keptQuality(of: read).encoded : nil) }) { batch in
            figures += batch
            if figures.count >= Self.qualityRowsPerTransaction { try keep() }
        }
        try keep()
        return try write { db in
            if !plan.isRework { try QualityCache.finish(plan, in: db) }
            let blocks = try plan.isFull || !QualityCache.blocksAreCurrent(in: db) ? nil : Array(Set(plan.stale.map(QualityBlock.block(of:)))).sorted()
            return try QualityCache.addUpBlocks(blocks, in: db)
        }
    }

    /// Kept rows written per transaction when working documents out.
    static let qualityRowsPerTransaction = 20_000

    /// Adds up again the blocks `blocks` from the kept rows (a block that cannot be read).
    private func addUpBlocks(_ blocks: [Int64]) throws {
        let damaged = try write { db in try QualityCache.addUpBlocks(blocks, in: db) }
        if !damaged.isEmpty {
            _ = try keepQuality(of: .only(damaged))
        }
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
