import Testing
import TrellisCore
import TrellisModel
import TrellisTestSupport
import TrellisTUI

/// `e` and `E` on a long document go to the next or previous schema problem anywhere in it, not
/// just in the window shown: the windows beyond are read and validated one at a time while no key
/// waits, round the document's ends. The fake cuts small windows (more than 40 spans, 10
/// top-level spans each side) of a dialogue with problems planted far apart.
@Suite struct LongDocumentProblemTests {
    static let line = LongDocumentGenerator.line(id: "long", spans: 400)

    private func app(_ line: String = Self.line) throws -> FakeApp {
        FakeApp.opened(try FakeStore.smallWindows([line]))
    }

    /// The whole document's problems, where they lie, in order.
    private var problems: [Range<Int>] {
        get throws {
            try Validator(schema: Fixtures.defaultSchema).violations(in: ModelFixtures.input(Self.line).annotated).map(\.range)
        }
    }

    private func focus(_ app: FakeApp) -> Range<Int>? {
        guard let document = app.state.document, let focus = document.problemFocus, document.violations.indices.contains(focus) else { return nil }
        let range = document.violations[focus].range
        return (document.base + range.lowerBound)..<(document.base + range.upperBound)
    }

    @Test func eAndEWalkEveryProblemOfTheDocumentRoundItsEnds() throws {
        let app = try app()
        let problems = try problems
        #expect(problems.count >= 4)
        let first = try #require(app.state.document?.stored.window)
        #expect(problems.allSatisfy { $0.lowerBound > first.text.upperBound }, "no problem in the first window")
        #expect(app.state.document?.violations.isEmpty == true)
        for (index, problem) in problems.enumerated() {
            app.type("e")
            #expect(focus(app) == problem, "e reaches problem \(index + 1) of the document")
            #expect(app.screen.contains("problem "))
        }
        app.type("e")
        #expect(focus(app) == problems.first, "e goes round the end")
        #expect(app.screen.contains("(from the top)"))
        app.type("E")
        #expect(focus(app) == problems.last, "E goes round the start")
        #expect(app.screen.contains("(from the bottom)"))
        for problem in problems.reversed().dropFirst() {
            app.type("E")
            #expect(focus(app) == problem)
        }
        // From a span, e goes to the first problem after it.
        app.type("g")
        for _ in 0..<5 { app.type("j") }
        app.type("e")
        #expect(focus(app) == problems.first)
        let document = try #require(app.state.document)
        let span = try #require(document.currentSpan)
        #expect(document.base + span.start <= problems[0].lowerBound && document.base + span.end + 1 >= problems[0].lowerBound,
                "the span the untagged text follows is current")
        #expect(app.screen.contains("text outside any span"))
    }

    @Test func aDocumentWithoutProblemsSaysSoAtOnce() throws {
        let clean = LongDocumentGenerator.taggedText(spans: 400).replacingOccurrences(of: " no ", with: " ")
            .replacingOccurrences(of: "</ai> <ai>", with: "</ai> <human>x</human> <ai>")
        let line = ImportHelpers.line(id: "clean", text: clean)
        let annotated = try ModelFixtures.input(line).annotated
        try #require(Validator(schema: Fixtures.defaultSchema).violations(in: annotated).isEmpty)
        let app = try app(line)
        app.type("e")
        #expect(app.screen.contains("no schema problems in this document"))
        #expect(app.state.document?.problemScan == nil)
    }

    @Test func theWalkGoesOnWhileNoKeyWaitsAndAKeyStopsIt() throws {
        let app = try app()
        let base = app.state.document?.base
        app.press(.character("e"))
        #expect(app.state.document?.problemScan != nil)
        #expect(app.screen.contains("looking for the next problem"))
        app.runtime.backgroundStep()
        #expect(app.state.document?.base == base, "the windows read are not shown")
        app.press(.character("j"))
        #expect(app.state.document?.problemScan == nil)
        #expect(app.screen.contains("search for a problem stopped"))
        #expect(!app.runtime.hasBackgroundWork)
    }
}
