import Foundation
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// The real binary in a real terminal (tmux, 80×24): a reviewer finds a wrong boundary in the
/// sample, fixes it, undoes and redoes, quits, reopens, and loses nothing to kill -9 or SIGHUP.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct ReviewInTmuxTests {
    let directory: TemporaryDirectory
    let db: String

    init() throws {
        directory = try TemporaryDirectory()
        db = try Fixtures.sampleCopy(in: directory)
    }

    private func review(as reviewer: String = "ada") throws -> TmuxSession {
        // swift test sets NO_COLOR for its children; this terminal has colours.
        try TmuxSession(command: "unset NO_COLOR; TERM=xterm-256color exec '\(TrellisProcess.executable.path)' review '\(db)' --reviewer \(reviewer)",
                        environment: ["HOME": directory.url.path])
    }

    private func span(_ label: String, in id: String) throws -> SpanRecord? {
        try AppDatabase.open(path: db).document(externalID: id)?.spans.first { $0.label == label }
    }

    /// s1-bike-003: the AI's sentence "You could let her be cross…" is cut after "her"; the rest
    /// sits in the following human span.
    private func openBikeStory(_ session: TmuxSession) throws {
        try session.waitFor("50 documents")
        try session.send("/")
        try session.type("bike")
        try session.send("Enter")
        try session.waitFor("filter: “bike”")
        try session.send("Enter")
        try session.waitFor("s1-bike-003 · stage 1")
    }

    @Test func fixABoundaryUndoRedoQuitAndReopen() throws {
        let session = try review()
        try openBikeStory(session)
        try session.waitFor("You could let her][ be cross")
        try session.send("j", "j", "o", ")")
        try session.waitFor("span 3/3 · START")
        try session.send("k", "o", ")")
        try session.waitFor("let her be cross for a")
        #expect(try span("ai", in: "s1-bike-003")?.end == 805)
        #expect(try span("human", in: "s1-bike-003").map { $0.start } == 0)

        try session.send("u")
        try session.waitFor("undid move-end")
        #expect(try span("ai", in: "s1-bike-003")?.end == 694)
        try session.send("C-r")
        try session.waitFor("redid move-end")
        #expect(try span("ai", in: "s1-bike-003")?.end == 805)
        try session.send("Q")
        try session.kill()

        let again = try review()
        try again.waitFor("s1-bike-003 · stage 1")
        // The whole frame, not only its first rows, under load.
        try again.waitFor("ai  475–805")
        try again.waitFor("let her be cross for a")
    }

    /// Issue 16, through the binary: `/` finds the cut in the text, the match's span becomes
    /// current, `=` and `w` move the boundary with the next span (both ends in one change), a
    /// count moves in the outline (`O`), and Enter jumps.
    @Test func searchTheTextThenMoveTheBoundary() throws {
        let session = try review()
        try openBikeStory(session)
        try session.send("/")
        try session.type("LET HER")
        try session.waitFor("/LET HER▏")
        try session.send("Enter")
        try session.waitFor("“LET HER”: match 1 of 1")
        try session.waitFor("span 2/3")
        try session.send("=", "w")
        try session.waitFor("let her be] [cross for")
        #expect(try span("ai", in: "s1-bike-003")?.end == 697)
        #expect(try span("human", in: "s1-bike-003").map { $0.start } == 0)
        let spans = try AppDatabase.open(path: db).document(externalID: "s1-bike-003")?.spans ?? []
        #expect(spans.last?.start == 698)
        try session.send("O")
        try session.waitFor("Outline: 3 spans")
        try session.send("2", "j", "Enter")
        try session.waitFor("span 3/3 · BOUNDARY")
        try session.send("Q")
        try session.kill()
    }

    /// The list narrows to the search as soon as typing pauses, before Enter; Esc puts it back.
    @Test func theListNarrowsWhileTyping() throws {
        let session = try review()
        try session.waitFor("50 documents")
        try session.send("/")
        try session.type("KENYA")
        try session.waitFor("filter: “KENYA”")
        let screen = try session.waitFor("/KENYA▏")
        #expect(screen.contains("kenya"))
        try session.send("Escape")
        try session.waitFor("50 documents")
        try session.send("Q")
        try session.kill()
    }

    /// Issue 14's report, through the binary: approve every span and the document, move the ai
    /// span's end one word left; the approvals are shown as changed, exports leave the document
    /// out and validate, and undo brings the approvals back.
    @Test func approveEditExportValidate() throws {
        let session = try review()
        try openBikeStory(session)
        // Each approval moves on to the next span.
        try session.send("R", "4", "4", "4", "Escape", "a")
        try session.waitFor("span 2/3")
        try session.send("R", "4", "4", "4", "4", "a")
        try session.waitFor("span 3/3")
        try session.send("R", "4", "4", "4", "Escape", "a")
        try session.waitFor("every span decided")
        try session.send("k")
        try session.waitFor("T4 K4 S4 P4 ✓ approved")
        try session.send("A")
        try session.waitFor("s1-bike-003 · stage 1 · approved")

        func exportAndValidate(_ format: String, expecting records: Int) throws -> String {
            let out = directory.path("gold.\(format)")
            let export = try TrellisProcess.run(["export", "--db", db, "--format", format, "--out", out, "--force"], environment: ["HOME": directory.url.path])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stdout.contains("\(out): \(records) record"), "\(export.stdout)")
            let validate = try TrellisProcess.run(["validate", out], environment: ["HOME": directory.url.path])
            #expect(validate.status == 0, "\(validate.stdout)\(validate.stderr)")
            return export.stdout
        }
        _ = try exportAndValidate("train", expecting: 1)

        try session.send("b")
        try session.waitFor("✓ approved · changed since")
        try session.waitFor("your ✓ changed since")
        let train = try exportAndValidate("train", expecting: 0)
        #expect(train.contains("1 changed-since-decision"))
        #expect(train.contains("2 document-changed-since-decision"))
        let eval = try exportAndValidate("eval", expecting: 1)
        #expect(eval.contains("2 gold spans"))

        try session.send("u")
        try session.waitFor("undid move-end")
        try session.waitFor("s1-bike-003 · stage 1 · approved")
        _ = try exportAndValidate("train", expecting: 1)
    }

    @Test func killDashNineLosesNothingThatWasOnScreen() throws {
        let session = try review()
        try openBikeStory(session)
        try session.send("j", "h", "h")
        try session.waitFor("ai  475–692")
        #expect(kill(try session.panePID(), SIGKILL) == 0)
        try session.kill()
        let database = try AppDatabase.open(path: db)
        #expect(try database.document(externalID: "s1-bike-003")?.spans[1].end == 692)
        let integrity = try database.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
        #expect(integrity == "ok")
        let again = try review()
        try again.waitFor("ai  475–692")
    }

    @Test func closingTheTerminalKeepsTheWork() throws {
        let session = try review()
        try openBikeStory(session)
        try session.send("j", "r", "h")
        try session.waitFor("2 problems")
        try session.kill()
        #expect(try AppDatabase.open(path: db).document(externalID: "s1-bike-003")?.spans.map(\.label) == ["human", "human", "human"])
    }

    @Test func twoReviewersSeeEachOthersChangesWithoutTouchingAKey() throws {
        let ada = try review(as: "ada")
        let bo = try review(as: "bo")
        try openBikeStory(ada)
        try openBikeStory(bo)
        try bo.send("j")
        try bo.waitFor("ai  475–694")
        try ada.send("j", "h")
        try ada.waitFor("ai  475–693")
        try bo.waitFor("ai  475–693")
        try bo.send("l")
        try bo.waitFor("ai  475–694")
        try ada.waitFor("ai  475–694")
        let history = try AppDatabase.open(path: db).history(of: try #require(try AppDatabase.open(path: db).document(externalID: "s1-bike-003")).record.id)
        #expect(history.map(\.reviewer) == ["ada", "bo"])
    }

    /// Another program writes over the screen; the redraw key puts Trellis's screen back.
    @Test func theRedrawKeyRepaintsAScreenSomethingElseWroteOver() throws {
        let session = try review()
        try session.waitFor("50 documents")
        try session.writeToTerminal("\u{1B}[5;10HSCRIBBLED OVER")
        try session.waitFor("SCRIBBLED OVER")
        try session.send("C-l")
        let deadline = Date().addingTimeInterval(10)
        while try session.screen().contains("SCRIBBLED"), Date() < deadline { usleep(50_000) }
        let screen = try session.screen()
        #expect(!screen.contains("SCRIBBLED"), "\(screen)")
        #expect(screen.contains("50 documents"))
    }

    @Test func monochromeTerminalShowsMarkersAndTinyPanesAMessage() throws {
        // tmux sets TERM in the pane itself, so the command sets it.
        let session = try TmuxSession(command: "TERM=vt100 exec '\(TrellisProcess.executable.path)' review '\(db)' --reviewer ada",
                                      environment: ["HOME": directory.url.path])
        try openBikeStory(session)
        try session.waitFor("H[I was seven")
        try session.waitFor("A[Falling is part")
        let small = try TmuxSession(command: "TERM=screen exec '\(TrellisProcess.executable.path)' review '\(db)' --reviewer bo",
                                    cols: 30, rows: 8, environment: ["HOME": directory.url.path])
        try small.waitFor("Terminal too small")
    }
}
