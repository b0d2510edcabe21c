import Testing
import TrellisCore
import TrellisModel
import TrellisStore
import TrellisTUI
import TrellisTestSupport

/// While a document is reviewed independently and not yet adjudicated, a reviewer sees only
/// their own version: list row, title, span line, history; and `V` shows nothing to a reviewer
/// who may not adjudicate.
@Suite struct BlindReviewTests {
    static let line = ImportHelpers.line(id: "t", text: "<human>Can you help me? Please.</human> <ai>Yes. I will help you now.</ai>")

    private func listRow(_ app: TestApp) throws -> String {
        app.grid.text(row: try #require(app.row(containing: " t ")))
    }

    @Test func theListAndTheTitleShowTheReviewersOwnStatusSpansAndProblems() throws {
        let database = try ReviewHelpers.teamDatabase([Self.line])
        // ada approves everything and the document.
        let ada = try TestApp(lines: [], reviewer: "ada", database: database)
        ada.type("<enter>R4444aR5555aA")
        #expect(ada.screen.contains("t · your version · stage - · approved"))
        ada.type("qc")
        #expect(try listRow(ada).contains("approved    2      "))

        let bo = try TestApp(lines: [], reviewer: "bo", database: database)
        #expect(try listRow(bo).contains("unreviewed  2      "), "not ada's approval")
        #expect(try database.documentPage(filter: DocumentFilter(status: .approved), limit: 10, viewer: "bo").isEmpty)
        #expect(try database.documentPage(filter: DocumentFilter(status: .approved), limit: 10, viewer: "lead").map(\.externalId) == ["t"])
        // Someone not reviewing it blind sees the shared version.
        let lead = try TestApp(lines: [], reviewer: "lead", database: database)
        #expect(try listRow(lead).contains("approved    2      "))

        // Then she leaves a problem in her version: her approval of the document is of an earlier state.
        ada.type("<enter>jb")
        #expect(ada.screen.contains("t · your version · stage - · your ✓ changed since · 1/2 decided · 1"))
        ada.type("qc")
        #expect(try listRow(ada).contains("in-progress 2     1"))
        #expect(try listRow(TestApp(lines: [], reviewer: "bo", database: database)).contains("unreviewed  2      "), "nor her problem")
        // Filters go by what the reviewer sees too.
        #expect(try database.documentCount(filter: DocumentFilter(onlyWithProblems: true), viewer: "ada") == 1)
        #expect(try database.documentCount(filter: DocumentFilter(onlyWithProblems: true), viewer: "bo") == 0)
        bo.type("<enter>")
        #expect(bo.grid.text(row: 0).contains("t · your version · stage - · unreviewed · 0/2 decided · no problems"))
        bo.type("s<enter>q")
        #expect(try listRow(bo).contains("in-progress 3     1"), "his split left two human spans side by side")
    }

    @Test func theSpanLineAndTheHistoryShowNobodyElsesWork() throws {
        let database = try ReviewHelpers.teamDatabase([Self.line])
        let ada = try TestApp(lines: [], reviewer: "ada", database: database)
        ada.type("<enter>R4444a")
        let bo = try TestApp(lines: [], reviewer: "bo", database: database)
        bo.type("<enter>T3")
        // Another reviewer's rating of bo's own span (possible from the library) stays out of his sight.
        let boSpan = try #require(bo.state.document?.currentRecord?.id)
        _ = try database.rate(span: boSpan, in: try bo.stored("t").record.id, dimension: "care", value: 1, by: "cy", schema: Fixtures.defaultSchema)
        bo.type("h")
        #expect(bo.screen.contains("T3* K– S– L– · changed"), "his own rating, given before he moved the edge, marked as such")
        #expect(!bo.screen.contains("other"))
        bo.type("H")
        #expect(bo.screen.contains("bo  rate"))
        #expect(!bo.screen.contains("ada"))
        #expect(!bo.screen.contains("cy"))
        #expect(try database.history(of: try bo.stored("t").record.id, viewer: "bo").allSatisfy { $0.reviewer == "bo" })
        #expect(try database.history(of: try bo.stored("t").record.id, viewer: "lead").contains { $0.reviewer == "ada" })
    }

    @Test func vIsRefusedBeforeAnythingIsShownToAReviewerWhoMayNotAdjudicate() throws {
        let database = try ReviewHelpers.teamDatabase([Self.line])
        try TestApp(lines: [], reviewer: "ada", database: database).type("<enter>jb")
        let bo = try TestApp(lines: [], reviewer: "bo", database: database)
        bo.type("<enter>V")
        #expect(bo.state.message?.text == "bo reviews this blind, so may not adjudicate it")
        #expect(bo.state.document?.adjudication == nil)
        #expect(bo.screen.contains("bo reviews this blind, so may not adjudicate it"))
        #expect(!bo.screen.contains("── 1 ada"))

        try database.setRole(.admin, of: "root", by: nil)
        bo.type("V")
        #expect(bo.state.message?.text == "bo is a reviewer; only adjudicator or admin may adjudicate")
        #expect(bo.state.document?.adjudication == nil)
        try database.setRole(.adjudicator, of: "lead", by: "root")
        let lead = try TestApp(lines: [], reviewer: "lead", database: database)
        lead.type("<enter>V")
        #expect(lead.screen.contains("── 1 ada"))
    }
}
