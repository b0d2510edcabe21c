import Foundation
import GRDB
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// `trellis quality` on the store: which documents count, what their gold is, the figures per
/// group, and the done-when check — planted errors recovered within their interval.
@Suite struct QualityReportTests {
    private func line(_ id: String, _ text: String, rewriter: String, stage: Int = 1, topic: String = "x") -> String {
        "{\"id\": \"\(id)\", \"stage\": \(stage), \"text\": \(ImportHelpers.quoted(text)), \"meta\": {\"rewriter\": \"\(rewriter)\", \"topic\": \"\(topic)\"}}"
    }

    private func database(_ lines: [String]) throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines(lines, into: database, in: try TemporaryDirectory())
        return database
    }

    /// The done-when check: two rewriters, one careful and one sloppy at known rates. In each of
    /// ten corpora the report finds exactly the errors planted, and no other; the wrong-label rate's
    /// interval holds the planted rate nearly every time (95% expected; at least 8 of 10 happens
    /// with probability 0.99) and the two rewriters' intervals never overlap.
    @Test func plantedErrorRatesAreRecoveredWithinTheirIntervalsAndTellTheRewritersApart() throws {
        let careful = CorpusGenerator.PlantedRewriter(name: "rw-careful", labelErrorRate: 0.02)
        let sloppy = CorpusGenerator.PlantedRewriter(name: "rw-sloppy", labelErrorRate: 0.12)
        var covered: [String: Int] = [:]
        let runs = 10
        for run in 0..<runs {
            let (lines, truth, planted) = QualityHelpers.corpus(seed: UInt64(100 + run), count: 100, rewriters: [careful, sloppy])
            let database = try database(lines)
            for (id, spans) in truth { try QualityHelpers.reviewToTruth(id, truth: spans, in: database) }
            let report = try database.qualityReport(QualityOptions())
            #expect(report.groups.map(\.name) == ["rw-careful", "rw-sloppy"])
            #expect(report.all.documents == truth.count)
            let intervals = try report.groups.map { try #require($0[.wrongLabel].interval) }
            for (group, rewriter) in zip(report.groups, [careful, sloppy]) {
                let interval = try #require(group[.wrongLabel].interval)
                #expect(group[.wrongLabel].count == planted[rewriter.name], "run \(run): every planted error found, no more")
                if interval.contains(rewriter.labelErrorRate) { covered[rewriter.name, default: 0] += 1 }
                // Only labels were changed: every span pairs with its gold span, no other error.
                #expect(group[.missed].count == 0 && group[.boundaryMoved].count == 0 && group[.spurious].count == 0)
                #expect(group.effort.edits >= group[.wrongLabel].count, "a relabel (or more) per planted error")
            }
            #expect(intervals[0].upper < intervals[1].lower, "run \(run): \(intervals)")
            #expect(report.groups[0][.f1Exact].value! > report.groups[1][.f1Exact].value!)
            // The same database gives the same figures, bootstrap intervals included.
            let again = try database.qualityReport(QualityOptions())
            #expect(again.groups.map { $0[.f1Exact] } == report.groups.map { $0[.f1Exact] })
        }
        #expect(covered["rw-careful", default: 0] >= 8, "\(covered)")
        #expect(covered["rw-sloppy", default: 0] >= 8, "\(covered)")
    }

    @Test func onlySettledCurrentReviewsCountAndTheRestIsCountedByReason() throws {
        let database = try database([
            line("approved", "<human>Hi there.</human> <ai>Hello you.</ai>", rewriter: "rw"),
            line("decided", "<human>Hi there.</human> <ai>Hello you.</ai>", rewriter: "rw"),
            line("rejected", "<ai>No.</ai>", rewriter: "rw"),
            line("flagged", "<ai>Maybe.</ai> <human>Well.</human>", rewriter: "rw"),
            line("split", "<ai>Yes.</ai>", rewriter: "rw"),
            line("stale", "<ai>Then.</ai> <human>Now.</human>", rewriter: "rw"),
            line("partly", "<ai>One.</ai> <human>Two.</human>", rewriter: "rw"),
            line("untouched", "<ai>Nobody looked.</ai>", rewriter: "rw"),
        ])
        try ReviewHelpers.decideDocument("approved", in: database, by: "ada")
        // Every span decided, one rejected: the gold leaves it out.
        let decided = try database.document(externalID: "decided")!
        _ = try database.decide(span: decided.spans[0].id, in: decided.record.id, decision: .approved, by: "ada", schema: Fixtures.defaultSchema)
        _ = try database.decide(span: decided.spans[1].id, in: decided.record.id, decision: .rejected, by: "ada", schema: Fixtures.defaultSchema)
        try ReviewHelpers.decideDocument("rejected", in: database, by: "ada", decision: .rejected)
        try ReviewHelpers.judgeAll("flagged", in: database, by: "ada")
        let flagged = try database.document(externalID: "flagged")!
        _ = try database.decide(span: flagged.spans[1].id, in: flagged.record.id, decision: .flagged, by: "bo", schema: Fixtures.defaultSchema)
        try ReviewHelpers.judgeAll("split", in: database, by: "ada")
        try ReviewHelpers.judgeAll("split", in: database, by: "bo", decision: .rejected)
        // Approved, then changed: the approval is stale.
        try ReviewHelpers.decideDocument("stale", in: database, by: "ada")
        try ReviewHelpers.edit("stale", .relabel(span: 1, label: "ai"), in: database, by: "bo")
        let partly = try database.document(externalID: "partly")!
        _ = try database.decide(span: partly.spans[0].id, in: partly.record.id, decision: .approved, by: "ada", schema: Fixtures.defaultSchema)

        let report = try database.qualityReport(QualityOptions())
        #expect(report.all.documents == 2)
        #expect(report.skipped == ["document-rejected": 1, "span-flagged": 1, "disagreement": 1, "not-reviewed": 2, "undecided": 1])
        let group = try #require(report.groups.first)
        // approved: both spans right; decided: the rejected ai span is missing from the gold, so spurious.
        #expect(group.comparison.errors.spurious == 1)
        #expect(group[.precisionExact].count == 3 && group[.precisionExact].of == 4)
        #expect(group[.recallExact].count == 3 && group[.recallExact].of == 3)
        #expect(group[.documentsWithErrors].count == 1 && group[.documentsWithErrors].of == 2)
        #expect(report.worst.map(\.id) == ["decided"])
    }

    @Test func figuresOfAHandMadeReview() throws {
        let database = try database([
            line("a", "<human>Hi there.</human> <ai>Hello you.</ai>", rewriter: "rw-7b"),
            line("b", "<human>One two three four.</human>", rewriter: "rw-70b", stage: 2),
        ])
        // a: the reviewer moves the human span's end back a word.
        try ReviewHelpers.edit("a", .moveEdge(span: 0, edge: .end, direction: .backward, unit: .word), in: database, by: "ada")
        try ReviewHelpers.judgeAll("a", in: database, by: "ada", value: 5)
        try ReviewHelpers.judgeAll("b", in: database, by: "ada", value: 3)
        let report = try database.qualityReport(QualityOptions())
        #expect(report.groups.map(\.name) == ["rw-70b", "rw-7b"])
        let seven = report.groups[1], seventy = report.groups[0]
        #expect(seven[.boundaryMoved].count == 1 && seven[.boundaryMoved].of == 2)
        #expect(seven[.f1Exact].value == 0.5 && seven[.f1Overlap].value == 1)
        #expect(seven.comparison.shifts.words[1] == 1, "the machine's end lies one word after the gold's")
        #expect(seven.comparison.confusion.count(CharacterLabels.none, "human") > 0)
        #expect(seven.effort.edits == 1 && seven.effort.characters == 20)
        #expect(seven.effort.timedDocuments == 1)
        #expect(seven.ratings.contains { $0.mode == "ai" && $0.mean == 5 })
        #expect(seventy[.f1Exact].value == 1 && seventy[.f1Exact].interval == ConfidenceInterval(lower: 1, upper: 1))
        #expect(seventy.ratings.allSatisfy { $0.mean == 3 })
        // Grouped other ways.
        #expect(try database.qualityReport(QualityOptions(fields: [.stage])).groups.map(\.name) == ["1", "2"])
        #expect(try database.qualityReport(QualityOptions(fields: [.rewriter, .stage])).groups.map(\.name) == ["rw-70b · 2", "rw-7b · 1"])
        #expect(try database.qualityReport(QualityOptions(fields: [.meta(["topic"])])).groups.map(\.name) == ["x"])
        #expect(try database.qualityReport(QualityOptions(stages: [2])).all.documents == 1)
    }

    @Test func aDocumentWithoutAMachineVersionIsLeftOutAndSaidSo() throws {
        let database = try database([line("a", "<ai>Hello.</ai>", rewriter: "rw")])
        try ReviewHelpers.decideDocument("a", in: database, by: "ada")
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO document (external_id, text, length, content_hash, imported_at, updated_at)
                VALUES ('b', 'Hello', 5, 'h', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
                """)
        }
        try ReviewHelpers.decideDocument("b", in: database, by: "ada")
        let report = try database.qualityReport(QualityOptions())
        #expect(report.all.documents == 1)
        #expect(report.skipped["no-machine-version"] == 1)
    }

    /// An audit: a stratified sample of the unreviewed documents, drawn reproducibly and assigned;
    /// its estimates weight each stratum by its size in the corpus.
    @Test func anAuditIsDrawnFromUnreviewedDocumentsAndWeightedByStratum() throws {
        // Stratum rw-a: 60 documents, all right; rw-b: 20 documents, each with one wrong label.
        var lines: [String] = []
        for index in 0..<80 {
            lines.append(line("d\(index)", "<human>Hi there \(index).</human> <ai>Hello you.</ai>", rewriter: index < 60 ? "rw-a" : "rw-b"))
        }
        let database = try database(lines)
        try ReviewHelpers.decideDocument("d0", in: database, by: "ada")  // reviewed already: not in the frame
        let request = AuditRequest(name: "spring", size: 20, fields: [.rewriter], seed: 7, reviewers: ["ada", "bo"])
        let draw = try database.drawAudit(request, by: "lead")
        #expect(draw.strata.map(\.population) == [60, 20])
        #expect(draw.strata.map(\.unreviewed) == [59, 20])
        #expect(draw.strata.map(\.sampled) == [15, 5], "in proportion to the unreviewed documents")
        #expect(draw.assigned == ["ada": 10, "bo": 10])
        #expect(throws: StoreError.self) { try database.drawAudit(request, by: "lead") }
        let auditIDs = try database.read { db in
            try String.fetchAll(db, sql: "SELECT d.external_id FROM audit_document a JOIN document d ON d.id = a.document_id ORDER BY d.id")
        }
        #expect(!auditIDs.contains("d0"))
        // The same seed draws the same documents.
        let copy = try self.database(lines)
        try ReviewHelpers.decideDocument("d0", in: copy, by: "ada")
        _ = try copy.drawAudit(request, by: "lead")
        #expect(try copy.read { db in
            try String.fetchAll(db, sql: "SELECT d.external_id FROM audit_document a JOIN document d ON d.id = a.document_id ORDER BY d.id")
        } == auditIDs)

        // Review part of the audit: all five of rw-b's documents (each with its ai turn relabelled
        // human by the reviewer: the rewriter got it wrong), five of rw-a's fifteen (all right).
        var reviewedA = 0
        for id in auditIDs {
            let index = Int(id.dropFirst())!
            if index >= 60 {
                try ReviewHelpers.edit(id, .relabel(span: 1, label: "human"), in: database, by: "ada")
            } else {
                guard reviewedA < 5 else { continue }
                reviewedA += 1
            }
            try ReviewHelpers.decideDocument(id, in: database, by: "ada")
        }
        let report = try database.qualityReport(QualityOptions(fields: [], audit: "spring"))
        #expect(report.audit?.strata.map(\.reviewed) == [5, 5])
        #expect(report.all.documents == 10)
        #expect(report.skipped["not-reviewed"] == 10)
        // Each reviewed rw-a document stands for 12 corpus documents, each rw-b one for 4: half of
        // rw-b's spans are wrong, a quarter of the corpus, so 12.5% (the sample alone says 25%).
        let wrong = report.all[.wrongLabel]
        #expect(abs(wrong.value! - 0.125) < 1e-9)
        #expect(wrong.count == 5 && wrong.of == 20)
        #expect(abs(report.all[.documentsWithErrors].value! - 0.25) < 1e-9)
        let interval = try #require(wrong.interval)
        #expect(interval.contains(0.125) && interval.lower > 0)
        // Outside the audit the same reviews count unweighted (d0 with them).
        #expect(try database.qualityReport(QualityOptions(fields: [])).all[.wrongLabel].value == 5.0 / 22)
        #expect(throws: StoreError.self) { try database.qualityReport(QualityOptions(audit: "autumn")) }
    }
}
