import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
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

    private func id(_ external: String) throws -> Int64 { try #require(try database.document(externalID: external)).record.id }

    @Test func assignmentIsBalancedReproducibleAndOverlapsTheAskedShare() throws {
        let made = try database.assign(AssignmentPlan(reviewers: ["ada", "bo", "cy"], perDocument: 2, overlap: 0.5, seed: 3), by: "lead")
        let total = made.values.reduce(0, +)
        #expect(total == 30)
        #expect(made.values.max()! - made.values.min()! <= 1)
        let independent = try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT document_id) FROM assignment WHERE independent = 1") }
        #expect(independent == 10)
        #expect(try database.assign(AssignmentPlan(reviewers: ["ada"], perDocument: 1, overlap: 0), by: "lead").isEmpty, "everything is assigned")

        let other = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines((1...20).map { ImportHelpers.line(id: String(format: "d%02d", $0), text: "<ai>x</ai>") }, into: other, in: directory, name: "o.jsonl")
        _ = try other.assign(AssignmentPlan(reviewers: ["ada", "bo", "cy"], perDocument: 2, overlap: 0.5, seed: 3), by: "lead")
        let query = "SELECT d.external_id || v.name FROM assignment a JOIN document d ON d.id = a.document_id JOIN reviewer v ON v.id = a.reviewer_id ORDER BY 1"
        #expect(try database.read { try String.fetchAll($0, sql: query) } == other.read { try String.fetchAll($0, sql: query) })
        #expect(try database.hasQueue(for: "ada"))
        #expect(try !database.hasQueue(for: "zed"))
    }

    /// Each reviewer's count is what the database holds under their name, and a reviewer who
    /// cannot be looked up fails the whole assignment rather than lending their name to another.
    @Test func assignmentsAreCreditedToTheReviewerWhoHasThem() throws {
        let made = try database.assign(AssignmentPlan(reviewers: ["cy", "ada", "bo"], perDocument: 2, overlap: 0.3, seed: 5), by: "lead")
        let held = try database.read { db in
            try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT v.name, COUNT(*) FROM assignment a JOIN reviewer v ON v.id = a.reviewer_id GROUP BY v.name")
                .map { ($0[0] as String, $0[1] as Int) })
        }
        #expect(made == held)

        let other = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines((1...6).map { ImportHelpers.line(id: "o\($0)", text: "<ai>x</ai>") }, into: other, in: directory, name: "o.jsonl")
        _ = try other.reviewer(named: "bo")
        try other.write { db in
            try db.execute(sql: "CREATE TRIGGER no_ada BEFORE INSERT ON reviewer WHEN NEW.name = 'ada' BEGIN SELECT RAISE(ABORT, 'ada cannot be added'); END")
        }
        #expect(throws: (any Error).self) { try other.assign(AssignmentPlan(reviewers: ["ada", "bo", "cy"], perDocument: 1, overlap: 0), by: "lead") }
        #expect(try other.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assignment") } == 0)
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

        #expect(try database.autoAdjudicate(by: "lead", schema: schema, rubric: Fixtures.defaultRubric) == ["d01"])
        let versions = try database.versionsToAdjudicate(of: try id("d02"), by: "lead")
        let comparison = VersionComparison(versions: versions, rubric: Fixtures.defaultRubric)
        #expect(comparison.agreed.map(\.span.label) == ["ai"])
        #expect(comparison.regions.count == 1)
        _ = try database.adjudicate(document: try id("d02"), version: comparison.resolve([1]), by: "lead", schema: schema)
        #expect(try database.document(externalID: "d02")?.spans.first?.end == 7)

        let path = directory.path("gold.jsonl")
        let summary = try Exporter(database: database, schema: schema, rubric: Fixtures.defaultRubric,
                                   options: ExportOptions(format: .eval, policy: GoldPolicy(rubric: Fixtures.defaultRubric))).run(to: path)
        #expect(summary.resolutions["adjudicated"] == 4)
        #expect(summary.documentsExported == 2)
    }

    /// `--auto` accepts only versions that agree in everything: structure, decisions, ratings
    /// (within the rubric's tolerance), notes; the list says what differs in the others.
    @Test func automaticAdjudicationAcceptsOnlyVersionsThatAgreeInEverything() throws {
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 1), by: "lead")
        try judgeVersion("d01", by: "ada")
        try judgeVersion("d01", by: "bo")
        try judgeVersion("d02", by: "ada", value: 4)
        try judgeVersion("d02", by: "bo", value: 5)
        try judgeVersion("d03", by: "ada")
        try judgeVersion("d03", by: "bo", decision: .rejected)
        for reviewer in ["ada", "bo"] { _ = try database.workingDocument(id: try id("d04"), for: reviewer) }
        // d05: both approve everything, then both move the ai span's end alike: their versions
        // agree, but their judgements of the ai span are of an earlier state.
        for reviewer in ["ada", "bo"] {
            try judgeVersion("d05", by: reviewer)
            try ReviewHelpers.edit("d05", .moveEdge(span: 1, edge: .end, direction: .backward, unit: .character), in: database, by: reviewer)
        }

        var listed: [String: [VersionComparison.Difference]] = [:]
        var changedSince: [String: Int] = [:]
        try database.forEachPendingAdjudication(rubric: Fixtures.defaultRubric, by: "lead") {
            listed[$0.externalID] = $0.comparison.differences
            changedSince[$0.externalID] = $0.comparison.changedSince
        }
        #expect(listed == ["d01": [], "d02": [.ratings], "d03": [.decisions], "d04": [], "d05": []])
        #expect(changedSince == ["d01": 0, "d02": 0, "d03": 0, "d04": 0, "d05": 1])
        #expect(try database.autoAdjudicate(by: "lead", schema: schema, rubric: Fixtures.defaultRubric) == ["d01"],
                "d04 agrees, but nobody decided it; d05 agrees, on approvals of an earlier state")

        var tolerant = Fixtures.defaultRubric
        for index in tolerant.dimensions.indices { tolerant.dimensions[index].tolerance = 1 }
        #expect(try database.autoAdjudicate(by: "lead", schema: schema, rubric: tolerant) == ["d02"])
        listed = [:]
        try database.forEachPendingAdjudication(rubric: tolerant, by: "lead") { listed[$0.externalID] = $0.comparison.differences }
        #expect(Set(listed.keys) == ["d03", "d04", "d05"])

        let path = directory.path("gold.jsonl")
        _ = try Exporter(database: database, schema: schema, rubric: Fixtures.defaultRubric,
                         options: ExportOptions(format: .eval, policy: GoldPolicy(rubric: Fixtures.defaultRubric))).run(to: path)
        let records = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
        #expect(Set(records.compactMap { $0["id"]?.stringValue }) == ["d01", "d02"])
        let span = try #require(records.first { $0["id"]?.stringValue == "d02" }?["spans"]?.arrayValue?.first)
        #expect(span["reviewers"]?.arrayValue?.compactMap(\.stringValue) == ["ada", "bo"])
        let judgements = try #require(span["judgements"]?.arrayValue)
        #expect(judgements.map { $0["reviewer"]?.stringValue } == ["ada", "bo"])
        #expect(judgements.map { $0["ratings"]?["honesty"]?.doubleValue } == [4, 5])
        #expect(span["ratings"]?["honesty"]?.doubleValue == 4, "the median of 4 and 5, as adjudicated")
        #expect(span["adjudicator"]?.stringValue == "lead")
    }

    @Test func onlyWhoeverMayAdjudicateSeesTheVersions() throws {
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 1), by: "lead")
        let document = try id("d01")
        for reviewer in ["ada", "bo"] { _ = try database.workingDocument(id: document, for: reviewer) }
        #expect(throws: StoreError.refused("ada reviews this blind, so may not adjudicate it")) {
            try database.versionsToAdjudicate(of: document, by: "ada")
        }
        #expect(try database.versionsToAdjudicate(of: document, by: "cy").count == 2, "before there is an admin, anyone else may")
        try database.setRole(.admin, of: "root", by: nil)
        #expect(throws: StoreError.self) { try database.versionsToAdjudicate(of: document, by: "cy") }
        #expect(throws: StoreError.self) { try database.forEachPendingAdjudication(rubric: Fixtures.defaultRubric, by: "cy") { _ in } }
        try database.setRole(.adjudicator, of: "ada", by: "root")
        #expect(try database.versionsToAdjudicate(of: document, by: "ada").map(\.reviewer) == ["ada", "bo"])
    }

    @Test func rolesRestrictOnceThereIsAnAdmin() throws {
        let document = try id("d03")
        _ = try database.adjudicate(document: document, version: AdjudicatedVersion(spans: []), by: "ada", schema: schema)
        try database.setRole(.admin, of: "root", by: nil)
        #expect(throws: StoreError.self) { try database.adjudicate(document: document, version: AdjudicatedVersion(spans: []), by: "ada", schema: schema) }
        try database.setRole(.adjudicator, of: "lead", by: "root")
        _ = try database.adjudicate(document: document, version: AdjudicatedVersion(spans: []), by: "lead", schema: schema)
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
        let spans = try database.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM span WHERE owner_id IS NULL") }
        let documents = try database.read { db in try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT id, document_id FROM span").map { ($0[0] as Int64, $0[1] as Int64) }) }
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
        let ratings = try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rating") }
        #expect(ratings == spans.count * 4)
        #expect(try database.history(of: documents[spans[0]]!).count == 2 * 4, "two spans, four reviewers")
    }

    /// A re-import changes what a reviewer's document decision was made on, in their version too:
    /// the list no longer shows them their approval.
    @Test func aReimportMakesAnIndependentReviewersDocumentDecisionStale() throws {
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 1), by: "lead")
        try judgeVersion("d01", by: "ada")
        _ = try database.decide(document: try id("d01"), decision: .approved, by: "ada", schema: schema)
        func status() throws -> DocumentStatus? {
            try database.documentPage(filter: DocumentFilter(search: "d01"), limit: 1, viewer: "ada").first?.status
        }
        #expect(try status() == .approved)
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "d01", text: "<human>Hello again.</human> <ai>Hi there, friend.</ai>", stage: 2)],
                                          into: database, in: directory, name: "changed.jsonl", options: ImportOptions(onChanged: .replace))
        #expect(try status() == .inProgress)
    }

    private func judgeVersion(_ external: String, by reviewer: String, value: Int = 4, decision: Decision = .approved) throws {
        try ReviewHelpers.judgeWorking(try #require(try database.workingDocument(id: try id(external), for: reviewer)), in: database, by: reviewer,
                                       value: value, decision: decision)
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
                let id = try #require(try database.document(externalID: external)).record.id
                let document = try #require(try database.workingDocument(id: id, for: reviewer))
                if external == "diff", reviewer == "bo",
                   case .success(let edit) = SpanEditor(schema: schema, annotated: document.annotated).apply(.relabel(span: 1, label: "human")) {
                    _ = try database.applyEdit(edit, named: "relabel", to: document, by: reviewer, schema: schema)
                }
                let fresh = try #require(try database.workingDocument(id: id, for: reviewer))
                for span in fresh.spans {
                    _ = try database.rate(span: span.id, in: id, dimension: "honesty", value: reviewer == "ada" ? 4 : 5, by: reviewer, schema: schema)
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
