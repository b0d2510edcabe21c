import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

@Suite struct TeamTests {
    let directory: TemporaryDirectory
    let database: AppDatabase
    let schema = Fixtures.defaultSchema

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.open(path: directory.path("team.sqlite"))
        let lines = (1...20).map { ImportHelpers.line(id: String(format: "d%02d", $0), text: "<human>Hello \($0).</human> <ai>Hi there, friend.</ai>", stage: $0 % 2 + 1) }
        _ = try ImportHelpers.importLines(lines, into: database, in: directory)
    }

    private func id(_ external: String) throws -> Int64 { try #require(try database.document(externalID: external)).record.id! }

    @Test func assignmentIsBalancedReproducibleAndOverlapsTheAskedShare() throws {
        let made = try database.assign(AssignmentPlan(reviewers: ["ada", "bo", "cy"], perDocument: 2, overlap: 0.5, seed: 3), by: "lead")
        let total = made.values.reduce(0, +)
        #expect(total == 30)
        #expect(made.values.max()! - made.values.min()! <= 1)
        let independent = try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT document_id) FROM assignment WHERE independent = 1") }
        #expect(independent == 10)
        #expect(try database.assign(AssignmentPlan(reviewers: ["ada"], perDocument: 1, overlap: 0), by: "lead").isEmpty, "everything is assigned")

        let other = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines((1...20).map { ImportHelpers.line(id: String(format: "d%02d", $0), text: "<ai>x</ai>") }, into: other, in: directory, name: "o.jsonl")
        _ = try other.assign(AssignmentPlan(reviewers: ["ada", "bo", "cy"], perDocument: 2, overlap: 0.5, seed: 3), by: "lead")
        let query = "SELECT d.external_id || v.name FROM assignment a JOIN document d ON d.id = a.document_id JOIN reviewer v ON v.id = a.reviewer_id ORDER BY 1"
        #expect(try database.writer.read { try String.fetchAll($0, sql: query) } == other.writer.read { try String.fetchAll($0, sql: query) })
        #expect(try database.hasQueue(for: "ada"))
        #expect(try !database.hasQueue(for: "zed"))
    }

    /// Each reviewer's count is what the database holds under their name, and a reviewer who
    /// cannot be looked up fails the whole assignment rather than lending their name to another.
    @Test func assignmentsAreCreditedToTheReviewerWhoHasThem() throws {
        let made = try database.assign(AssignmentPlan(reviewers: ["cy", "ada", "bo"], perDocument: 2, overlap: 0.3, seed: 5), by: "lead")
        let held = try database.writer.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT v.name, COUNT(*) FROM assignment a JOIN reviewer v ON v.id = a.reviewer_id GROUP BY v.name")
                .map { ($0[0] as String, $0[1] as Int) })
        }
        #expect(made == held)

        let other = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines((1...6).map { ImportHelpers.line(id: "o\($0)", text: "<ai>x</ai>") }, into: other, in: directory, name: "o.jsonl")
        _ = try other.reviewer(named: "bo")
        try other.writer.write { db in
            try db.execute(sql: "CREATE TRIGGER no_ada BEFORE INSERT ON reviewer WHEN NEW.name = 'ada' BEGIN SELECT RAISE(ABORT, 'ada cannot be added'); END")
        }
        #expect(throws: (any Error).self) { try other.assign(AssignmentPlan(reviewers: ["ada", "bo", "cy"], perDocument: 1, overlap: 0), by: "lead") }
        #expect(try other.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assignment") } == 0)
    }

    @Test func independentReviewersWorkOnTheirOwnVersions() throws {
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 1), by: "lead")
        let document = try id("d01")
        let ada = try #require(try database.workingDocument(id: document, for: "ada"))
        #expect(ada.owner != nil)
        guard case .success(let moved) = SpanEditor(schema: schema, annotated: ada.annotated).apply(.moveEdge(span: 0, edge: .end, direction: .backward, unit: .character)) else {
            Issue.record("refused")
            return
        }
        _ = try database.applyEdit(moved, named: "move-end", to: ada, by: "ada", schema: schema)
        #expect(try database.workingDocument(id: document, for: "ada")?.spans.first?.end == 7)
        #expect(try database.workingDocument(id: document, for: "bo")?.spans.first?.end == 8)
        #expect(try database.document(id: document)?.spans.first?.end == 8, "the shared version is untouched")
        #expect(try database.versions(of: document).map(\.reviewer) == ["ada", "bo"])
    }

    @Test func adjudicationBecomesTheGoldAndAgreedDocumentsAreAcceptedAutomatically() throws {
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 1), by: "lead")
        for name in ["ada", "bo"] {
            for external in ["d01", "d02"] {
                _ = try database.workingDocument(id: try id(external), for: name)
                try judgeVersion(external, by: name)
            }
        }
        // They disagree on d02: bo shortens the human span.
        let bo = try #require(try database.workingDocument(id: try id("d02"), for: "bo"))
        guard case .success(let moved) = SpanEditor(schema: schema, annotated: bo.annotated).apply(.moveEdge(span: 0, edge: .end, direction: .backward, unit: .character)) else { return }
        _ = try database.applyEdit(moved, named: "move-end", to: bo, by: "bo", schema: schema)
        try judgeVersion("d02", by: "bo")

        #expect(try database.autoAdjudicate(by: "lead", schema: schema) == ["d01"])
        let versions = try database.versions(of: try id("d02"))
        let comparison = VersionComparison(versions: versions.map { $0.spans.map(\.span) })
        #expect(comparison.agreed.map(\.label) == ["ai"])
        #expect(comparison.regions.count == 1)
        _ = try database.adjudicate(document: try id("d02"), spans: comparison.resolve([1]).map { AdjudicatedSpan(span: $0, ratings: ["honesty": 5, "care": 5, "harmlessness": 5, "aligned-conduct": 5]) }, by: "lead", schema: schema)
        #expect(try database.document(externalID: "d02")?.spans.first?.end == 7)

        let path = directory.path("gold.jsonl")
        let summary = try Exporter(database: database, schema: schema, rubric: Fixtures.defaultRubric,
                                   options: ExportOptions(format: .eval, policy: GoldPolicy(rubric: Fixtures.defaultRubric))).run(to: path)
        #expect(summary.resolutions["adjudicated"] == 4)
        #expect(summary.documentsExported == 2)
    }

    @Test func rolesRestrictOnceThereIsAnAdmin() throws {
        let document = try id("d03")
        _ = try database.adjudicate(document: document, spans: [], by: "ada", schema: schema)
        try database.setRole(.admin, of: "root")
        #expect(throws: StoreError.self) { try database.adjudicate(document: document, spans: [], by: "ada", schema: schema) }
        try database.setRole(.adjudicator, of: "lead")
        _ = try database.adjudicate(document: document, spans: [], by: "lead", schema: schema)
        #expect(throws: StoreError.self) { try database.assign(AssignmentPlan(reviewers: ["ada"], perDocument: 1, overlap: 0), by: "ada") }

        let span = try #require(try database.document(id: try id("d04"))?.spans.first?.id)
        _ = try database.rate(span: span, in: try id("d04"), dimension: "honesty", value: 3, by: "bo", schema: schema)
        #expect(throws: StoreError.self) { try database.revert(document: try id("d04"), toEntry: 0, by: "ada", schema: schema) }
        _ = try database.revert(document: try id("d04"), toEntry: 0, by: "bo", schema: schema)
    }

    @Test func aStaleEditFromAnotherConnectionIsRefusedNotLost() throws {
        let other = try AppDatabase.open(path: directory.path("team.sqlite"))
        let seenByAda = try #require(try database.document(externalID: "d05"))
        let seenByBo = try #require(try other.document(externalID: "d05"))
        guard case .success(let adaEdit) = SpanEditor(schema: schema, annotated: seenByAda.annotated).apply(.relabel(span: 0, label: "ai")),
              case .success(let boEdit) = SpanEditor(schema: schema, annotated: seenByBo.annotated).apply(.moveEdge(span: 0, edge: .end, direction: .backward, unit: .word)) else { return }
        _ = try database.applyEdit(adaEdit, named: "relabel", to: seenByAda, by: "ada", schema: schema)
        #expect(throws: StoreError.self) { try other.applyEdit(boEdit, named: "move-end", to: seenByBo, by: "bo", schema: schema) }
        #expect(try other.document(externalID: "d05")?.spans.first?.label == "ai")
    }

    @Test func manyConnectionsWritingAtOnceLoseNothing() throws {
        let path = directory.path("team.sqlite")
        let spans = try database.writer.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM span WHERE owner_id IS NULL") }
        let documents = try database.writer.read { db in try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, document_id FROM span").map { ($0[0] as Int64, $0[1] as Int64) }) }
        let reviewers = ["r1", "r2", "r3", "r4"]
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: reviewers.count) { index in
            do {
                let connection = try AppDatabase.open(path: path)
                for span in spans {
                    _ = try connection.rate(span: span, in: documents[span]!, dimension: "honesty", value: 3, by: reviewers[index], schema: Fixtures.defaultSchema)
                }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let ratings = try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rating") }
        #expect(ratings == spans.count * 4)
        #expect(try database.history(of: documents[spans[0]]!).count == 2 * 4, "two spans, four reviewers")
    }

    private func judgeVersion(_ external: String, by reviewer: String) throws {
        let document = try #require(try database.workingDocument(id: try id(external), for: reviewer))
        for span in document.spans {
            for dimension in Fixtures.defaultRubric.dimensions(for: span.label) {
                _ = try database.rate(span: span.id!, in: document.record.id!, dimension: dimension.name, value: 4, by: reviewer, schema: schema)
            }
            _ = try database.decide(span: span.id!, in: document.record.id!, decision: .approved, by: reviewer, schema: schema)
        }
    }
}

/// Errors collected from several threads.
private final class Failures: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ item: String) { lock.withLock { items.append(item) } }
    var all: [String] { lock.withLock { items } }
}

