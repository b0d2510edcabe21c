import Foundation
import GRDB
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// The review screen driven key by key, checked on screen and in the database.
@Suite struct DocumentEditingTests {
    static let dialogue = ImportHelpers.line(id: "d1", text: "<human>Hello there. How are you?</human> <ai>I am well. <quote>Hello there</quote> was kind.</ai>", stage: 1)
    static let stray = ImportHelpers.line(id: "d2", text: "<ai>Fine.</ai> stray words <human>Yes.</human>", stage: 2)

    private func spans(_ app: TestApp, _ id: String = "d1") throws -> [Span] {
        try app.stored(id).spans.map(\.span)
    }

    @Test func opensTheListThenADocument() throws {
        let app = try TestApp(lines: [Self.dialogue, Self.stray])
        #expect(app.state.screen == .list)
        #expect(app.screen.contains("2 documents"))
        #expect(app.row(containing: "d1") == 2)
        app.type("<enter>")
        #expect(app.state.screen == .document)
        #expect(app.grid.text(row: 0).hasPrefix(" d1 · stage 1 · unreviewed · 0/3 decided · no problems"))
        #expect(app.screen.contains("[Hello there. How are you?] [I am well. [Hello there] was kind.]"))
        #expect(app.grid.text(row: 21).contains("human  0–25 · span 1/3 · END │ T– K– S– L–"))
    }

    @Test func movesTheEndByCharacterWordAndSentenceAndSavesEachMove() throws {
        let app = try TestApp(lines: [Self.dialogue])
        app.type("<enter>h")
        #expect(try spans(app)[0].end == 24)
        app.type("l")
        #expect(try spans(app)[0].end == 25)
        app.type("b")
        #expect(try spans(app)[0].end == 20)
        app.type("w")
        #expect(try spans(app)[0].end == 25)
        app.type("(")
        #expect(try spans(app)[0].end == 12)
        #expect(try app.stored("d1").record.status == .inProgress)
        let history = try app.database.read { db in try HistoryRecord.fetchAll(db) }
        #expect(history.map(\.action) == Array(repeating: "move-end", count: 5))
        #expect(history.allSatisfy { $0.reviewerId != nil })
    }

    @Test func movesTheStartAfterSwitchingEdges() throws {
        let app = try TestApp(lines: [Self.dialogue])
        app.type("<enter>ow")
        #expect(try spans(app)[0] == Span(start: 6, end: 25, label: "human"))
        #expect(app.screen.contains("span 1/3 · START │"))
    }

    @Test func refusesEditsThatWouldBreakNestingAndSaysWhy() throws {
        let app = try TestApp(lines: [Self.dialogue])
        app.type("<enter>ll")
        #expect(try spans(app)[0].end == 26)
        #expect(app.state.message?.isError == true)
        #expect(app.state.message?.text == "cannot move-end: <ai> and <human> would overlap without nesting")
        app.type("jjo((")
        #expect(try spans(app)[2] == Span(start: 26, end: 48, label: "quote", depth: 1))
        #expect(app.state.message?.text.contains("would overlap without nesting") == true)
    }

    @Test func undoAndRedoWalkTheHistory() throws {
        let app = try TestApp(lines: [Self.dialogue])
        app.type("<enter>hh")
        #expect(try spans(app)[0].end == 23)
        app.type("u")
        #expect(try spans(app)[0].end == 24)
        #expect(app.state.message?.text == "undid move-end")
        app.type("u")
        #expect(try spans(app)[0].end == 25)
        app.type("u")
        #expect(app.state.message?.text == "nothing to undo in this document")
        app.type("<ctrl-r>")
        #expect(try spans(app)[0].end == 24)
        app.type("l")
        app.type("<ctrl-r>")
        #expect(app.state.message?.text == "nothing to redo")
        #expect(try spans(app)[0].end == 25)
    }

    @Test func relabelSplitAndMerge() throws {
        let app = try TestApp(lines: [Self.dialogue])
        app.type("<enter>ra")
        #expect(try spans(app)[0].label == "ai")
        #expect(try app.stored("d1").record.problemCount == 1)
        app.type("rh")
        app.type("s<enter>")
        #expect(try spans(app).prefix(2) == [Span(start: 0, end: 12, label: "human"), Span(start: 13, end: 25, label: "human")])
        #expect(app.screen.contains("1 problem"))
        app.type("m")
        #expect(try spans(app)[0] == Span(start: 0, end: 25, label: "human"))
        #expect(try spans(app).count == 3)
    }

