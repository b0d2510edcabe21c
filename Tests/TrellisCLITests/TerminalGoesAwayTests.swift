import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// The review screen ends when its terminal goes away, even when SIGHUP never reaches it, and a
/// signal ends it within a second even while it waits for another process's lock.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "needs tmux"))
struct TerminalGoesAwayTests {
    let directory: TemporaryDirectory
    let db: String

    init() throws {
        directory = try TemporaryDirectory()
        db = try Fixtures.sampleCopy(in: directory)
        // Upgraded here, so that starting the screen writes nothing.
        _ = try AppDatabase.open(path: db)
    }

    /// Whether `pid` is still running (a zombie has finished).
    private func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    /// Seconds until `pid` stops running, up to `limit`; nil if it still runs then.
    private func secondsUntilExit(_ pid: Int32, limit: TimeInterval) -> TimeInterval? {
        let start = Date()
        while Date().timeIntervalSince(start) < limit {
            if !isRunning(pid) { return Date().timeIntervalSince(start) }
            usleep(20_000)
        }
        return nil
    }

    private var trellis: String { TrellisProcess.executable.path }

    @Test func aHangUpEndsTheScreenWhenTheShellIgnoresSIGHUP() throws {
        // The shell ignores SIGHUP and so never passes it on; trellis is its child, not the session leader.
        let session = try TmuxSession(command: "trap '' HUP; TERM=xterm-256color '\(trellis)' review '\(db)' --reviewer ada; true",
                                      environment: ["HOME": directory.url.path])
        try session.waitFor("50 documents")
        let shell = try session.panePID()
        let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)
        let pid = try #require(children.split(separator: " ").compactMap { Int32($0) }.first)
        try session.kill()
        let seconds = secondsUntilExit(pid, limit: 5)
        if seconds == nil { kill(pid, SIGKILL) }
        #expect(seconds != nil, "trellis went on running after its terminal went away")
    }

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func aSignalDuringALockWaitEndsTheScreenWithinASecond(signal: Int32) throws {
        let session = try TmuxSession(command: "TERM=xterm-256color exec '\(trellis)' review '\(db)' --reviewer ada",
                                      environment: ["HOME": directory.url.path])
        try session.waitFor("50 documents")
        let pid = try session.panePID()
        // Another process holds the write lock, as a long export or a backup would.
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        let holder = try DatabaseQueue(path: db, configuration: configuration)
        try holder.inDatabase { try $0.execute(sql: "BEGIN IMMEDIATE") }
        defer { try? holder.inDatabase { try $0.execute(sql: "ROLLBACK") } }
        try session.send("Enter")
        try session.waitFor("waiting for the database")
        #expect(kill(pid, signal) == 0)
        let seconds = secondsUntilExit(pid, limit: 5)
        if seconds == nil { kill(pid, SIGKILL) }
        #expect((seconds ?? 99) < 1, "trellis took \(seconds.map { String(format: "%.1f s", $0) } ?? "over 5 s") to end after signal \(signal)")
    }
}
