import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// Undoing an adjudication (undo, or a revert through history) restores exactly what was before
/// it, the adjudicator and the attribution (`adjudication_source`) included, so that no export
/// names an adjudication that no longer stands; redo brings all of it back.
@Suite struct AdjudicationUndoTests {
    let directory: TemporaryDirectory
    let database: AppDatabase
    let schema = Fixtures.defaultSchema
    let document: Int64

    /// d01 reviewed independently by ada (rates 4) and bo (rates 5), both approving; lead, not
    /// assigned, had approved the shared version (rating 3) before it was adjudicated.
    init() throws {
        directory = try TemporaryDirectory()
        database = try ReviewHelpers.teamDatabase([ImportHelpers.line(id: "d01", text: "<human>Hello there.</human> <ai>Hi, friend.</ai>")])
        document = try #require(try database.document(externalID: "d01")).record.id
        try ReviewHelpers.judgeAll("d01", in: database, by: "lead", value: 3)
        for (reviewer, value) in [("ada", 4), ("bo", 5)] {
            try ReviewHelpers.judgeWorking(try #require(try database.workingDocument(id: document, for: reviewer)), in: database, by: reviewer, value: value)
        }
    }

    private func adjudicate() throws {
        let comparison = VersionComparison(versions: try database.versionsToAdjudicate(of: document, by: "lead"), rubric: Fixtures.defaultRubric)
        #expect(comparison.differences == [.ratings])
        _ = try database.adjudicate(document: document, version: comparison.resolve(comparison.regions.map { _ in 0 }), by: "lead", schema: schema)
    }

    /// What the eval export says of each span: resolution, reviewers, adjudicator.
    private func exported() throws -> [String] {
        let path = directory.path("gold.jsonl")
        let (_, problems) = try ExportHelpers.export(database, .eval, to: path)
        #expect(problems.isEmpty)
        return try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").flatMap { line in
            try JSONParser.parse(Array(line.utf8))["spans"]?.arrayValue ?? []
        }.map { span in
            let reviewers = span["reviewers"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ",") ?? ""
            return "\(span["resolution"]?.stringValue ?? "-") [\(reviewers)] by \(span["adjudicator"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "-")"
        }
    }

    /// The adjudication as stored: the adjudicator and the attribution rows of the document's spans.
    private func stored() throws -> (adjudicator: String?, sources: Int) {
        let sources = try database.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM adjudication_source a JOIN span s ON s.id = a.span_id WHERE s.document_id = ?",
                             arguments: [document]) ?? 0
        }
        return (try database.adjudicator(of: document), sources)
    }

    /// Expects lead's adjudication to stand, as stored and exported (lead took ada's judgements,
    /// bo's ratings differ: ada's two spans are the sources), or to have left no trace: lead's
    /// own review of the shared version is no adjudication, and ada and bo review blind again.
    private func expectAdjudicated(_ standing: Bool, _ comment: Comment) throws {
        let expected: (adjudicator: String?, sources: Int) = standing ? ("lead", 2) : (nil, 0)
        #expect(try stored() == expected, comment)
        let exported = try exported()
        #expect(exported == Array(repeating: standing ? "adjudicated [ada] by lead" : "single [lead] by -", count: 2), comment)
        for reviewer in ["ada", "bo"] {
            #expect((try database.workingDocument(id: document, for: reviewer)?.owner == nil) == standing, comment)
        }
    }

    @Test func undoAndRedoTakeTheWholeAdjudication() throws {
        try expectAdjudicated(false, "before")
        try adjudicate()
        try expectAdjudicated(true, "adjudicated")
        #expect(try database.undo(in: document, by: "lead", schema: schema)?.action == "adjudicate")
        try expectAdjudicated(false, "undone")
        _ = try database.redo(in: document, by: "lead", schema: schema)
        try expectAdjudicated(true, "redone")
    }

    @Test func revertingToBeforeTheAdjudicationTakesItAllAndUndoingTheRevertBringsItBack() throws {
        try adjudicate()
        let history = try database.history(of: document)
        let adjudication = try #require(history.lastIndex { $0.action == "adjudicate" })
        _ = try database.revert(document: document, toEntry: history[adjudication - 1].id, by: "lead", schema: schema)
        try expectAdjudicated(false, "reverted")
        _ = try database.undo(in: document, by: "lead", schema: schema)
        try expectAdjudicated(true, "the revert undone")
    }

    /// A second adjudication undone leaves the first one standing, as it was.
    @Test func undoingAReadjudicationRestoresTheFirst() throws {
        try adjudicate()
        let comparison = VersionComparison(versions: try database.versionsToAdjudicate(of: document, by: "cy"), rubric: Fixtures.defaultRubric)
        _ = try database.adjudicate(document: document, version: comparison.resolve([]), by: "cy", schema: schema)
        #expect(try stored().adjudicator == "cy")
        _ = try database.undo(in: document, by: "cy", schema: schema)
        try expectAdjudicated(true, "the second adjudication undone")
    }
}