    @Test func insertsASpanWithTheCursorAndDeletesIt() throws {
        let app = try TestApp(lines: [Self.dialogue])
        // The cursor starts at the moving edge: the START after `o`.
        app.type("<enter>joiw<enter><enter>q")
        #expect(try spans(app).contains(Span(start: 28, end: 30, label: "quote", depth: 1)))
        let inserted = try #require(try spans(app).firstIndex(of: Span(start: 28, end: 30, label: "quote", depth: 1)))
        #expect(app.state.document?.current == inserted)
        app.type("d")
        #expect(try spans(app).count == 3)
        app.type("u")
        #expect(try spans(app).count == 4)
    }

    @Test func untaggedTextIsFoundAndTurnedIntoASpan() throws {
        let app = try TestApp(lines: [Self.dialogue, Self.stray])
        app.type("j<enter>")
        #expect(app.screen.contains("1 problem"))
        app.type("e")
        #expect(app.state.message?.text.contains("text outside any span: \"stray words\"") == true)
        app.type("ih")
        #expect(try spans(app, "d2") == [Span(start: 0, end: 5, label: "ai"), Span(start: 6, end: 17, label: "human"), Span(start: 18, end: 22, label: "human")])
        #expect(try app.stored("d2").record.problemCount == 1)
    }

    @Test func walksDocumentsWithNextAndPrevious() throws {
        let app = try TestApp(lines: [Self.dialogue, Self.stray])
        app.type("<enter>}")
        #expect(app.state.document?.stored.record.externalId == "d2")
        app.type("}")
        #expect(app.state.message?.text.contains("last document") == true)
        app.type("{")
        #expect(app.state.document?.stored.record.externalId == "d1")
        app.type("q")
        #expect(app.state.screen == .list)
    }

    @Test func undoSurvivesARestartAndTheReviewerReturnsToTheirDocument() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("work.sqlite")
        do {
            let app = try TestApp(lines: [Self.dialogue, Self.stray], database: try AppDatabase.open(path: path))
            app.type("j<enter>jh")
            #expect(try spans(app, "d2")[1].end == 21)
        }
        let reopened = try TestApp(lines: [], database: try AppDatabase.open(path: path))
        #expect(reopened.state.screen == .document)
        #expect(reopened.state.document?.stored.record.externalId == "d2")
        #expect(reopened.state.document?.current == 1)
        reopened.type("u")
        #expect(try spans(reopened, "d2")[1].end == 22)
    }

    @Test func editsAreCheckpointedWhenTheReviewerPausesNotInsideKeystrokes() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("work.sqlite")
        let app = try TestApp(lines: [Self.dialogue], database: try AppDatabase.open(path: path))
        try app.database.checkpoint()  // the import
        let autocheckpoint = try app.database.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") }
        #expect(autocheckpoint == AppDatabase.deferredCheckpointPages)

        /// The first span's end as the database file alone has it (without its write-ahead log).
        func endInTheFileAlone() throws -> Int? {
            let copy = directory.path("copy-\(UUID().uuidString).sqlite")
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            return try DatabaseQueue(path: copy).read { db in try Int.fetchOne(db, sql: "SELECT \"end\" FROM span ORDER BY start LIMIT 1") }
        }
        app.type("<enter>h")
        #expect(try spans(app)[0].end == 24)
        #expect(try endInTheFileAlone() == 25, "the edit is committed to the log, not yet copied")
        app.runtime.idle()
        #expect(try endInTheFileAlone() == 24, "the pause copied it")
    }

    @Test func readOnlyDatabasesRefuseEditsOnScreen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("ro.sqlite")
        _ = try TestApp(lines: [Self.dialogue], database: try AppDatabase.open(path: path))
        let app = try TestApp(lines: [], database: try AppDatabase.open(path: path, readOnly: true))
        app.type("<enter>l")
        #expect(app.state.message?.text == "the database is read-only: nothing can be changed")
        #expect(app.screen.contains("READ-ONLY"))
    }
}
