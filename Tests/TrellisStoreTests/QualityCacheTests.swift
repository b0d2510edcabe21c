import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// `trellis quality`'s figures kept per document (`QualityCache`): after any mix of reviewers'
/// work the report through the kept figures is the report worked out from scratch, a changed
/// document's kept figures are worked out again, and the others are read as kept.
@Suite struct QualityCacheTests {
    private static let rewriters = [CorpusGenerator.PlantedRewriter(name: "rw-a", labelErrorRate: 0.05),
                                    CorpusGenerator.PlantedRewriter(name: "rw-b", labelErrorRate: 0.2)]

    /// Every grouping and selection the command offers.
    private static func everyOptions(audit: String?) -> [QualityOptions] {
        [QualityOptions(), QualityOptions(fields: [.stage]), QualityOptions(fields: [.rewriter, .stage]),
         QualityOptions(fields: [.meta(["topic"])]), QualityOptions(stages: [1]), QualityOptions(worst: 3)]
            + (audit.map { [QualityOptions(audit: $0), QualityOptions(fields: [.stage], audit: $0)] } ?? [])
    }

    private func expectKeptIsFromScratch(_ database: AppDatabase, options: [QualityOptions], _ context: String,
                                         sourceLocation: SourceLocation = #_sourceLocation) throws {
        for options in options {
            let kept = try database.qualityReport(options, fromScratch: false)
            let scratch = try database.qualityReport(options, fromScratch: true)
            #expect(kept == scratch, "\(context), by \(options.fields), audit \(options.audit ?? "-")", sourceLocation: sourceLocation)
        }
        // Each kept row is what working its document out now gives, and every document with a
        // decision has one.
        let rows = try database.read { db in
            try Row.fetchAll(db, sql: "SELECT document_id, figures FROM quality_document").map { row in
                (try row.decode(atIndex: 0) as Int64, KeptQuality(encoded: Array(try row.decode(atIndex: 1) as Data)))
            }
        }
        var now: [Int64: KeptQuality] = [:]
        _ = try ReviewedDocumentReader(database: database, selection: ReviewedSelection()).forEachBatch({ read in
            (read.id, AppDatabase.keptQuality(of: read))
        }) { batch in for (id, kept) in batch { now[id] = kept } }
        #expect(Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0.1!) }) == now, "\(context): kept rows", sourceLocation: sourceLocation)
        #expect(try keptBlocks(database) == blocksAddedUp(database), "\(context): kept blocks", sourceLocation: sourceLocation)
    }

