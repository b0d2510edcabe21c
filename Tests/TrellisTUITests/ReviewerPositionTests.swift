import GRDB
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// Moving between spans writes nothing; the reviewer's position is saved when they pause, open
/// another document or leave, so reopening still lands where they were.
@Suite struct ReviewerPositionTests {
    static let lines = ["a", "b"].map { ImportHelpers.line(id: $0, text: "<human>One.</human> <ai>Two.</ai> <human>Three.</human> <ai>Four.</ai>") }

    /// Rows the app's database connection has changed since it was opened.
    private func changes(_ app: TestApp) throws -> Int {
        try app.database.write { db in db.totalChangesCount }
    }

    @Test func movingBetweenSpansWritesNothingUntilThePause() throws {
        let app = try TestApp(lines: Self.lines)
        app.type("<enter>")
        #expect(try app.database.lastPosition(of: "ada")?.spanIndex == 0, "opening a document saves it at once")
        let before = try changes(app)
        app.type("jjj")
        app.type("k")
        #expect(app.state.document?.current == 2)
        #expect(try changes(app) == before, "j and k wrote nothing")
        #expect(try app.database.lastPosition(of: "ada")?.spanIndex == 0)
        app.runtime.idle()
        #expect(try app.database.lastPosition(of: "ada")?.spanIndex == 2, "the pause saved it")
        let saved = try changes(app)
        app.runtime.idle()
        #expect(try changes(app) == saved, "a second pause without a move writes nothing")
    }

    @Test func thePositionSurvivesAQuit() throws {
        let database = try AppDatabase.inMemory()
        let first = try TestApp(lines: Self.lines, database: database)
        first.type("<enter>jj")
        first.type("Q")
        #expect(first.state.shouldQuit)
        let again = try TestApp(lines: [], database: database)
        #expect(again.state.document?.stored.record.externalId == "a")
        #expect(again.state.document?.current == 2, "reopened on the span the reviewer quit on")
    }

    @Test func thePositionSurvivesLeavingBySignal() throws {
        let database = try AppDatabase.inMemory()
        let first = try TestApp(lines: Self.lines, database: database)
        first.type("<enter>j")
        // What the terminal session does when a signal or a hang-up ends it.
        first.runtime.leave()
        let again = try TestApp(lines: [], database: database)
        #expect(again.state.document?.current == 1)
    }

    @Test func thePositionSurvivesADocumentSwitch() throws {
        let database = try AppDatabase.inMemory()
        let first = try TestApp(lines: Self.lines, database: database)
        first.type("<enter>jjn")
        #expect(first.state.document?.stored.record.externalId == "b")
        first.type("j")
        // No pause, no quit: the app is gone (kill -9) with the move on b in flight.
        let again = try TestApp(lines: [], database: database)
        #expect(again.state.document?.stored.record.externalId == "b", "opening b saved it at once")
        #expect(again.state.document?.current == 0)
    }
}
