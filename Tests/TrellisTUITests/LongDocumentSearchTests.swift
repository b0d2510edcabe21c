import Testing
import TrellisCore
import TrellisModel
import TrellisTestSupport
import TrellisTUI

/// `/`, `n` and `N` on a long document search the whole document, not just the window shown:
/// matches several windows away are found (a step at a time while no key waits), the search goes
/// round the ends, and a query that is nowhere says so. The fake cuts small windows (more than 40
/// spans, 10 top-level spans each side) and reads at most 100 code points per search step.
@Suite struct LongDocumentSearchTests {
    /// A long dialogue where the 50th "Ok" of the AI says "zebra" instead and the 120th "ZEBRA".
    static let line: String = {
        var text = LongDocumentGenerator.taggedText(spans: 400)
        var seen = 0
        var result = ""
        var rest = Substring(text)
        while let range = rest.range(of: "<ai>Ok</ai>") {
            seen += 1
            result += rest[..<range.lowerBound]
            result += seen == 50 ? "<ai>zebra</ai>" : seen == 120 ? "<ai>ZEBRA</ai>" : "<ai>Ok</ai>"
            rest = rest[range.upperBound...]
        }
        text = result + rest
        return "{\"id\": \"long\", \"stage\": 1, \"text\": \"\(text)\"}"
    }()

    private func app() throws -> FakeApp {
        let store = try FakeStore.smallWindows([Self.line])
        store.textSearchStepLimit = 100
        return FakeApp.opened(store)
    }

    /// The document offsets of the span holding each "zebra", and their ids (the fake numbers
    /// spans in document order from 1).
    private func zebras() throws -> [(offset: Int, id: Int64)] {
        let annotated = try ModelFixtures.input(Self.line).annotated
        let text = annotated.scalars
        return TextSearch.matches(of: "zebra", in: text).map { match in
            let span = annotated.spans.lastIndex { $0.start <= match.lowerBound && $0.end >= match.upperBound }!
            return (match.lowerBound, Int64(span + 1))
        }
    }

    private func current(_ app: FakeApp) -> Int64? { app.state.document?.currentRecord?.id }

    private func focusOffset(_ app: FakeApp) -> Int? {
        guard let document = app.state.document, let search = document.search, let focus = search.focus else { return nil }
        return document.base + search.matches[focus].lowerBound
    }

    @Test func aMatchSeveralWindowsAwayIsFoundAndWalkedRoundTheDocument() throws {
        let app = try app()
        let zebras = try zebras()
        #expect(zebras.count == 2)
        let firstWindow = try #require(app.state.document?.stored.window)
        #expect(zebras[0].offset > firstWindow.text.upperBound, "the first match is beyond the first window")
        app.type("/zebra<enter>")
        #expect(current(app) == zebras[0].id, "Enter lands on the span of the first match, windows away")
        #expect(focusOffset(app) == zebras[0].offset)
        #expect(app.state.document?.stored.window?.text.contains(zebras[0].offset) == true)
        #expect(app.screen.contains("“zebra”: match 1 of 1 here"))
        #expect(app.store.textSearchSteps >= (zebras[0].offset - firstWindow.text.upperBound) / 100, "the search went a step at a time")
        app.type("n")
        #expect(current(app) == zebras[1].id, "n finds the next match, another case, further on")
        #expect(focusOffset(app) == zebras[1].offset)
        app.type("n")
        #expect(current(app) == zebras[0].id, "n goes round the end of the document")
        #expect(app.screen.contains("(from the top)"))
        app.type("N")
        #expect(current(app) == zebras[1].id, "N goes round the start")
        #expect(app.screen.contains("(from the bottom)"))
        app.type("N")
        #expect(current(app) == zebras[0].id)
        #expect(!app.screen.contains("(from the"))
    }

    @Test func aQueryNowhereInTheDocumentSaysSoAfterSearchingItAll() throws {
        let app = try app()
        for _ in 0..<100 { app.type("j") }
        let here = current(app)
        app.store.textSearchSteps = 0
        app.type("/giraffe<enter>")
        #expect(app.screen.contains("“giraffe” is not in this document"))
        #expect(app.state.document?.search == nil)
        #expect(current(app) == here, "the cursor stays")
        let length = try #require(app.state.document?.stored.window?.length)
        #expect(app.store.textSearchSteps >= length / 100, "the whole text was searched, round from the start")
        #expect(app.store.textSearchSteps <= length / 100 + 3, "and only once")
    }

    @Test func theSearchGoesOnWhileNoKeyWaitsAndAKeyStopsIt() throws {
        let app = try app()
        for key in FakeApp.keys("/zebra") { app.press(key) }
        app.press(.enter)
        #expect(app.state.document?.search?.scan != nil)
        #expect(app.screen.contains("searching “zebra” in the rest of the document…"))
        app.runtime.backgroundStep()
        #expect(app.state.document?.search?.scan != nil, "one step searched only part of the text")
        app.press(.character("n"))
        #expect(app.screen.contains("still searching"))
        app.press(.character("j"))
        #expect(app.state.document?.search?.scan == nil)
        #expect(app.screen.contains("search stopped"))
        #expect(current(app) == 2, "j moved as usual")
        #expect(!app.runtime.hasBackgroundWork)
    }
}