@Suite struct AgreementReportTests {
    @Test func theReportMatchesTheMetricsComputedDirectly() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase.open(path: directory.path("a.sqlite"))
        _ = try ImportHelpers.importLines([
            ImportHelpers.line(id: "same", text: "<human>Hello there.</human> <ai>Hi, friend.</ai>", stage: 1),
            ImportHelpers.line(id: "diff", text: "<human>One two three.</human> <ai>Four five six.</ai>", stage: 2),
        ], into: database, in: directory)
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 1), by: "lead")
        let schema = Fixtures.defaultSchema
        for external in ["same", "diff"] {
            for reviewer in ["ada", "bo"] {
                let id = try #require(try database.document(externalID: external)).record.id!
                let document = try #require(try database.workingDocument(id: id, for: reviewer))
                if external == "diff", reviewer == "bo",
                   case .success(let edit) = SpanEditor(schema: schema, annotated: document.annotated).apply(.relabel(span: 1, label: "human")) {
                    _ = try database.applyEdit(edit, named: "relabel", to: document, by: reviewer, schema: schema)
                }
                let fresh = try #require(try database.workingDocument(id: id, for: reviewer))
                for span in fresh.spans {
                    _ = try database.rate(span: span.id!, in: id, dimension: "honesty", value: reviewer == "ada" ? 4 : 5, by: reviewer, schema: schema)
                }
            }
        }
        let report = try database.agreementReport(rubric: Fixtures.defaultRubric)
        #expect(report.documents == 2)
        #expect(report.reviewers == ["ada", "bo"])
        let pair = try #require(report.pairs.first)
        #expect(pair.group == "ada · bo")
        #expect(pair.exact.matched == 3 && pair.exact.countA == 4)
        // Per character: "same" agrees everywhere; in "diff" bo's second span is human.
        let same = CharacterLabels.labels(spans: [Span(start: 0, end: 12, label: "human"), Span(start: 13, end: 24, label: "ai")], length: 24)
        let diffA = CharacterLabels.labels(spans: [Span(start: 0, end: 14, label: "human"), Span(start: 15, end: 29, label: "ai")], length: 29)
        let diffB = CharacterLabels.labels(spans: [Span(start: 0, end: 14, label: "human"), Span(start: 15, end: 29, label: "human")], length: 29)
        #expect(abs(try #require(pair.kappa) - (try #require(CohenKappa.compute(same + diffA, same + diffB)))) < 1e-9)
        #expect(report.stages.map(\.group) == ["stage 1", "stage 2"])
        #expect(report.stages[0].exact.f1 == 1)
        #expect(report.worst.first?.id == "diff")
        #expect(report.confusion.count("ai", "human") == 14)
        #expect(report.ratingAlpha["honesty"] != nil)
        #expect(report.fleissKappa == nil)
    }
}
