import Testing
import TrellisCore
import TrellisModel
import TrellisTestSupport
import TrellisTUI

/// A long document on the review screen: its window moves with the reviewer, and keys act on the
/// document, not on the window. The fake store cuts small windows here (more than 40 spans,
/// 10 top-level spans each side), so that a few hundred spans cross many windows.
@Suite struct LongDocumentScreenTests {
    static let spans = 400
    static let line = LongDocumentGenerator.line(id: "long", spans: spans)

    private func app() throws -> FakeApp {
        FakeApp.opened(try FakeStore.smallWindows([Self.line]))
    }

    /// The fake numbers the imported spans in document order from 1.
    private func currentID(_ app: FakeApp) -> Int64? { app.state.document?.currentRecord?.id }

    private var total: Int { (try? ModelFixtures.input(Self.line).annotated.spans.count) ?? 0 }

    @Test func spanMovesCrossWindowsOneSpanAtATime() throws {
        let app = try app()
        let first = try #require(app.state.document)
        #expect(first.stored.window != nil, "the document is shown a window at a time")
        #expect(first.annotated.spans.count < 40)
        var windows: Set<Int> = []
        for step in 1..<total {
            app.type("j")
            #expect(currentID(app) == Int64(step + 1), "j moves to the next span of the document (step \(step))")
            windows.insert(app.state.document?.base ?? -1)
            let document = try #require(app.state.document)
            let span = try #require(document.currentSpan)
            // The current span is on screen, at its place in the document.
            #expect(app.screen.contains(" \(document.base + span.start)–\(document.base + span.end) · span "))
        }
        #expect(windows.count > 5, "the window moved along")
        app.type("j")
        #expect(currentID(app) == Int64(total), "the last span stays current")
        for step in stride(from: total - 1, through: 1, by: -1) {
            app.type("k")
            #expect(currentID(app) == Int64(step), "k moves to the previous span (at \(step))")
        }
        app.type("G")
        #expect(currentID(app) == Int64(total), "G goes to the document's last span")
        app.type("g")
        #expect(currentID(app) == 1, "g goes to the document's first span")
    }

    @Test func reopeningLandsOnTheSpanLeftInALaterWindow() throws {
        let app = try app()
        for _ in 0..<250 { app.type("j") }
        let left = try #require(app.state.document)
        #expect(left.base > 0, "the reviewer is in a later window")
        let start = left.base + (left.currentSpan?.start ?? 0)
        app.runtime.leave()
        let again = FakeApp(store: app.store)
        let reopened = try #require(again.state.document, "the document is reopened")
        #expect(currentID(again) == 251, "on the span the reviewer left, not near the start")
        #expect(reopened.base + (reopened.currentSpan?.start ?? -1) == start)
    }

    @Test func editsAtWindowEdgesAndUndoAcrossWindowsKeepTheDocumentTrue() throws {
        let app = try app()
        let imported = try ModelFixtures.input(Self.line).annotated
        // Walk to the first human span beyond the first window, relabel it there.
        let firstWindowEnd = try #require(app.state.document?.stored.window?.text.upperBound)
        let target = try #require(imported.spans.indices.first { imported.spans[$0].label == "human" && imported.spans[$0].start >= firstWindowEnd })
        for _ in 0..<target { app.type("j") }
        #expect(currentID(app) == Int64(target + 1))
        app.type("ra")
        #expect(app.store.document(externalID: "long")?.spans[target].label == "ai")
        #expect(currentID(app) == Int64(target + 1), "the edited span stays current")
        // Its boundary with the next span moves too.
        app.type("l")
        let stored = try #require(app.store.document(externalID: "long"))
        #expect(stored.spans[target].end == imported.spans[target].end + 1)
        #expect(stored.record.problemCount == Validator(schema: Fixtures.defaultSchema).violations(in: stored.annotated).count)
        // Undo from the other end of the document brings the window of the change back.
        app.type("G")
        #expect(currentID(app) == Int64(total))
        app.type("u")
        #expect(currentID(app) == Int64(target + 1), "undo shows the span it changed back")
        #expect(app.store.document(externalID: "long")?.spans[target].end == imported.spans[target].end)
        app.type("u")
        #expect(app.store.document(externalID: "long")?.spans.map(\.span) == imported.spans)
        #expect(app.state.document?.annotated.spans.indices.contains(app.state.document?.current ?? -1) == true)
        // The title counts the whole document's problems and spans.
        #expect(app.screen.contains("here (\(total) spans in all)"))
    }

    @Test func nextUndecidedGoesOnThroughLaterWindows() throws {
        let app = try app()
        // Rate and approve the first 60 spans, one by one (each approval moves on to the next undecided).
        for step in 0..<60 {
            #expect(currentID(app) == Int64(step + 1))
            app.type("v3")
        }
        #expect(currentID(app) == 61)
        app.type("g")
        app.type("]")
        #expect(currentID(app) == 61, "] skips the decided spans, whatever window they are in")
    }
}
