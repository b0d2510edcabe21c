import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// Moving the boundary between two touching spans with one key, and the cursor of split and
/// new span: where it starts and what it shows.
@Suite struct BoundaryAndCursorTests {
    /// The AI's sentence is cut in two: "let her" | "be cross".
    static let cut = ImportHelpers.line(id: "cut", text: "<ai>You could let her</ai> <human>be cross for a minute. I did.</human>")

    private func spans(_ app: TestApp, _ id: String = "cut") throws -> [Span] {
        try app.stored(id).spans.map(\.span)
    }

    @Test func oneKeyMovesTheEndAndTheNextStartTogether() throws {
        let app = try TestApp(lines: [Self.cut])
        app.type("<enter>=")
        #expect(app.screen.contains("span 1/2 · BOUNDARY │"))
        app.type("w")
        #expect(try spans(app) == [Span(start: 0, end: 20, label: "ai"), Span(start: 21, end: 47, label: "human")])
        app.type("2b")
        #expect(try spans(app) == [Span(start: 0, end: 13, label: "ai"), Span(start: 14, end: 47, label: "human")])
        app.type("l")
        #expect(try spans(app) == [Span(start: 0, end: 15, label: "ai"), Span(start: 15, end: 47, label: "human")])
        // White space at the boundary goes to neither span.
        app.type("h")
        #expect(try spans(app) == [Span(start: 0, end: 13, label: "ai"), Span(start: 14, end: 47, label: "human")])
        app.type(")")
        #expect(try spans(app) == [Span(start: 0, end: 40, label: "ai"), Span(start: 41, end: 47, label: "human")])
        let history = try app.database.history(of: try app.stored("cut").record.id)
        #expect(history.map(\.action) == Array(repeating: "move-boundary", count: 5))
        app.type("u")
        #expect(try spans(app) == [Span(start: 0, end: 13, label: "ai"), Span(start: 14, end: 47, label: "human")])
        // `=` again, or `o`, moves one edge again.
        app.type("=")
        #expect(app.screen.contains("span 1/2 · END │"))
        app.type("=o")
        #expect(app.screen.contains("span 1/2 · START │"))
    }

    @Test func theBoundaryRefusesSpansThatDoNotTouchOrWouldEmpty() throws {
        let app = try TestApp(lines: [DocumentEditingTests.stray, Self.cut])
        app.type("<enter>=l")
        #expect(app.state.message?.text == "cannot move-boundary: <ai> does not touch the next <human>: text lies between them")
        app.type("jh")
        #expect(app.state.message?.text == "cannot move-boundary: <human> has no next span at its level")
        app.type("}=3)")
        #expect(app.state.message?.text == "cannot move-boundary: the next <human> would be empty; delete it instead")
        #expect(try spans(app) == [Span(start: 0, end: 17, label: "ai"), Span(start: 18, end: 47, label: "human")])
    }

    @Test func splitShowsTheCursorsOffsetAndTheTextOnEachSide() throws {
        let app = try TestApp(lines: [DocumentEditingTests.dialogue])
        app.type("<enter>s")
        #expect(app.grid.text(row: 22) == " split at 13 · “Hello there. ▏How are you? I am well. Hello …”")
        app.type("b")
        #expect(app.grid.text(row: 22).hasPrefix(" split at 6 · “Hello ▏there. How"))
    }

    /// The new span's cursor starts where the reviewer is: the current span's moving edge, a
    /// search match jumped to, or the top of the page after scrolling away.
    @Test func aNewSpansCursorStartsWhereTheReviewerIs() throws {
        let app = try TestApp(lines: [DocumentEditingTests.dialogue, NavigationTests.long])
        app.type("<enter>i")
        #expect(app.state.document?.prompt?.cursor == 25)
        #expect(app.grid.text(row: 22).hasPrefix(" new span from 25 · “Hello there. How are you?▏ I am well."))
        app.type("<esc>/was<enter>i")
        #expect(app.state.document?.prompt?.cursor == 49)
        app.type("<enter>")
        #expect(app.grid.text(row: 22).hasPrefix(" new span 49–52 · “"))
        app.type("<esc>}<ctrl-d><ctrl-d>i")
        let cursor = try #require(app.state.document?.prompt?.cursor)
        #expect(app.state.document?.annotated.text(in: cursor..<(cursor + 16)) == "Sentence number ")
        #expect(cursor > 0)
    }
}
