import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// While a document is reviewed independently and not yet adjudicated, a reviewer sees only
/// their own version: list row, title, span line, history; and `V` shows nothing to a reviewer
/// who may not adjudicate.
@Suite struct BlindReviewTests {
    static let line = ImportHelpers.line(id: "t", text: "<human>Can you help me? Please.</human> <ai>Yes. I will help you now.</ai>")


    private func listRow(_ app: TestApp) -> String {
        app.grid.text(row: try! #require(app.row(containing: " t ")))
    }

    @Test func theListAndTheTitleShowTheReviewersOwnStatusSpansAndProblems() throws {
        let database = try ReviewHelpers.teamDatabase([Self.line])
        // ada approves everything and the document, then leaves a problem in her version.
        let ada = try TestApp(lines: [], reviewer: "ada", database: database)
        ada.type("<enter>R4444ajR5555aA")
        #expect(ada.screen.contains("t · your version · stage - · approved"))
        ada.type("b")
        #expect(ada.screen.contains("1 problem"))
        ada.type("qc")
        #expect(listRow(ada).contains("approved    2     1"))

        let bo = try TestApp(lines: [], reviewer: "bo", database: database)
        #expect(listRow(bo).contains("unreviewed  2      "), "not ada's approval, nor her problem")
        #expect(!listRow(bo).contains("approved"))
        // Filters go by what the reviewer sees too.
        #expect(try database.documentCount(filter: DocumentFilter(onlyWithProblems: true), viewer: "ada") == 1)
        #expect(try database.documentCount(filter: DocumentFilter(onlyWithProblems: true), viewer: "bo") == 0)
        #expect(try database.documentPage(filter: DocumentFilter(status: .approved), limit: 10, viewer: "bo").isEmpty)
        #expect(try database.documentPage(filter: DocumentFilter(status: .approved), limit: 10, viewer: "lead").map(\.externalId) == ["t"])
        bo.type("<enter>")
        #expect(bo.grid.text(row: 0).contains("t · your version · stage - · unreviewed · 2 spans · no problems"))
        bo.type("s<enter>q")
        #expect(listRow(bo).contains("in-progress 3     1"), "his split left two human spans side by side")

        // Someone not reviewing it blind sees the shared version.
        let lead = try TestApp(lines: [], reviewer: "lead", database: database)
        #expect(listRow(lead).contains("approved    2      "))
    }

    @Test func theSpanLineAndTheHistoryShowNobodyElsesWork() throws {
        let database = try ReviewHelpers.teamDatabase([Self.line])
        let ada = try TestApp(lines: [], reviewer: "ada", database: database)
        ada.type("<enter>R4444a")
        let bo = try TestApp(lines: [], reviewer: "bo", database: database)
        bo.type("<enter>T3")
        // Another reviewer's rating of bo's own span (possible from the library) stays out of his sight.
        let boSpan = try #require(bo.state.document?.currentRecord?.id)
        _ = try database.rate(span: boSpan, in: try bo.stored("t").record.id!, dimension: "care", value: 1, by: "cy", schema: Fixtures.defaultSchema)
        bo.type("h")
        #expect(bo.screen.contains("T3 K– S– L–"))
        #expect(!bo.screen.contains("other"))
        bo.type("H")
        #expect(bo.screen.contains("bo  rate"))
        #expect(!bo.screen.contains("ada"))
        #expect(!bo.screen.contains("cy"))
        #expect(try database.history(of: try bo.stored("t").record.id!, viewer: "bo").allSatisfy { $0.reviewer == "bo" })
        #expect(try database.history(of: try bo.stored("t").record.id!, viewer: "lead").contains { $0.reviewer == "ada" })
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

        try database.setRole(.admin, of: "root")
        bo.type("V")
        #expect(bo.state.message?.text == "bo is a reviewer; only adjudicator or admin may adjudicate")
        #expect(bo.state.document?.adjudication == nil)
        try database.setRole(.adjudicator, of: "lead")
        let lead = try TestApp(lines: [], reviewer: "lead", database: database)
        lead.type("<enter>V")
        #expect(lead.screen.contains("── 1 ada"))
    }
}
