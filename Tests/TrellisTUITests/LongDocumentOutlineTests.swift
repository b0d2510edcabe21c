import Testing
import TrellisCore
import TrellisModel
import TrellisTestSupport
import TrellisTUI

/// The outline `O` of a long document pages through the whole document, not just the window
/// shown: moving past its first or last row loads the neighbouring window with the outline still
/// open, `G` and `g` reach the document's last and first spans, Enter jumps. The fake cuts small
/// windows (more than 40 spans, 10 top-level spans each side).
@Suite struct LongDocumentOutlineTests {
    static let line = LongDocumentGenerator.line(id: "long", spans: 400)

    private func app() throws -> FakeApp {
        FakeApp.opened(try FakeStore.smallWindows([Self.line]))
    }

    private var total: Int { (try? ModelFixtures.input(Self.line).annotated.spans.count) ?? 0 }

    /// The id of the span selected in the outline (the fake numbers spans in document order from 1).
    private func selected(_ app: FakeApp) -> Int64? {
        guard let document = app.state.document, let panel = document.panel, case .outline = panel.kind,
              document.stored.spans.indices.contains(panel.selected) else { return nil }
        return document.stored.spans[panel.selected].id
    }

    @Test func jWalksTheOutlineThroughEveryWindowAndKBack() throws {
        let app = try app()
        app.type("O")
        #expect(selected(app) == 1)
        #expect(app.screen.contains("spans here of \(total)"))
        var windows: Set<Int> = []
        for step in 2...total {
            app.type("j")
            #expect(selected(app) == Int64(step), "j selects the document's next span (step \(step))")
            windows.insert(app.state.document?.base ?? -1)
        }
        #expect(windows.count > 5, "the outline went on through later windows")
        app.type("j")
        #expect(selected(app) == Int64(total), "the last span stays selected")
        for step in stride(from: total - 1, through: 1, by: -1) {
            app.type("k")
            #expect(selected(app) == Int64(step), "k selects the previous span (at \(step))")
        }
    }

    @Test func pagesAndEndsReachTheWholeDocumentAndEnterJumps() throws {
        let app = try app()
        app.type("O")
        app.type("G")
        #expect(selected(app) == Int64(total), "G selects the document's last span")
        app.type("g")
        #expect(selected(app) == 1, "g selects the first")
        var last: Int64 = 1
        for _ in 0..<40 {
            app.type("<pgdn>")
            let now = try #require(selected(app))
            #expect(now >= last)
            last = now
        }
        #expect(last == Int64(total), "pages reach the end")
        let document = try #require(app.state.document)
        let span = try #require(document.stored.spans.last)
        #expect(document.base > 0)
        #expect(app.screen.contains(" \(document.base + span.start)–\(document.base + span.end) "), "rows give offsets in the document")
        app.type("<pgup>")
        let back = try #require(selected(app))
        #expect(back < last)
        app.type("<enter>")
        #expect(app.state.document?.panel == nil)
        #expect(app.state.document?.currentRecord?.id == back, "Enter jumps to the selected span")
    }
}
