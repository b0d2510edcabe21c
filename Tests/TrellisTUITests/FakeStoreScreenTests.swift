import Testing
import TrellisCore
import TrellisModel
import TrellisTestSupport
import TrellisTUI

/// The whole app on the fake store (no database): screens and keys, and how the app reports a
/// store that fails.
@Suite struct FakeStoreScreenTests {
    static let lines = [
        ImportHelpers.line(id: "d1", text: "<human>Hello there. How are you?</human> <ai>I am well, thanks.</ai>", stage: 1),
        ImportHelpers.line(id: "d2", text: "<ai>Fine.</ai> stray words <human>Yes.</human>", stage: 2),
    ]

    @Test func theListADocumentAndAnEditRunOnTheFake() throws {
        let app = try FakeApp(lines: Self.lines)
        #expect(app.screen.contains("d1"))
        #expect(app.screen.contains("d2"))
        #expect(app.screen.contains("fake"), "the title names the store")
        app.type("<enter>jrh")
        #expect(app.state.screen == .document)
        #expect(app.store.document(externalID: "d1")?.spans.map(\.label) == ["human", "human"])
        #expect(app.state.document?.canUndo == true)
        app.type("u")
        #expect(app.store.document(externalID: "d1")?.spans.map(\.label) == ["human", "ai"])
        #expect(app.state.message?.text == "undid relabel")
    }

    @Test func aStoreThatFailsPutsItsMessageOnTheStatusLine() throws {
        let app = try FakeApp(lines: Self.lines)
        app.store.failure = ReviewStoreError(.busy, "the database is busy (another process holds a lock for more than 10 s); nothing was changed, try again")
        app.type("<enter>")
        #expect(app.state.screen == .list)
        #expect(app.state.message?.isError == true)
        #expect(app.screen.contains("the database is busy (another process holds a lock"))
        #expect(!app.state.shouldQuit)
        app.store.failure = nil
        app.type("<enter>")
        #expect(app.state.screen == .document)
    }

    @Test func aFailureWhileStartingOrIdleIsShownNotSwallowed() throws {
        let store = try FakeStore(lines: Self.lines)
        store.failure = ReviewStoreError(.unavailable, "the disk is full; nothing was changed (free some space, your earlier work is safe)")
        let app = FakeApp(store: store)
        #expect(app.state.message?.text == "the disk is full; nothing was changed (free some space, your earlier work is safe)")
        store.failure = nil
        app.type("g")
        #expect(app.state.list.rows.count == 2)
        store.failure = ReviewStoreError(.unavailable, "the connection was lost")
        app.runtime.idle()
        #expect(app.state.message == StatusMessage("the connection was lost", isError: true))
    }

    @Test func aDamagedStoreEndsTheApp() throws {
        let app = try FakeApp(lines: Self.lines)
        app.store.failure = ReviewStoreError(.damaged, "fake is damaged")
        app.type("<enter>")
        #expect(app.state.shouldQuit)
        #expect(app.state.stoppedBecause == "fake is damaged")
    }

    @Test func anotherReviewersChangeAppearsWhenIdle() throws {
        let store = try FakeStore(lines: Self.lines)
        let ada = FakeApp(store: store, reviewer: "ada")
        let bo = FakeApp(store: store, reviewer: "bo")
        ada.type("<enter>")
        bo.type("<enter>jd")
        #expect(ada.state.document?.stored.spans.count == 2)
        ada.runtime.idle()
        #expect(ada.state.document?.stored.spans.count == 1)
    }
}