    /// The blocks as kept.
    private func keptBlocks(_ database: AppDatabase) throws -> [Int64: QualityBlock] {
        try database.read { db in
            var decoder = KeptQuality.Decoder()
            return Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT block_id, sums FROM quality_block").map { row in
                (try row.decode(atIndex: 0) as Int64, try #require(QualityBlock(encoded: Array(try row.decode(atIndex: 1) as Data), decoder: &decoder)))
            })
        }
    }

    /// The blocks as adding up every kept row now gives them.
    private func blocksAddedUp(_ database: AppDatabase) throws -> [Int64: QualityBlock] {
        try database.read { db in
            var blocks: [Int64: QualityBlock] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT q.document_id, d.external_id, d.stage, d.length, q.figures FROM quality_document q JOIN document d ON d.id = q.document_id
                """) {
                let id: Int64 = try row.decode(atIndex: 0)
                blocks[QualityBlock.block(of: id), default: QualityBlock()].add(
                    id: try row.decode(atIndex: 1), stage: try row.decode(atIndex: 2), length: try row.decode(atIndex: 3),
                    kept: try #require(KeptQuality(encoded: Array(try row.decode(atIndex: 4) as Data))))
            }
            return blocks
        }
    }

    private func corpus(seed: UInt64, count: Int) throws -> (database: AppDatabase, lines: [String], truth: [String: [Span]]) {
        let (lines, truth, _) = QualityHelpers.corpus(seed: seed, count: count, rewriters: Self.rewriters)
        let database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines(lines, into: database, in: try TemporaryDirectory())
        return (database, lines, truth)
    }

    @Test func keptFiguresAreTheFiguresFromScratchAfterRandomWork() throws {
        let (database, lines, truth) = try corpus(seed: 42, count: 24)
        let ids = truth.keys.sorted()
        _ = try database.drawAudit(AuditRequest(name: "check", size: 10, fields: [.rewriter], seed: 3, reviewers: ["ada"]), by: "lead")
        let options = Self.everyOptions(audit: "check")
        for id in ids.prefix(8) { try QualityHelpers.reviewToTruth(id, truth: truth[id]!, in: database) }
        try expectKeptIsFromScratch(database, options: options, "first report")

        var random = SeededRandom(seed: 7)
        let steps = RandomSteps(database: database, schema: Fixtures.defaultSchema)
        let labels = ["human", "ai", "quote"]
        let decisions: [Decision?] = [.approved, .approved, .approved, .rejected, .flagged, nil]
        for step in 0..<60 {
            let id = ids[random.uniform(below: ids.count)]
            let document = try database.document(externalID: id)!
            let documentID = document.record.id
            let reviewer = ["ada", "bo"][random.uniform(below: 2)]
            let span = document.spans.isEmpty ? nil : document.spans[random.uniform(below: document.spans.count)]
            switch random.uniform(below: 8) {
            case 0:
                if let span, let dimension = Fixtures.defaultRubric.dimensions(for: span.label).first {
                    _ = try database.rate(span: span.id, in: documentID, dimension: dimension.name, value: 1 + random.uniform(below: 5), by: reviewer,
                                          schema: Fixtures.defaultSchema)
                }
            case 1:
                try ReviewHelpers.judgeAll(id, in: database, by: reviewer, decision: [Decision.approved, .rejected, .flagged][random.uniform(below: 3)])
            case 2:
                if let span {
                    _ = try database.decide(span: span.id, in: documentID, decision: decisions[random.uniform(below: decisions.count)], by: reviewer,
                                            schema: Fixtures.defaultSchema)
                }
            case 3:
                try ReviewHelpers.decideDocument(id, in: database, by: reviewer, decision: decisions[random.uniform(below: decisions.count)])
            case 4:
                if !document.spans.isEmpty {
                    let index = random.uniform(below: document.spans.count)
                    let edit: SpanEdit = random.uniform(below: 2) == 0
                        ? .relabel(span: index, label: labels[random.uniform(below: labels.count)])
                        : .moveEdge(span: index, edge: .end, direction: .backward, unit: .word)
                    try steps.edit(edit, of: document, by: reviewer)
                }
            case 5:
                try steps.undo(in: documentID, by: reviewer)
            case 6:
                try QualityHelpers.reviewToTruth(id, truth: truth[id]!, in: database, by: reviewer)
            default:
                // The rewriter wrote the document again: a second machine version, new shared spans.
                guard let line = lines.first(where: { $0.contains("\"id\": \"\(id)\"") || $0.contains("\"id\":\"\(id)\"") }) else { continue }
                let changed = line.replacingOccurrences(of: "</ai>", with: " Again.</ai>", options: [], range: line.range(of: "</ai>"))
                _ = try ImportHelpers.importLines([changed], into: database, in: try TemporaryDirectory(), options: ImportOptions(onChanged: .replace))
            }
            if step % 6 == 5 { try expectKeptIsFromScratch(database, options: [QualityOptions()], "step \(step)") }
        }
        try expectKeptIsFromScratch(database, options: options, "after the steps")
        let report = try database.qualityReport(QualityOptions())
        #expect(report.all.documents > 0, "the steps left documents reviewed: \(report.skipped)")
    }

    /// A kept row stands for its document until the document changes; then it is worked out again.
    @Test func aStaleRowIsWorkedOutAgainAndOnlyThen() throws {
        let (database, lines, truth) = try corpus(seed: 5, count: 12)
        let ids = truth.keys.sorted()
        for id in ids { try QualityHelpers.reviewToTruth(id, truth: truth[id]!, in: database) }
        let before = try database.qualityReport(QualityOptions())
        #expect(before.skipped["tampered"] == nil && before.all.documents == ids.count)
        func tamper(_ id: String) throws {
            let documentID = try database.document(externalID: id)!.record.id
            try database.write { db in
                try db.execute(sql: "UPDATE quality_document SET figures = ? WHERE document_id = ?",
                               arguments: [Data(KeptQuality.skipped("tampered").encoded), documentID])
                _ = try QualityCache.addUpBlocks([QualityBlock.block(of: documentID)], in: db)
            }
        }
        func tampered() throws -> Int { try database.qualityReport(QualityOptions()).skipped["tampered"] ?? 0 }
        // Nothing changed: the row is read as kept.
        try tamper(ids[0])
        #expect(try tampered() == 1)
        // A rating, a span decision, an edit, a document decision, a new machine version: each
        // makes its document's row be worked out again.
        let document = try database.document(externalID: ids[0])!
        let dimension = try #require(Fixtures.defaultRubric.dimensions(for: document.spans[0].label).first)
        _ = try database.rate(span: document.spans[0].id, in: document.record.id, dimension: dimension.name, value: 2, by: "bo", schema: Fixtures.defaultSchema)
        #expect(try tampered() == 0)
        try tamper(ids[1])
        try ReviewHelpers.judgeAll(ids[1], in: database, by: "bo", decision: .approved, value: 3)
        #expect(try tampered() == 0)
        try tamper(ids[2])
        let edits: [SpanEdit] = [.relabel(span: 0, label: "human"), .relabel(span: 0, label: "ai"), .delete(span: 0)]
        #expect(edits.contains { (try? ReviewHelpers.edit(ids[2], $0, in: database, by: "bo")) != nil }, "an edit the schema accepts")
        #expect(try tampered() == 0)
        try tamper(ids[3])
        try ReviewHelpers.decideDocument(ids[3], in: database, by: "bo", decision: .rejected)
        #expect(try tampered() == 0)
        try tamper(ids[4])
        let line = try #require(lines.first { $0.contains(ids[4]) })
        let changed = line.replacingOccurrences(of: "</ai>", with: " Again.</ai>", options: [], range: line.range(of: "</ai>"))
        _ = try ImportHelpers.importLines([changed], into: database, in: try TemporaryDirectory(), options: ImportOptions(onChanged: .replace))
        #expect(try tampered() == 0)
        // Figures kept in another encoding are all worked out again.
        try tamper(ids[5])
        try database.write { db in try db.execute(sql: "UPDATE quality_progress SET format = 0") }
        #expect(try tampered() == 0)
        try expectKeptIsFromScratch(database, options: Self.everyOptions(audit: nil), "after the changes")
    }

    /// A database migrated from v17 with reviews in it keeps none yet: its first report works
    /// every document out and keeps it.
    @Test func aDatabaseMigratedWithReviewsWorksEverythingOutOnce() throws {
        let (database, _, truth) = try corpus(seed: 9, count: 10)
        for id in truth.keys.sorted().prefix(6) { try QualityHelpers.reviewToTruth(id, truth: truth[id]!, in: database) }
        // As v17 left it: no kept rows, nothing noted since.
        try database.write { db in
            try db.execute(sql: "DELETE FROM quality_document; DELETE FROM quality_change; UPDATE quality_progress SET spans_through = -1, format = 0")
        }
        try expectKeptIsFromScratch(database, options: Self.everyOptions(audit: nil), "first report after migrating")
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quality_change") } == 0)
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quality_document") } == 6)
    }

    /// Writes `block` as kept, with one more document left out as "tampered" (well formed, so
    /// read as kept until the block is added up again).
    private func tamper(block: Int64, in database: AppDatabase) throws {
        var tampered = try #require(try blocksAddedUp(database)[block])
        tampered.add(id: "tampered", stage: nil, length: 0, kept: .skipped("tampered"))
        try database.write { db in
            try db.execute(sql: "UPDATE quality_block SET sums = ? WHERE block_id = ?", arguments: [Data(tampered.encoded), block])
        }
    }

    /// Documents over several blocks: a change adds up again the block holding the changed
    /// document and no other; a stage changed by hand (as a re-import does) is a change.
    @Test func onlyTheBlocksOfChangedDocumentsAreAddedUpAgain() throws {
        let (database, _, truth) = try corpus(seed: 13, count: 600)
        let ids = truth.keys.sorted()
        let reviewed = stride(from: 0, to: ids.count, by: 20).map { ids[$0] }
        for id in reviewed { try QualityHelpers.reviewToTruth(id, truth: truth[id]!, in: database) }
        try expectKeptIsFromScratch(database, options: Self.everyOptions(audit: nil), "first report")
        let documentIDs = try reviewed.map { try #require(try database.document(externalID: $0)).record.id }
        let blocks = Set(documentIDs.map(QualityBlock.block(of:)))
        #expect(blocks.count >= 3, "the reviewed documents lie in several blocks: \(blocks)")
        let (first, last) = (try #require(documentIDs.min()), try #require(documentIDs.max()))
        try tamper(block: QualityBlock.block(of: last), in: database)
        func tampered() throws -> Int { try database.qualityReport(QualityOptions()).skipped["tampered"] ?? 0 }
        #expect(try tampered() == 1)
        // A change in another block leaves the tampered one as kept.
        try database.write { db in try db.execute(sql: "UPDATE document SET stage = 7 WHERE id = ?", arguments: [first]) }
        #expect(try tampered() == 1)
        #expect(try database.qualityReport(QualityOptions(fields: [.stage])).groups.contains { $0.name == "7" })
        // A change in the tampered block adds it up again.
        try database.write { db in try db.execute(sql: "UPDATE document SET stage = 7 WHERE id = ?", arguments: [last]) }
        #expect(try tampered() == 0)
        try expectKeptIsFromScratch(database, options: Self.everyOptions(audit: nil), "after the stages changed")
    }

    /// Kept sums that cannot be read (cut short, or of another encoding) are refused and added
    /// up again from the kept rows; a kept row that cannot be read is refused and its document
    /// worked out again. Either way the report is the report from scratch.
    @Test func damagedKeptDataIsRefusedAndWorkedOutAgain() throws {
        let (database, _, truth) = try corpus(seed: 17, count: 12)
        for id in truth.keys.sorted() { try QualityHelpers.reviewToTruth(id, truth: truth[id]!, in: database) }
        try expectKeptIsFromScratch(database, options: [QualityOptions()], "first report")
        func damage(_ sql: String) throws { try database.write { db in try db.execute(sql: sql) } }
        try damage("UPDATE quality_block SET sums = substr(sums, 1, length(sums) - 3)")
        try expectKeptIsFromScratch(database, options: Self.everyOptions(audit: nil), "a block cut short")
        try damage("UPDATE quality_block SET sums = X'09' || substr(sums, 2)")
        try expectKeptIsFromScratch(database, options: Self.everyOptions(audit: nil), "a block of another encoding")
        let document = try #require(try database.document(externalID: truth.keys.sorted()[3])).record.id
        try damage("UPDATE quality_document SET figures = X'0101FF' WHERE document_id = \(document); UPDATE quality_block SET sums = X'00'")
        try expectKeptIsFromScratch(database, options: Self.everyOptions(audit: nil), "a kept row that cannot be read")
    }

    /// A database migrated from v20 keeps rows but no blocks: its first report adds the blocks
    /// up from the kept rows, working no document out again.
    @Test func blocksAreAddedUpFromTheKeptRowsAfterMigrating() throws {
        let (database, _, truth) = try corpus(seed: 19, count: 10)
        let ids = truth.keys.sorted()
        for id in ids.prefix(6) { try QualityHelpers.reviewToTruth(id, truth: truth[id]!, in: database) }
        _ = try database.qualityReport(QualityOptions())
        let tampered = try #require(try database.document(externalID: ids[0])).record.id
        try database.write { db in
            try db.execute(sql: "UPDATE quality_document SET figures = ? WHERE document_id = ?", arguments: [Data(KeptQuality.skipped("tampered").encoded), tampered])
            try db.execute(sql: "DELETE FROM quality_block; UPDATE quality_progress SET blocks_format = 0")
        }
        #expect(try database.qualityReport(QualityOptions()).skipped["tampered"] == 1)
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT blocks_format FROM quality_progress") } == QualityBlock.format)
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM quality_block") } == 1)
    }

    /// A database file as v20 left it (rows kept, no blocks, no stage trigger), opened: v23 adds
    /// the blocks table and trigger, and the first report adds the blocks up from the kept rows
    /// (the tampered row is read, not worked out again), equal to the report from scratch but
    /// for that row; a stage changed afterwards is seen.
    @Test func aDatabaseFromV20GetsItsBlocksFromItsKeptRows() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("v20.sqlite")
        let (lines, truth, _) = QualityHelpers.corpus(seed: 23, count: 8, rewriters: Self.rewriters)
        do {
            let database = try AppDatabase.open(path: path)
            _ = try ImportHelpers.importLines(lines, into: database, in: directory)
            for id in truth.keys.sorted() { try QualityHelpers.reviewToTruth(id, truth: truth[id]!, in: database) }
            _ = try database.qualityReport(QualityOptions())
            try database.write { db in
                try db.execute(sql: "UPDATE quality_document SET figures = ? WHERE document_id = 1", arguments: [Data(KeptQuality.skipped("tampered").encoded)])
                try db.execute(sql: """
                    DROP TABLE quality_block; DROP TRIGGER quality_change_after_document_stage_update;
                    ALTER TABLE quality_progress DROP COLUMN blocks_format; DELETE FROM grdb_migrations WHERE identifier = 'v23-quality-blocks'
                    """)
            }
        }
        let database = try AppDatabase.open(path: path)
        #expect(try database.qualityReport(QualityOptions()).skipped["tampered"] == 1)
        try database.write { db in try db.execute(sql: "UPDATE document SET stage = 5 WHERE id = 1") }
        #expect(try database.qualityReport(QualityOptions()).skipped["tampered"] == nil)
        try expectKeptIsFromScratch(database, options: Self.everyOptions(audit: nil), "migrated from v20")
    }

    @Test func keptFiguresSurviveTheirEncoding() throws {
        var comparison = GoldComparison(machine: [Span(start: 0, end: 5, label: "ai", depth: 0), Span(start: 6, end: 9, label: "human", depth: 0)],
                                        gold: [Span(start: 0, end: 4, label: "ai", depth: 0), Span(start: 6, end: 9, label: "ai", depth: 0)],
                                        text: Array("Hello you.".unicodeScalars))
        comparison.shifts.codePoints[-3, default: 0] += 2
        let figures = KeptQuality.reviewed(KeptQuality.Figures(rewriter: "rw é", comparison: comparison, edits: 3, ratings: [
            .init(mode: "ai", dimension: "care", value: 4), .init(mode: "ai", dimension: "care", value: 2), .init(mode: "human", dimension: "tone", value: -1),
        ]))
        #expect(KeptQuality(encoded: figures.encoded) == figures)
        if case .reviewed(let kept) = figures { #expect(kept.ratings.map(\.count) == [2, 1] && kept.ratings.map(\.value) == [6, -1]) }
        #expect(KeptQuality(encoded: KeptQuality.skipped("span-flagged").encoded) == .skipped("span-flagged"))
        let bytes = figures.encoded
        for length in 0..<bytes.count { #expect(KeptQuality(encoded: Array(bytes[0..<length])) == nil) }
        // A block's sums too, and nothing but the whole of them is read.
        var block = QualityBlock()
        block.add(id: "d1", stage: 2, length: 10, kept: figures)
        block.add(id: "d2", stage: nil, length: 7, kept: figures)
        block.add(id: "d3", stage: 2, length: 3, kept: .skipped("span-flagged"))
        var decoder = KeptQuality.Decoder()
        #expect(QualityBlock(encoded: block.encoded, decoder: &decoder) == block)
        #expect(block.worst.map(\.document.id) == ["d1", "d2"] && block.considered == [2: 2, nil: 1])
        let sums = block.encoded
        for length in 0..<sums.count { #expect(QualityBlock(encoded: Array(sums[0..<length]), decoder: &decoder) == nil) }
    }
}
