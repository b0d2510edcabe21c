import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// `m` says what it does: one key where the labels match, a choice of the two labels where they
/// differ, and on a banned-transition problem it joins the problem's two spans.
@Suite struct MergeScreenTests {
    static let turns = ImportHelpers.line(id: "m1", text: "<human>Hi there.</human> <human>Assistant: hello.</human> <ai>How can I help?</ai>")

    private func spans(_ app: TestApp) throws -> [Span] { try app.stored("m1").spans.map(\.span) }

    @Test func acrossLabelsTheReviewerChoosesTheMergedLabelOrCancels() throws {
        let app = try TestApp(lines: [Self.turns])
        app.type("<enter>jm")
        #expect(app.state.message?.text == "merge <human> with <ai> as: h human · a ai (esc cancels)")
        app.type("<esc>")
        #expect(app.state.message?.text == "cancelled")
        app.type("mq")
        #expect(app.state.message?.text == "the merged span can only be <human> or <ai>; cancelled")
        #expect(try spans(app).count == 3, "nothing was merged")
        app.type("ma")
        #expect(try spans(app) == [Span(start: 0, end: 9, label: "human"), Span(start: 10, end: 43, label: "ai")])
        #expect(try app.database.history(of: try app.stored("m1").record.id).last?.action == "merge")
        app.type("u")
        #expect(try spans(app).count == 3)
    }

    @Test func sameLabelsMergeWithOneKeyAndTheProblemSaysSo() throws {
        let app = try TestApp(lines: [Self.turns])
        app.type("<enter>e")
        #expect(app.state.message?.text == "problem 1 of 1: <human> followed by <human>: two human spans with only white space between; merge them (press m)")
        #expect(app.state.document?.current == 1)
        app.type("m")
        #expect(try spans(app) == [Span(start: 0, end: 27, label: "human"), Span(start: 28, end: 43, label: "ai")], "the problem's two spans, not the second with its next")
        #expect(app.screen.contains("no problems"))
    }
}
