import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// Two reviewers review one document independently; an adjudicator compares and decides.
@Suite struct AdjudicationScreenTests {
    static let line = ImportHelpers.line(id: "t", text: "<human>Can you help me?</human> <ai>Yes. I will help you now.</ai>")

    @Test func reviewersSeeTheirOwnVersionAndTheAdjudicatorChooses() throws {
        let database = try AppDatabase.inMemory()
        let directory = try TemporaryDirectory()
        _ = try ImportHelpers.importLines([Self.line], into: database, in: directory)
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 1), by: "lead")

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
        #expect(lead.screen.contains("── 1 ada"))
        #expect(lead.screen.contains("── 2 bo"))
        #expect(lead.state.message?.text == "1 difference: choose a version for each (1–2, 0 for none)")
        lead.type("<enter>")
        #expect(lead.state.message?.text == "1 difference still to decide")
        lead.type("2")
        #expect(lead.screen.contains("2 bo ✓ chosen"))
        lead.type("<enter>")
        let shared = try #require(try database.document(externalID: "t"))
        #expect(shared.spans.map(\.span) == [Span(start: 0, end: 16, label: "human"), Span(start: 17, end: 42, label: "ai")])
        #expect(try database.adjudicator(of: shared.record.id!) == "lead")
        #expect(shared.spans.allSatisfy { shared.note(on: $0.id, by: "lead")?.decision == .approved })
    }
}
