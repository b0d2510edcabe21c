import Foundation
import Testing
import TrellisCore
import TrellisModel
import TrellisStore
import TrellisTestSupport

/// A decision binds to the state it was made on: any change to that state makes it stale (not
/// gold, shown, re-confirmable), and undoing the change brings it back.
@Suite struct StaleDecisionTests {
    let directory: TemporaryDirectory
    let database: AppDatabase
    let schema = Fixtures.defaultSchema
    static let bike = ImportHelpers.line(
        id: "bike", text: "<human>My daughter fell off her bike.</human> <ai>Falling is how balance gets learned, and she will get there herself.</ai>", stage: 1)
    static let quoted = ImportHelpers.line(
        id: "quoted", text: "<human>I hate him.</human> <ai>You wrote <quote>I hate him</quote>, and I hear how hurt you are.</ai>", stage: 2)

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines([Self.bike, Self.quoted], into: database, in: directory)
    }

    private func export(_ format: ExportFormat, _ name: String) throws -> (ExportSummary, String) {
        let path = directory.path(name)
        let (summary, problems) = try ExportHelpers.export(database, format, to: path)
        #expect(problems.isEmpty)
        return (summary, path)
    }

    private func stored(_ id: String, by reviewer: String = "ada") throws -> StoredDocument {
        try database.workingDocument(id: try #require(try database.document(externalID: id)).record.id, for: reviewer)!
    }

    /// The case reported in issue 14: both spans approved, then the ai span's end moved one word left.
    @Test func movingABoundaryAfterApprovalMakesTheApprovalStaleAndUndoBringsItBack() throws {
        try ReviewHelpers.judgeAll("bike", in: database, by: "ada")
        try ReviewHelpers.decideDocument("bike", in: database, by: "ada")
        #expect(try export(.train, "before.jsonl").0.records == 1)

        let edited = try ReviewHelpers.edit("bike", .moveEdge(span: 1, edge: .end, direction: .backward, unit: .word), in: database, by: "bo")
        let ai = try #require(edited.spans[1].id), human = try #require(edited.spans[0].id)
        let after = try stored("bike")
        #expect(after.currentDecision(on: ai, by: "ada") == nil)
        #expect(after.note(on: ai, by: "ada")?.decision == .approved, "the decision is kept")
        #expect(after.ratingsBeforeChange(of: ai, by: "ada") == ["honesty", "care", "harmlessness", "aligned-conduct"])
        #expect(after.currentDecision(on: human, by: "ada") == .approved, "the other span did not change")
        #expect(after.currentDecision(on: nil, by: "ada") == nil, "the document changed too")
        #expect(after.record.status == .inProgress)

        let (eval, evalPath) = try export(.eval, "eval.jsonl")
        #expect(eval.goldSpans == 1)
        #expect(eval.excluded == ["changed-since-decision": 1, "undecided": 3])
        #expect(try String(contentsOfFile: evalPath, encoding: .utf8).contains("\"label\":\"human\""))
        let (train, trainPath) = try export(.train, "train.jsonl")
        #expect(train.records == 0)
        #expect(train.excluded == ["changed-since-decision": 1, "document-changed-since-decision": 1, "undecided": 3])
        #expect(try String(contentsOfFile: trainPath, encoding: .utf8).isEmpty)

        let undone = try #require(try database.undo(in: after.record.id, by: "bo", schema: schema))
        #expect(undone.document.record.status == .approved)
        let restored = try stored("bike")
        #expect(restored.currentDecision(on: ai, by: "ada") == .approved)
        #expect(restored.ratingsBeforeChange(of: ai, by: "ada").isEmpty)
        #expect(try export(.eval, "undone.jsonl").0.goldSpans == 2)
        #expect(try export(.train, "undone-train.jsonl").0.records == 1)
    }

    @Test func everyKindOfChangeToASpanOrWhatIsNestedInItMakesItsDecisionsStale() throws {
        let edits: [(SpanEdit, stale: Set<String>)] = [
            (.relabel(span: 0, label: "ai"), ["human"]),
            (.moveEdge(span: 0, edge: .start, direction: .forward, unit: .word), ["human"]),
            (.split(span: 1, at: 36), ["ai"]),
            (.delete(span: 2), ["ai"]),
            (.insert(range: 40..<44, label: "quote"), ["ai"]),
            (.moveEdge(span: 2, edge: .end, direction: .backward, unit: .character), ["ai", "quote"]),
        ]
        for (edit, stale) in edits {
            try ReviewHelpers.judgeAll("quoted", in: database, by: "ada")
            let before = try stored("quoted")
            let labels = Dictionary(uniqueKeysWithValues: before.spans.map { ($0.id, $0.label) })
            try ReviewHelpers.edit("quoted", edit, in: database, by: "bo")
            let after = try stored("quoted")
            let staleNow = Set(after.spans.filter { span in
                after.note(on: span.id, by: "ada") != nil && after.currentDecision(on: span.id, by: "ada") == nil
            }.map { labels[$0.id]! })
            #expect(staleNow == stale, "\(edit)")
            _ = try database.undo(in: after.record.id, by: "bo", schema: schema)
            let undone = try stored("quoted")
            #expect(undone.spans.allSatisfy { undone.currentDecision(on: $0.id, by: "ada") == .approved }, "undoing \(edit)")
        }
    }

    @Test func aDocumentApprovedInAnEarlierStateIsNoWholeRecordUntilReconfirmed() throws {
        try ReviewHelpers.judgeAll("quoted", in: database, by: "ada")
        try ReviewHelpers.decideDocument("quoted", in: database, by: "ada")
        #expect(try export(.train, "approved.jsonl").0.records == 1)
        // A new quote inside the ai span: every span approved again, the document not.
        try ReviewHelpers.edit("quoted", .insert(range: 40..<44, label: "quote"), in: database, by: "bo")
        try ReviewHelpers.judgeAll("quoted", in: database, by: "ada")
        let (stale, _) = try export(.train, "stale.jsonl")
        #expect(stale.records == 0)
        #expect(stale.excluded["document-changed-since-decision"] == 4)
        let document = try stored("quoted")
        #expect(document.record.status == .inProgress)
        let confirmed = try database.reconfirm(document: document.record.id, by: "ada", schema: schema)
        #expect(confirmed.record.status == .approved)
        #expect(try export(.train, "confirmed.jsonl").0.records == 1)
    }

    @Test func reconfirmingBindsTheDecisionAndRatingsToTheSpanAsItIsNow() throws {
        try ReviewHelpers.judgeAll("bike", in: database, by: "ada")
        let edited = try ReviewHelpers.edit("bike", .moveEdge(span: 1, edge: .end, direction: .backward, unit: .word), in: database, by: "ada")
        let documentID = edited.record.id, ai = edited.spans[1].id
        let confirmed = try database.reconfirm(span: ai, in: documentID, by: "ada", schema: schema)
        #expect(confirmed.currentDecision(on: ai, by: "ada") == .approved)
        #expect(confirmed.ratingsBeforeChange(of: ai, by: "ada").isEmpty)
        let span = edited.spans[1], name = "\(span.label) \(span.start)–\(span.end)"
        #expect(try database.history(of: documentID).last?.summary == "\(name): ratings re-confirmed; \(name): approved re-confirmed")
        #expect(try export(.eval, "eval.jsonl").0.goldSpans == 2)
        let entries = try database.history(of: documentID).count
        _ = try database.reconfirm(span: ai, in: documentID, by: "ada", schema: schema)
        #expect(try database.history(of: documentID).count == entries, "nothing to re-confirm: no history")
        // Undo takes the re-confirmation back; the approval is stale again.
        let undone = try #require(try database.undo(in: documentID, by: "ada", schema: schema))
        #expect(undone.action == "reconfirm")
        #expect(undone.document.currentDecision(on: ai, by: "ada") == nil)
    }

    @Test func ratingsGivenBeforeAChangeAreKeptMarkedAndBoundAgainByADecision() throws {
        let document = try stored("bike")
        let ai = document.spans[1].id
        for dimension in Fixtures.defaultRubric.dimensions(for: "ai") {
            _ = try database.rate(span: ai, in: document.record.id, dimension: dimension.name, value: 5, by: "ada", schema: schema)
        }
        try ReviewHelpers.edit("bike", .moveEdge(span: 1, edge: .start, direction: .forward, unit: .word), in: database, by: "bo")
        var now = try stored("bike")
        #expect(now.ratings(of: ai, by: "ada").values.allSatisfy { $0 == 5 })
        #expect(now.ratingsBeforeChange(of: ai, by: "ada").count == 4)
        now = try database.decide(span: ai, in: document.record.id, decision: .approved, by: "ada", schema: schema)
        #expect(now.ratingsBeforeChange(of: ai, by: "ada").isEmpty, "approving the span as it is now stands by the ratings shown")
        #expect(try export(.eval, "eval.jsonl").0.goldSpans == 1)
    }

    @Test func aReimportMakesDocumentDecisionsStale() throws {
        try ReviewHelpers.judgeAll("bike", in: database, by: "ada")
        let approved = try ReviewHelpers.decideDocument("bike", in: database, by: "ada")
        #expect(approved.record.status == .approved)
        let changed = ImportHelpers.line(id: "bike", text: "<human>My son fell off his bike.</human> <ai>Falling is how balance gets learned.</ai>", stage: 1)
        _ = try ImportHelpers.importLines([changed], into: database, in: directory, name: "changed.jsonl", options: ImportOptions(onChanged: .replace))
        let after = try stored("bike")
        #expect(after.record.status == .inProgress)
        #expect(after.note(on: nil, by: "ada")?.decision == .approved)
        #expect(after.currentDecision(on: nil, by: "ada") == nil)
        #expect(after.spans.allSatisfy { after.note(on: $0.id, by: "ada") == nil }, "the new spans were never judged")
        #expect(try export(.eval, "eval.jsonl").0.goldSpans == 0)
    }

    @Test func anAdjudicationIsTheAdjudicatorsApprovalOfWhatTheyChoseAndLaterChangesMakeItStale() throws {
        _ = try database.setRole(.adjudicator, of: "judy", by: nil)
        try ReviewHelpers.judgeAll("bike", in: database, by: "ada")
        let document = try stored("bike")
        let chosen = document.spans.map { span in
            AdjudicatedSpan(span: span.span, ratings: Dictionary(uniqueKeysWithValues: Fixtures.defaultRubric.dimensions(for: span.label).map { ($0.name, 4) }))
        }
        let adjudicated = try database.adjudicate(document: document.record.id, version: AdjudicatedVersion(spans: chosen, documentDecision: "approved"),
                                                  by: "judy", schema: schema)
        #expect(adjudicated.record.status == .approved)
        #expect(adjudicated.spans.allSatisfy { adjudicated.currentDecision(on: $0.id, by: "judy") == .approved })
        #expect(adjudicated.currentDecision(on: nil, by: "judy") == .approved)
        let (train, _) = try export(.train, "train.jsonl")
        #expect(train.records == 1)
        #expect(train.resolutions == ["adjudicated": 2])

        try ReviewHelpers.edit("bike", .moveEdge(span: 0, edge: .end, direction: .backward, unit: .word), in: database, by: "ada")
        let (eval, _) = try export(.eval, "eval.jsonl")
        #expect(eval.goldSpans == 1)
        #expect(eval.excluded == ["changed-since-decision": 1, "undecided": 3])
        #expect(try export(.train, "after.jsonl").0.records == 0)
    }
}
