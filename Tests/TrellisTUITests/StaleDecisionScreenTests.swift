import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// Decisions made on an earlier state of a span or document, on the review screen.
@Suite struct StaleDecisionScreenTests {
    static let bike = ImportHelpers.line(
        id: "bike", text: "<human>My daughter fell off her bike.</human> <ai>Falling is how balance gets learned, and she will get there herself.</ai>")
    static let quoted = ImportHelpers.line(id: "c", text: "<human>Can you help?</human> <ai>Of course. <quote>Can you help?</quote> — yes.</ai>")

    private func export(_ app: TestApp, _ format: ExportFormat) throws -> ExportSummary {
        let directory = try TemporaryDirectory()
        let (summary, problems) = try ExportHelpers.export(app.database, format, to: directory.path("out"))
        #expect(problems.isEmpty)
        return summary
    }

    /// Issue 14's report: approve both spans, move the ai span's end one word left.
    @Test func movingABoundaryShowsTheApprovalAsChangedSinceAndUndoRestoresIt() throws {
        let app = try TestApp(lines: [Self.bike])
        app.type("<enter>R444<esc>aR4444aA")
        #expect(try app.stored("bike").record.status == .approved)
        #expect(try export(app, .train).records == 1)

        // The cursor stays on the last span decided; j keeps it there.
        app.type("jb")
        #expect(app.screen.contains("T4* K4* S4* P4* ✓ approved · changed since"))
        #expect(app.screen.contains(" bike · stage - · your ✓ changed since · 1/2 decided · 1 problem"))
        app.type("y")
        #expect(app.state.message?.text == "cannot re-confirm the approval: fix the document's 1 schema problem")
        app.type("k]")
        #expect(app.state.document?.current == 1, "] goes to the span whose decision is stale")

        let eval = try export(app, .eval)
        #expect(eval.goldSpans == 1)
        #expect(eval.excluded == ["changed-since-decision": 1])
        let train = try export(app, .train)
        #expect(train.records == 0)
        #expect(train.excluded == ["changed-since-decision": 1, "document-changed-since-decision": 1])

        app.type("u")
        #expect(app.screen.contains("T4 K4 S4 P4 ✓ approved"))
        #expect(!app.screen.contains("changed since"))
        #expect(try app.stored("bike").record.status == .approved)
        #expect(try export(app, .train).records == 1)
    }

    @Test func oneKeyReconfirmsASpanAndOneTheDocument() throws {
        let app = try TestApp(lines: [Self.quoted])
        app.type("<enter>R444<esc>aR4444aR4444aA")
        app.type("y")
        #expect(app.state.message?.text == "your judgement of this span is current: nothing to re-confirm")
        // Deleting the quote changes the ai span it was nested in, and the document.
        app.type("Gdgj")
        #expect(app.screen.contains("✓ approved · changed since"))
        #expect(app.screen.contains(" c · stage - · your ✓ changed since · 1/2 decided · no problems"))
        app.type("y")
        #expect(app.state.message?.text == "approved re-confirmed for the span as it is now")
        #expect(app.screen.contains("T4 K4 S4 P4 ✓ approved"))
        #expect(!app.screen.contains("✓ approved · changed since"))
        app.type("Y")
        #expect(app.state.message?.text == "document approved re-confirmed as it is now")
        #expect(!app.screen.contains("changed since"))
        #expect(try app.stored("c").record.status == .approved)
        #expect(try export(app, .train).records == 1)
        app.type("Y")
        #expect(app.state.message?.text == "your decision on this document is current: nothing to re-confirm")
        #expect(try app.database.history(of: app.stored("c").record.id).map(\.action).suffix(3) == ["delete", "reconfirm", "reconfirm-document"])
    }

    @Test func approvingAgainAfterAChangeApprovesTheNewStateInsteadOfWithdrawing() throws {
        let app = try TestApp(lines: [Self.quoted])
        app.type("<enter>jR4444a")
        app.type("jdgj")
        #expect(app.screen.contains("✓ approved · changed since"))
        app.type("a")
        #expect(app.screen.contains("T4 K4 S4 P4 ✓ approved"))
        #expect(!app.screen.contains("changed since"))
        app.type("a")
        #expect(!app.screen.contains("✓ approved"), "again withdraws")
    }
}
