import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisModel
import TrellisStore
import TrellisTestSupport

@Suite struct ReviewTests {
    let database: AppDatabase
    let document: StoredDocument
    let schema = Fixtures.defaultSchema

    init() throws {
        database = try AppDatabase.inMemory()
        let directory = try TemporaryDirectory()
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "d", text: "<human>Hi.</human> <ai>Hello.</ai>")], into: database, in: directory)
        document = try #require(try database.document(externalID: "d"))
    }

    private var id: Int64 { document.record.id }
    private var ai: Int64 { document.spans[1].id }

    @Test func twoReviewersRatingsOfOneSpanAreStoredSeparately() throws {
        _ = try database.rate(span: ai, in: id, dimension: "honesty", value: 4, by: "ada", schema: schema)
        let after = try database.rate(span: ai, in: id, dimension: "honesty", value: 2, by: "bo", schema: schema)
        #expect(after.ratings(of: ai, by: "ada") == ["honesty": 4])
        #expect(after.ratings(of: ai, by: "bo") == ["honesty": 2])
        let again = try database.rate(span: ai, in: id, dimension: "honesty", value: 5, by: "ada", schema: schema)
        #expect(again.ratings(of: ai, by: "ada") == ["honesty": 5])
        #expect(again.ratings(of: ai, by: "bo") == ["honesty": 2])
        let summaries = try database.history(of: id).map(\.summary)
        #expect(summaries == ["ai 4–10: honesty – → 4", "ai 4–10: honesty – → 2", "ai 4–10: honesty 4 → 5"])
    }

    @Test func decisionsAndNotesAreKeptApartAndSetTheDocumentStatus() throws {
        _ = try database.decide(span: ai, in: id, decision: .approved, by: "ada", schema: schema)
        var stored = try database.annotate(span: ai, in: id, note: "warm, but a bit formal ✎ 日本", by: "ada", schema: schema)
        #expect(stored.note(on: ai, by: "ada")?.decision == .approved)
        #expect(stored.note(on: ai, by: "ada")?.note == "warm, but a bit formal ✎ 日本")
        #expect(stored.record.status == .inProgress)
        stored = try database.decide(document: id, decision: .rejected, by: "bo", schema: schema)
        #expect(stored.record.status == .rejected)
        stored = try database.decide(document: id, decision: nil, by: "bo", schema: schema)
        #expect(stored.record.status == .inProgress)
        let unchanged = try database.history(of: id).count
        _ = try database.decide(span: ai, in: id, decision: .approved, by: "ada", schema: schema)
        #expect(try database.history(of: id).count == unchanged, "setting the same decision again writes no history")
    }

    @Test func ratingsAndDecisionsUndoAndRedo() throws {
        _ = try database.rate(span: ai, in: id, dimension: "care", value: 3, by: "ada", schema: schema)
        _ = try database.decide(span: ai, in: id, decision: .flagged, by: "ada", schema: schema)
        var undone = try #require(try database.undo(in: id, by: "ada", schema: schema))
        #expect(undone.action == "decide")
        #expect(undone.document.note(on: ai, by: "ada") == nil)
        undone = try #require(try database.undo(in: id, by: "ada", schema: schema))
        #expect(undone.document.ratings(of: ai, by: "ada").isEmpty)
        let redone = try #require(try database.redo(in: id, by: "ada", schema: schema))
        #expect(redone.document.ratings(of: ai, by: "ada") == ["care": 3])
    }

    @Test func revertingPutsEveryKindOfChangeBackAndCanItselfBeUndone() throws {
        let editor = SpanEditor(schema: schema, annotated: document.annotated)
        guard case .success(let moved) = editor.apply(.moveEdge(span: 0, edge: .end, direction: .backward, unit: .character)) else {
            Issue.record("edit refused")
            return
        }
        _ = try database.applyEdit(moved, named: "move-end", to: document, by: "ada", schema: schema)
        let point = try #require(try database.history(of: id).last?.id)
        _ = try database.rate(span: ai, in: id, dimension: "honesty", value: 1, by: "ada", schema: schema)
        _ = try database.decide(span: ai, in: id, decision: .rejected, by: "bo", schema: schema)
        let refreshed = try #require(try database.document(id: id))
        guard case .success(let relabelled) = SpanEditor(schema: schema, annotated: refreshed.annotated).apply(.relabel(span: 1, label: "human")) else {
            Issue.record("edit refused")
            return
        }
        _ = try database.applyEdit(relabelled, named: "relabel", to: refreshed, by: "bo", schema: schema)

        var reverted = try database.revert(document: id, toEntry: point, by: "ada", schema: schema)
        #expect(reverted.spans.map(\.span) == [Span(start: 0, end: 2, label: "human"), Span(start: 4, end: 10, label: "ai")])
        #expect(reverted.ratings.isEmpty)
        #expect(reverted.notes.isEmpty)

        reverted = try database.revert(document: id, toEntry: 0, by: "ada", schema: schema)
        #expect(reverted.spans.map(\.span) == document.spans.map(\.span))

        let undone = try #require(try database.undo(in: id, by: "ada", schema: schema))
        #expect(undone.action == "revert")
        #expect(undone.document.spans.map(\.span) == [Span(start: 0, end: 2, label: "human"), Span(start: 4, end: 10, label: "ai")])
    }

    @Test func revertRefusesToCrossAReimport() throws {
        _ = try database.rate(span: ai, in: id, dimension: "honesty", value: 3, by: "ada", schema: schema)
        let directory = try TemporaryDirectory()
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "d", text: "<human>Hi!</human> <ai>Hello.</ai>")], into: database, in: directory,
                                          options: ImportOptions(onChanged: .replace))
        #expect(throws: StoreError.self) { try database.revert(document: id, toEntry: 0, by: "ada", schema: schema) }
    }

    @Test func statsCountDecisionsPerReviewerAndStageAndMeanRatings() throws {
        _ = try database.rate(span: ai, in: id, dimension: "honesty", value: 4, by: "ada", schema: schema)
        _ = try database.rate(span: ai, in: id, dimension: "honesty", value: 2, by: "bo", schema: schema)
        _ = try database.rate(span: ai, in: id, dimension: "care", value: 5, by: "ada", schema: schema)
        _ = try database.decide(span: ai, in: id, decision: .approved, by: "ada", schema: schema)
        _ = try database.decide(span: document.spans[0].id, in: id, decision: .rejected, by: "ada", schema: schema)
        let stats = try database.reviewStats()
        #expect(stats.byReviewer.map(\.group) == ["ada", "bo"])
        #expect(stats.byReviewer[0].reviewed == 2 && stats.byReviewer[0].approved == 1 && stats.byReviewer[0].rejected == 1)
        #expect(stats.byReviewer[0].rated == 1, "two ratings of one span count one span rated")
        #expect(stats.byReviewer[1].rated == 1 && stats.byReviewer[1].reviewed == 0)
        #expect(stats.meanRatings.map { "\($0.dimension) \($0.mode) \($0.mean) \($0.count)" } == ["care ai 5.0 1", "honesty ai 3.0 2"])
        #expect(stats.activity.reduce(0) { $0 + $1.changes } == 5)
    }
}
