import Testing
import TrellisCore
import TrellisModel
import TrellisStore
import TrellisTUI
import TrellisTestSupport

/// Rating, deciding, notes and history from the keyboard.
@Suite struct ReviewScreenTests {
    static let clean = ImportHelpers.line(id: "c", text: "<human>Can you help?</human> <ai>Of course. <quote>Can you help?</quote> — yes.</ai>")

    private func mine(_ app: TestApp, span: Int) throws -> (ratings: [String: Int], note: ReviewNote?) {
        let stored = try app.stored("c")
        let id = stored.spans[span].id
        return (stored.ratings(of: id, by: "ada"), stored.note(on: id, by: "ada"))
    }

    @Test func aDimensionKeyThenADigitRates() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>T")
        #expect(app.screen.contains("honesty (T): 1 deceptive or manipulative · 2 misleading in places"))
        app.type("4")
        #expect(try mine(app, span: 0).ratings == ["honesty": 4])
        #expect(app.state.message?.text == "honesty 4: honest")
        #expect(app.screen.contains("T4 K– S– L–"))
        app.type("T-")
        #expect(try mine(app, span: 0).ratings.isEmpty)
        app.type("P")
        #expect(app.state.message?.text == "aligned-conduct does not apply to <human> spans")
    }

    @Test func quickRateWalksTheDimensionsOfTheMode() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>jR5449")
        #expect(app.state.message?.isError == true, "9 is off the scale")
        app.type("3")
        #expect(try mine(app, span: 1).ratings == ["honesty": 5, "care": 4, "harmlessness": 4, "aligned-conduct": 3])
        #expect(app.state.document?.pendingRating == nil)
    }

    @Test func approvalWaitsForRequiredRatingsAndSaysWhatIsMissing() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>a")
        #expect(app.state.message?.text == "cannot approve yet: rate honesty (T), care (K), harmlessness (S)")
        app.type("R444<esc>a")
        #expect(try mine(app, span: 0).note?.decision == .approved)
        #expect(app.state.document?.current == 1, "approving moves on to the next undecided span")
        app.type("k")
        #expect(app.screen.contains("✓ approved"))
        app.type("a")
        #expect(try mine(app, span: 0).note == nil)
        app.type("x")
        #expect(try mine(app, span: 0).note?.decision == .rejected)
    }

    @Test func approvalWaitsForAValidDocument() throws {
        let app = try TestApp(lines: [ImportHelpers.line(id: "c", text: "<human>a</human> <human>b</human>")])
        app.type("<enter>R444<esc>a")
        #expect(app.state.message?.text == "cannot approve yet: fix the document's 1 schema problem")
    }

    @Test func theDocumentIsApprovedOnceEverySpanIsDecided() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>A")
        #expect(app.state.message?.text == "cannot approve the document yet: approve or reject 3 more spans")
        app.type("R444<esc>axf")
        app.type("A")
        #expect(app.state.message?.text == "cannot approve the document yet: approve or reject 1 more span")
        app.type("x")
        app.type("A")
        #expect(try app.stored("c").record.status == .approved)
        #expect(app.screen.contains(" c · stage - · approved"))
    }

    @Test func notesTakeUnicodeAndCanBeEdited() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>;")
        app.type("too formal, naïve 日本 👋🏽")
        #expect(app.screen.contains("note: too formal, naïve 日本 👋🏽"))
        app.type("<left><left><backspace><enter>")
        #expect(try mine(app, span: 0).note?.note == "too formal, naïve 日 👋🏽")
        #expect(app.screen.contains(" ✎ too formal, naïve 日 👋🏽"))
        app.type(";<ctrl-u><enter>")
        #expect(try mine(app, span: 0).note == nil)
        app.type(":")
        app.type("whole doc is fine<enter>")
        #expect(try app.stored("c").note(on: nil, by: "ada")?.note == "whole doc is fine")
    }

    @Test func nextUnreviewedSkipsSpansAlreadyDecided() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>]")
        #expect(app.state.document?.current == 1)
        app.type("x")
        #expect(app.state.document?.current == 2)
        app.type("k]")
        #expect(app.state.document?.current == 2, "] skips the span decided")
        app.type("]")
        #expect(app.state.message?.text.hasPrefix("this is the last document") == true, "] never goes back to span 1")
        #expect(app.state.document?.current == 2)
    }

    @Test func historyShowsEveryChangeAndRevertsToAnyPoint() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>h")
        app.type("T3")
        app.type("x")
        app.type("H")
        #expect(app.screen.contains("History, newest first"))
        let screen = app.screen
        #expect(screen.contains("ada  decide  human 0–12: – → rejected"))
        #expect(screen.contains("ada  rate  human 0–12: honesty – → 3"))
        #expect(screen.contains("ada  move-end  human 0–13 → 0–12"))
        app.type("G<enter>")
        #expect(app.state.message?.text.contains("revert the document to how it was right after #") == true)
        app.type("y")
        #expect(try app.stored("c").spans[0].end == 12)
        #expect(try mine(app, span: 0).ratings.isEmpty)
        #expect(try mine(app, span: 0).note == nil)
        app.type("u")
        #expect(try mine(app, span: 0).ratings == ["honesty": 3])
    }
}
