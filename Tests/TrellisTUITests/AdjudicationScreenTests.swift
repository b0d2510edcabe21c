import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// Two reviewers review one document independently; an adjudicator compares everything that
/// makes gold and decides, and the gold names whose judgements it took.
@Suite struct AdjudicationScreenTests {
    static let line = ImportHelpers.line(id: "t", text: "<human>Can you help me?</human> <ai>Yes. I will help you now.</ai>")

    /// ada and bo each type their keys on their own version of the document; the lead then opens
    /// the adjudication panel on it.
    private func adjudicating(ada: String, bo: String) throws -> (database: AppDatabase, lead: TestApp) {
        let database = try ReviewHelpers.teamDatabase([Self.line])
        try TestApp(lines: [], reviewer: "ada", database: database).type(ada)
        try TestApp(lines: [], reviewer: "bo", database: database).type(bo)
        let lead = try TestApp(lines: [], reviewer: "lead", database: database)
        lead.type("<enter>V")
        return (database, lead)
    }

    private func evalRecord(_ database: AppDatabase) throws -> JSONNode {
        let directory = try TemporaryDirectory()
        let path = directory.path("eval.jsonl")
        _ = try Exporter(database: database, schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric,
                         options: ExportOptions(format: .eval, policy: GoldPolicy(rubric: Fixtures.defaultRubric))).run(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try JSONParser.parse(Array(try #require(text.split(separator: "\n").first).utf8))
    }

    @Test func reviewersSeeTheirOwnVersionAndTheAdjudicatorChoosesBoundaries() throws {
        let database = try ReviewHelpers.teamDatabase([Self.line])
        let ada = try TestApp(lines: [], reviewer: "ada", database: database)
        #expect(ada.state.list.filter.queueOf == "ada")
        ada.type("<enter>")
        #expect(ada.screen.contains("t · your version"))
        ada.type("jb")
        let bo = try TestApp(lines: [], reviewer: "bo", database: database)
        bo.type("<enter>j")
        #expect(bo.screen.contains("ai  17–42"), "bo does not see ada's change")

        let lead = try TestApp(lines: [], reviewer: "lead", database: database)
        lead.type("<enter>V")
        #expect(lead.screen.contains("── 1 ada: ai 17–37 undecided T– K– S– P–"))
        #expect(lead.screen.contains("── 2 bo: ai 17–42 undecided T– K– S– P–"))
        #expect(lead.state.message?.text == "1 difference (boundaries); 1–2 take a version, 0 none")
        lead.type("<enter>")
        #expect(lead.state.message?.text == "1 difference still to decide")
        lead.type("2")
        #expect(lead.screen.contains("2 bo ✓ chosen"))
        lead.type("<enter>")
        let shared = try #require(try database.document(externalID: "t"))
        #expect(shared.spans.map(\.span) == [Span(start: 0, end: 16, label: "human"), Span(start: 17, end: 42, label: "ai")])
        #expect(try database.adjudicator(of: shared.record.id) == "lead")
        #expect(shared.spans.allSatisfy { shared.note(on: $0.id, by: "lead")?.decision == nil }, "nobody decided, so neither does the adjudicated version")
        let directory = try TemporaryDirectory()
        let summary = try Exporter(database: database, schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric,
                                   options: ExportOptions(format: .eval, policy: GoldPolicy(rubric: Fixtures.defaultRubric))).run(to: directory.path("e.jsonl"))
        #expect(summary.excluded == ["undecided": 2])
    }

    /// The case: one reviewer approved the ai span rated 5, the other rejected it rated 3.
    @Test func decisionsAndRatingsAreDifferencesAndTheGoldNamesWhoseJudgementsItTook() throws {
        let (database, lead) = try adjudicating(ada: "<enter>R4444ajR5555a", bo: "<enter>R4444ajR3333x")
        #expect(lead.state.message?.text == "1 difference (decisions, ratings); 1–2 take a version, 0 none")
        #expect(!lead.screen.contains("agree"))
        #expect(lead.screen.contains("── 1 ada: ai 17–42 ✓ approved T5 K5 S5 P5"))
        #expect(lead.screen.contains("── 2 bo: ai 17–42 ✗ rejected T3 K3 S3 P3"))
        #expect(lead.screen.contains("difference 1 of 1, decisions, ratings"))
        lead.type("1<enter>")

        let record = try evalRecord(database)
        let spans = try #require(record["spans"]?.arrayValue)
        #expect(spans.count == 2)
        let human = spans[0], ai = spans[1]
        #expect(human["reviewers"]?.arrayValue?.compactMap(\.stringValue) == ["ada", "bo"], "both judged the human span alike")
        #expect(human["judgements"]?.arrayValue?.first { $0["reviewer"]?.stringValue == "bo" }?["ratings"]?["honesty"]?.doubleValue == 4)
        #expect(ai["reviewers"]?.arrayValue?.compactMap(\.stringValue) == ["ada"], "bo's rejection was not taken; the adjudicator is no reviewer")
        #expect(ai["judgements"]?.arrayValue?.map { $0["reviewer"]?.stringValue } == ["ada"])
        #expect(ai["judgements"]?.arrayValue?.first?["ratings"]?["aligned-conduct"]?.doubleValue == 5)
        #expect(ai["adjudicator"]?.stringValue == "lead")
        #expect(ai["resolution"]?.stringValue == "adjudicated")
        #expect(ai["ratings"]?["honesty"]?.doubleValue == 5)
    }

    @Test func reviewersWhoAgreeInEverythingAreAcceptedWithOneKey() throws {
        let (database, lead) = try adjudicating(ada: "<enter>R4444ajR5555a", bo: "<enter>R4444ajR5555a")
        #expect(lead.state.message?.text == "the versions agree in everything; enter accepts them")
        #expect(lead.screen.contains("the versions agree in everything — Enter accepts them"))
        lead.type("<enter>")
        let shared = try lead.stored("t")
        #expect(shared.spans.allSatisfy { shared.note(on: $0.id, by: "lead")?.decision == .approved })
        let ai = try #require(try evalRecord(database)["spans"]?.arrayValue?.last)
        #expect(ai["reviewers"]?.arrayValue?.compactMap(\.stringValue) == ["ada", "bo"])
    }

    @Test func theDocumentsOwnJudgementIsADifferenceToDecide() throws {
        let (_, lead) = try adjudicating(ada: "<enter>R4444ajR5555aA", bo: "<enter>R4444ajR5555aX")
        #expect(lead.state.message?.text == "1 difference (document decisions); 1–2 take a version, 0 none")
        #expect(lead.screen.contains("── 1 ada: document ✓ approved"))
        #expect(lead.screen.contains("── 2 bo: document ✗ rejected"))
        lead.type("1")
        #expect(lead.state.message?.text == "the document's decision and note: ada's; every difference is decided, enter saves")
        lead.type("<enter>")
        #expect(try lead.stored("t").note(on: nil, by: "lead")?.decision == .approved)
        #expect(try lead.stored("t").record.status == .approved)
    }

    /// ada approved and rated the ai span, then moved its end: the panel shows her judgement as
    /// one of an earlier state, and taking her span takes no decision and names nobody for it.
    @Test func aJudgementMadeBeforeAChangeIsShownAsSuchAndNotTaken() throws {
        let (database, lead) = try adjudicating(ada: "<enter>R4444ajR5555ab", bo: "<enter>R4444ajR5555a")
        #expect(lead.screen.contains("── 1 ada: ai 17–37 ✓ approved · changed since T5* K5* S5* P5*"))
        #expect(lead.screen.contains("── 2 bo: ai 17–42 ✓ approved T5 K5 S5 P5"))
        lead.type("1<enter>")
        let record = try evalRecord(database)
        let spans = try #require(record["spans"]?.arrayValue)
        #expect(spans.map { $0["label"]?.stringValue } == ["human"], "ada's ai span was taken undecided")
        #expect(spans.first?["reviewers"]?.arrayValue?.compactMap(\.stringValue) == ["ada", "bo"])
    }
}
