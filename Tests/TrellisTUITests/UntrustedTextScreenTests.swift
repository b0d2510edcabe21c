import GRDB
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// Documents the review screen must open whatever they hold, without ever crashing.
@Suite struct UntrustedTextScreenTests {
    static let withNUL = ImportHelpers.line(id: "n", text: "<human>before\u{0}after</human> <ai>reply</ai>", source: "src\u{0}tail")

    @Test func aNULIsShownAsAPlaceholderAndCountsAsOneCodePoint() throws {
        let app = try TestApp(lines: [Self.withNUL])
        app.type("<enter>")
        #expect(app.screen.contains("[before␀after][reply]") || app.screen.contains("[before␀after] [reply]"), "\(app.screen)")
        #expect(app.screen.contains("human  0–12"), "\(app.screen)")
        app.type("<tab>")
        #expect(app.screen.contains("src␀tail"), "\(app.screen)")
        app.type("l")
        #expect(try app.stored("n").spans[0].end == 13)
        #expect(try app.stored("n").record.text == "before\u{0}after reply")
    }

    @Test func spansOutsideTheStoredTextNeitherCrashTheScreenNorLockTheReviewerOut() throws {
        let database = try AppDatabase.inMemory()
        let first = try TestApp(lines: [Self.withNUL], database: database)
        first.type("<enter>j")
        first.runtime.idle()
        #expect(try database.lastPosition(of: "ada")?.spanIndex == 1)
        // A text cut short behind Trellis's back (as GRDB's C-string reads once did).
        try database.write { db in try db.execute(sql: "UPDATE document SET text = 'before', length = 6") }
        let again = try TestApp(lines: [], database: database)
        #expect(again.state.document != nil, "reopens on the saved document")
        #expect(again.screen.contains("before"), "\(again.screen)")
        again.type("kjhlowb()")
        again.type("q")
        #expect(again.state.screen == .list, "back to the list")
    }
}
