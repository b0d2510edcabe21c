import Foundation

/// A real terminal for end-to-end tests: runs a command in a detached tmux pane on a private
/// server, types with `send-keys` and reads the screen with `capture-pane`.
public final class TmuxSession {
    public let socket: String
    public let name = "trellis"

    /// Whether tmux is installed.
    public static var isAvailable: Bool {
        (try? run(["tmux", "-V"]).status) == 0
    }

    /// Starts `command` in a `cols`×`rows` pane with a UTF-8 locale and `environment`.
    public init(command: String, cols: Int = 80, rows: Int = 24, environment: [String: String] = [:]) throws {
        socket = "trellis-test-\(UUID().uuidString.prefix(8))"
        var arguments = ["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(cols)", "-y", "\(rows)"]
        for (key, value) in ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"].merging(environment, uniquingKeysWith: { $1 }) {
            arguments += ["-e", "\(key)=\(value)"]
        }
        arguments.append(command)
        // The tmux server forks from this command: give it no pipe to keep open.
        let started = try Self.run(arguments, captureOutput: false)
        guard started.status == 0 else { throw TmuxError(message: "tmux did not start (status \(started.status))") }
        _ = try tmux(["set-option", "-t", name, "status", "off"])
    }

    deinit {
        _ = try? Self.run(["tmux", "-L", socket, "kill-server"], captureOutput: false)
    }

    /// Types keys: tmux key names ("Enter", "Escape", "C-r") or literal text.
    public func send(_ keys: String...) throws {
        _ = try tmux(["send-keys", "-t", name] + keys)
    }

    /// Types text literally, character by character.
    public func type(_ text: String) throws {
        _ = try tmux(["send-keys", "-t", name, "-l", text])
    }

    /// The visible screen.
    public func screen() throws -> String {
        try tmux(["capture-pane", "-p", "-t", name]).output
    }

    /// Waits until the screen contains `text`; returns the screen. Throws with the last screen on timeout.
    @discardableResult
    public func waitFor(_ text: String, timeout: TimeInterval = 10) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            usleep(50_000)
        }
        throw TmuxError(message: "timed out waiting for \(text.debugDescription); the screen was:\n\(last)")
    }

    /// Resizes the terminal, as dragging its window would (the program gets SIGWINCH).
    public func resize(cols: Int, rows: Int) throws {
        _ = try tmux(["resize-window", "-t", name, "-x", "\(cols)", "-y", "\(rows)"])
    }

    /// The pid of the process running in the pane.
    public func panePID() throws -> Int32 {
        Int32(try tmux(["display-message", "-p", "-t", name, "#{pane_pid}"]).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Writes `bytes` straight to the pane's terminal, as another program sharing it would.
    public func writeToTerminal(_ bytes: String) throws {
        let tty = try tmux(["display-message", "-p", "-t", name, "#{pane_tty}"]).output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let handle = FileHandle(forWritingAtPath: tty) else { throw TmuxError(message: "cannot open \(tty)") }
        defer { try? handle.close() }
        try handle.write(contentsOf: Data(bytes.utf8))
    }

    /// Ends the session, as closing the terminal window would (the program gets SIGHUP).
    public func kill() throws {
        _ = try Self.run(["tmux", "-L", socket, "kill-server"], captureOutput: false)
    }

    private func tmux(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try Self.run(["tmux", "-L", socket] + arguments)
    }

    @discardableResult
    static func run(_ arguments: [String], captureOutput: Bool = true) throws -> (status: Int32, output: String) {
        try Subprocess.run(arguments, captureOutput: captureOutput)
    }
}

/// A tmux step that did not happen.
public struct TmuxError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
