import GRDB
import Testing
import TrellisModel
@testable import TrellisStore
@testable import TrellisTUI
import TrellisTestSupport

/// The review screen on a database that turns out to be damaged: it ends with the way to recover
/// the file instead of crashing or carrying on writing.
@Suite struct DamagedDatabaseScreenTests {
    @Test func aDamagedDocumentEndsTheAppWithTheWayToRecover() throws {
        let app = try TestApp(lines: [
            ImportHelpers.line(id: "fine", text: "<ai>Fine.</ai>"),
            ImportHelpers.line(id: "hurt", text: "<ai>Hurt.</ai>"),
        ])
        try app.database.write { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON; UPDATE document SET status = 'bogus' WHERE external_id = 'hurt'; PRAGMA ignore_check_constraints = OFF")
        }
        app.type("j<enter>")
        #expect(app.state.shouldQuit)
        let reason = try #require(app.state.stoppedBecause)
        #expect(reason.contains("is damaged (could not decode DocumentStatus from database value \"bogus\""))
        #expect(reason.contains(".recover"))
    }

    @Test func otherFailuresStayOnTheStatusLine() {
        let start = AppState(size: ScreenSize(rows: 24, cols: 80), schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric, keymap: TestApp.defaultKeymap, reviewer: "ada")
        let (state, _) = Reducer.reduce(start, .failed("the database is busy"))
        #expect(!state.shouldQuit)
        #expect(state.stoppedBecause == nil)
    }
}
