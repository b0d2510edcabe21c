import Testing
import TrellisCore
import TrellisModel
import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// Deciding at Prodigy's pace: moving on after a decision, ignoring, rating and approving in two
/// keys, progress, and what a session did.
@Suite struct ReviewFlowTests {
    static let clean = ReviewScreenTests.clean
    static let second = ImportHelpers.line(id: "d", text: "<human>Hello.</human> <ai>Hi there.</ai>")
    static let third = ImportHelpers.line(id: "e", text: "<human>Bye.</human> <ai>Goodbye.</ai>")

    private func decision(_ app: TestApp, _ id: String, span: Int) throws -> Decision? {
        let stored = try app.stored(id)
        return stored.currentDecision(on: stored.spans[span].id, by: "ada")
    }

    @Test func decidingASpanMovesOnToTheNextUndecidedOne() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>R444<esc>a")
        #expect(try decision(app, "c", span: 0) == .approved)
        #expect(app.state.document?.current == 1)
        app.type("kjx")
        #expect(app.state.document?.current == 2)
        app.type("x")
        #expect(app.state.document?.current == 2)
        #expect(app.state.message?.text.hasPrefix("every span decided: A approves the document") == true)
        // Withdrawing and flagging stay where they are.
        app.type("x")
        #expect(try decision(app, "c", span: 2) == nil)
        #expect(app.state.document?.current == 2)
        app.type("gf")
        #expect(app.state.document?.current == 0)
    }

    @Test func movingOnIsASetting() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>")
        var state = app.state
        let (moving, _) = Reducer.reduce(state, .key(.character("x")))
        #expect(moving.landing != nil)
        state.autoAdvance = false
        let (staying, effects) = Reducer.reduce(state, .key(.character("x")))
        #expect(!effects.isEmpty)
        #expect(staying.landing == .span(try #require(app.state.document?.currentRecord?.id)), "the cursor stays on the span")
    }

    @Test func aDigitAfterVRatesEveryDimensionAndApprovesInTwoKeys() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>v")
        #expect(app.screen.contains("honesty (T)"))
        app.type("4")
        let stored = try app.stored("c")
        #expect(stored.ratings(of: stored.spans[0].id, by: "ada") == ["honesty": 4, "care": 4, "harmlessness": 4, "human-realism": 4])
        #expect(try decision(app, "c", span: 0) == .approved)
        #expect(app.state.document?.current == 1)
        #expect(app.state.message?.text == "rated 4 on T K S L and approved")
        app.type("v9")
        #expect(app.state.message?.isError == true)
        app.type("<esc>")
        #expect(try decision(app, "c", span: 1) == nil)
    }

    @Test func nextUndecidedGoesOnToTheNextDocumentWithOneAndNeverWraps() throws {
        let app = try TestApp(lines: [Self.clean, Self.second, Self.third])
        // d is decided already: ] skips it.
        app.type("j<enter>xx")
        #expect(try decision(app, "d", span: 1) == .rejected)
        app.type("q")
        app.type("k<enter>G]")
        #expect(app.state.document?.stored.record.externalId == "e", "span 1 of c is undecided, but ] goes on, never back")
        #expect(app.state.document?.current == 0)
        app.type("xx]")
        #expect(app.state.document?.stored.record.externalId == "e")
        #expect(app.state.message?.isError == true)
    }

    @Test func ignoreMovesOnWithoutDeciding() throws {
        let app = try TestApp(lines: [Self.clean, Self.second])
        app.type("<enter>I")
        #expect(app.state.document?.stored.record.externalId == "d")
        #expect(try app.stored("c").notes.isEmpty)
    }

    @Test func decidingTheDocumentOpensTheNextOneWithWorkLeft() throws {
        let app = try TestApp(lines: [Self.second, Self.third])
        app.type("<enter>v4v4")
        #expect(app.state.document?.stored.record.externalId == "d")
        app.type("A")
        #expect(try app.stored("d").note(on: nil, by: "ada")?.decision == .approved)
        #expect(app.state.document?.stored.record.externalId == "e")
        #expect(app.state.document?.current == 0)
    }

    @Test func theTitleSaysHowManySpansAreDecided() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>")
        #expect(app.grid.text(row: 0).contains("0/3 decided"))
        app.type("x")
        #expect(app.grid.text(row: 0).contains("1/3 decided"))
    }

    @Test func theSessionIsSummedUp() throws {
        let app = try TestApp(lines: [Self.second])
        app.type("<enter>v4xAjhu")
        #expect(app.runtime.summary.report(seconds: 65) == "this session: 1 document and 2 spans decided, 2 edits, 4 ratings in 1 min 5 s")
    }

    @Test func theListHeaderShowsWhatIsLeft() throws {
        let app = try TestApp(lines: [Self.clean, Self.second], cols: 120)
        #expect(app.grid.text(row: 0).hasSuffix("decided 0/2 documents · 0/5 spans ▕░░░░░░░░░░▏ 0%"))
        app.type("<enter>xxxq")
        #expect(app.grid.text(row: 0).hasSuffix("decided 0/2 documents · 3/5 spans ▕██████░░░░▏ 60%"))
        let narrow = try TestApp(lines: [], cols: 80, database: app.database)
        narrow.type("q")
        #expect(narrow.grid.text(row: 0).hasSuffix("3/5 spans ▕███░░░▏ 60%"))
    }
}
