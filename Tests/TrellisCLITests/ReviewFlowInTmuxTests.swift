import Foundation
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// Issue 16's flows in the real binary, in tmux (80×24) on a copy of the sample: approving at
/// Prodigy's pace moves on to the next span and, after the document's decision, to the next
/// document; keys do nothing behind "Terminal too small"; a ZWJ emoji reaches the terminal whole;
/// quitting says what the session did.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct ReviewFlowInTmuxTests {
    let directory: TemporaryDirectory
    let db: String

    init() throws {
        directory = try TemporaryDirectory()
        db = try Fixtures.sampleCopy(in: directory)
    }

    /// The review screen; the pane stays after it ends, to read what it printed.
    private func review(cols: Int = 80, rows: Int = 24) throws -> TmuxSession {
        try TmuxSession(command: "unset NO_COLOR; TERM=xterm-256color '\(TrellisProcess.executable.path)' review '\(db)' --reviewer ada; sleep 60",
                        cols: cols, rows: rows, environment: ["HOME": directory.url.path])
    }

    private func document(_ id: String) throws -> StoredDocument? {
        try AppDatabase.open(path: db).document(externalID: id)
    }

    private func open(_ id: String, in session: TmuxSession) throws {
        try session.waitFor("50 documents")
        try session.send("/")
        try session.type(id)
        try session.send("Enter")
        try session.waitFor("filter: “\(id)”")
        try session.send("Enter")
        try session.waitFor("\(id) · stage")
    }

    @Test func approvingMovesOnToTheNextSpanThenTheNextDocumentAndQuittingSumsUp() throws {
        let session = try review()
        try session.waitFor("50 documents")
        try session.send("Enter")
        try session.waitFor("s1-tent-001 · stage 1 · unreviewed · 0/3 decided")
        try session.send("v", "4")
        try session.waitFor("span 2/3")
        try session.send("v", "4")
        try session.waitFor("span 3/3")
        try session.send("v", "4")
        try session.waitFor("every span decided: A approves the document")
        try session.send("A")
        try session.waitFor("s1-bakery-002 · stage 1 · unreviewed · 0/3 decided")
        let tent = try #require(try document("s1-tent-001"))
        #expect(tent.record.status == .approved)
        #expect(tent.spans.allSatisfy { tent.currentDecision(on: $0.id, by: "ada") == .approved })
        try session.send("Q")
        try session.waitFor("this session: 1 document and 3 spans decided, 0 edits, 12 ratings in ")
    }

    @Test func keysDoNothingBehindTerminalTooSmall() throws {
        let session = try review()
        try open("s1-tent-001", in: session)
        try session.resize(cols: 30, rows: 8)
        try session.waitFor("Terminal too small")
        try session.send("d", "d", "x")
        try session.resize(cols: 80, rows: 24)
        try session.waitFor("s1-tent-001 · stage 1 · unreviewed · 0/3 decided")
        let tent = try #require(try document("s1-tent-001"))
        #expect(tent.spans.count == 3)
        #expect(tent.notes.isEmpty)
    }

    @Test func aZWJEmojiReachesTheTerminalWhole() throws {
        let session = try review()
        try open("s2-lab-006", in: session)
        try session.waitFor("colour of a flamingo. 👩\u{200D}🔬😂😂😂 is")
    }
}
