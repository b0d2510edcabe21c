import Foundation
import GRDB
import Spawning

/// Bytes sent to the terminal per keystroke, through a real pseudo-terminal: `trellis review DB`
/// runs on the slave side of `openpty` (TERM=xterm-256color, 80×24 set with TIOCSWINSZ); the
/// bench opens the first document and sends `j` repeatedly, counting the bytes read after each
/// key until the output has been quiet for 30 ms. At a document's last span it sends `}`
/// (not counted) to go on in the next one, so every counted `j` moves between spans.
enum PtyBench {
    static let quietMilliseconds = 30

    static func run(_ workspace: Workspace, trellis: String, keys: Int) throws -> [Figure] {
        let reviewer = "bench-pty"
        let spanCounts: [Int] = try DatabaseQueue(path: workspace.database).write { db in
            try db.execute(sql: "DELETE FROM reviewer_state WHERE reviewer_id IN (SELECT id FROM reviewer WHERE name = ?)", arguments: [reviewer])
            return try Int.fetchAll(db, sql: "SELECT span_count FROM document ORDER BY id LIMIT 2000")
        }
        let terminal = try PseudoTerminal(rows: 24, cols: 80)
        let started = Clock.now()
        let child = try terminal.spawn([trellis, "review", workspace.database, "--reviewer", reviewer],
                                       environment: ["TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "NO_COLOR": ""])
        defer { terminal.finish(child) }

        let first = terminal.readUntilQuiet(firstByteTimeout: 5000, quiet: quietMilliseconds)
        let firstByteMs = first.firstByteMs
        let firstScreenMs = Clock.milliseconds(since: started) - Double(quietMilliseconds)
        guard first.bytes > 0 else { throw BenchError("pty: trellis review printed nothing") }

        terminal.send("l")
        _ = terminal.readUntilQuiet(firstByteTimeout: 2000, quiet: quietMilliseconds)

        var bytes = Samples()
        var latency = Samples()
        var document = 0
        var position = 0
        while bytes.count < keys, document < spanCounts.count {
            if position + 1 < spanCounts[document] {
                terminal.send("j")
                let result = terminal.readUntilQuiet(firstByteTimeout: 1000, quiet: quietMilliseconds)
                bytes.add(Double(result.bytes))
                latency.add(result.firstByteMs)
                position += 1
            } else {
                terminal.send("}")
                _ = terminal.readUntilQuiet(firstByteTimeout: 1000, quiet: quietMilliseconds)
                document += 1
                position = 0
            }
        }
        terminal.send("Q")
        Report.progress(String(format: "pty: %.0f bytes per j (median %.0f, max %.0f), first screen %@", bytes.mean, bytes.median, bytes.max, Format.ms(firstScreenMs)))
        return [
            Figure(
                name: "terminal.bytes-per-span-move", size: workspace.size,
                fields: [("keys", .int(bytes.count)), ("mean_bytes", .round(bytes.mean, 1)), ("median_bytes", .round(bytes.median, 0)),
                         ("p99_bytes", .round(bytes.p99, 0)), ("max_bytes", .round(bytes.max, 0)),
                         ("key_to_first_byte_median_ms", .ms(latency.median)), ("key_to_first_byte_p99_ms", .ms(latency.p99))],
                headline: String(format: "mean %.0f bytes per `j` (median %.0f, max %.0f); key → first byte median %@, p99 %@",
                                 bytes.mean, bytes.median, bytes.max, Format.ms(latency.median), Format.ms(latency.p99))),
            Figure(
                name: "terminal.start-to-first-screen", size: workspace.size,
                fields: [("first_byte_ms", .ms(firstByteMs)), ("first_screen_ms", .ms(firstScreenMs)), ("first_screen_bytes", .int(first.bytes))],
                headline: "\(Format.ms(firstScreenMs)) from spawning `trellis review` to the whole first screen (\(first.bytes) bytes)"),
        ]
    }
}

/// A pseudo-terminal pair from `openpty`, with the child running on its slave side.
final class PseudoTerminal {
    let master: Int32
    let slave: Int32
    let slaveName: String

    init(rows: Int, cols: Int) throws {
        var master: Int32 = -1, slave: Int32 = -1
        var name = [CChar](repeating: 0, count: 256)
        guard openpty(&master, &slave, &name, nil, nil) == 0 else {
            throw BenchError("openpty failed: \(String(cString: strerror(errno)))")
        }
        self.master = master
        self.slave = slave
        slaveName = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(cols), ws_xpixel: 0, ws_ypixel: 0)
        guard ioctl(master, UInt(TIOCSWINSZ), &size) == 0 else {
            throw BenchError("TIOCSWINSZ failed: \(String(cString: strerror(errno)))")
        }
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
    }

    deinit {
        close(master)
        close(slave)
    }

    /// Starts `arguments` in a new session whose controlling terminal is the slave side.
    func spawn(_ arguments: [String], environment: [String: String]) throws -> ChildProcess {
        var overrides: [String: String?] = environment
        overrides["COLUMNS"] = .some(nil)
        let strings = ChildProcess.environment(overriding: overrides).filter { !$0.hasPrefix("NO_COLOR=") && !$0.hasPrefix("TMUX") }
        return try ChildProcess.start(arguments, environment: strings, newSession: true) { actions in
            // After setsid, opening the terminal makes it the controlling one.
            posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, slaveName, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDOUT_FILENO)
            posix_spawn_file_actions_adddup2(&actions, STDIN_FILENO, STDERR_FILENO)
            posix_spawn_file_actions_addclose(&actions, slave)
        }
    }

    func send(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { write(master, $0.baseAddress, $0.count) }
    }

    /// Reads until nothing has arrived for `quiet` ms (waiting up to `firstByteTimeout` ms for
    /// the first byte). Returns the byte count and the time to the first byte.
    func readUntilQuiet(firstByteTimeout: Int, quiet: Int) -> (bytes: Int, firstByteMs: Double) {
        let start = Clock.now()
        var total = 0
        var firstByteMs = Double.nan
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, Int32(total == 0 ? firstByteTimeout : quiet))
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else { break }
            let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if count <= 0 { break }
            if total == 0 { firstByteMs = Clock.milliseconds(since: start) }
            total += count
        }
        return (total, firstByteMs)
    }

    /// Waits for the child to quit (reading what it still writes), then ends it if it has not.
    func finish(_ child: ChildProcess) {
        let deadline = Clock.now() + 3_000_000_000
        var status: Int32 = 0
        while Clock.now() < deadline {
            if waitpid(child.pid, &status, WNOHANG) == child.pid { return }
            _ = readUntilQuiet(firstByteTimeout: 50, quiet: 10)
        }
        kill(child.pid, SIGTERM)
        _ = waitpid(child.pid, &status, 0)
    }
}
