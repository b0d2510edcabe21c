import Glibc
import Synchronization

/// A program started with `posix_spawnp`, with every signal unblocked and at its default action
/// in it (a test runner or a benchmark may block or ignore some; the child must not inherit that).
/// The one place Trellis's tests and benchmarks start processes.
///
/// Not swift-subprocess (1.0): its API is async where every caller here is synchronous, it reaps
/// the child itself, so `wait4`'s peak RSS (the benchmarks' memory figures) is out of reach, and it
/// cannot open a pseudo-terminal as the controlling terminal of a new session (the pty benchmark).
public struct ChildProcess: Sendable {
    /// The child's process id.
    public let pid: pid_t
    /// The command, for messages.
    public let command: String

    /// Held while a child starts, and while pipes for a child are made and marked close-on-exec,
    /// so that no child starts with another's pipes open (glibc's `pipe2` is not imported).
    static let startingChildren = Mutex(())

    /// How a child ended, and what it used.
    public struct Termination: Sendable {
        /// The exit status, or 128 + the signal that ended it (as a shell reports it).
        public var status: Int32
        /// Resource use (peak RSS, CPU times) from `wait4`.
        public var usage: rusage
    }

    /// Starts `arguments` (`arguments[0]` a path, or a name looked up on the PATH) with the
    /// environment strings `environment` (`KEY=VALUE`; `nil`: this process's), in a new session
    /// when `newSession` is set, with standard files as `files` sets them up.
    public static func start(_ arguments: [String], environment: [String]? = nil, newSession: Bool = false,
                             files: (inout posix_spawn_file_actions_t) -> Void) throws(SpawnError) -> ChildProcess {
        precondition(!arguments.isEmpty, "name a program to run")
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        files(&actions)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = Int32(POSIX_SPAWN_SETSIGMASK) | Int32(POSIX_SPAWN_SETSIGDEF)
        if newSession { flags |= Self.setsidFlag }
        posix_spawnattr_setflags(&attributes, Int16(flags))
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = environment.map { $0.map { strdup($0) } + [nil] }
        defer { envp?.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = startingChildren.withLock { _ in
            envp.map { posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, $0) }
                ?? posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        }
        guard spawned == 0 else { throw .cannotStart(arguments[0], reason: String(cString: strerror(spawned))) }
        return ChildProcess(pid: pid, command: arguments.joined(separator: " "))
    }

    /// Waits for the child to end.
    public func wait() throws(SpawnError) -> Termination {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw .cannotWait(command, reason: String(cString: strerror(errno))) }
        }
        return Termination(status: Self.exitStatus(status), usage: usage)
    }

    /// Waits for the child to end until `deadline`; past it, kills the child (SIGKILL), reaps it
    /// and throws `SpawnError.timedOut`.
    public func wait(until deadline: ContinuousClock.Instant, limit: Duration) throws(SpawnError) -> Termination {
        var pause = 1_000  // microseconds, doubled up to 50 ms
        while true {
            var status: Int32 = 0
            var usage = rusage()
            let reaped = wait4(pid, &status, WNOHANG, &usage)
            if reaped == pid { return Termination(status: Self.exitStatus(status), usage: usage) }
            if reaped < 0, errno != EINTR { throw .cannotWait(command, reason: String(cString: strerror(errno))) }
            if ContinuousClock.now >= deadline {
                killAndReap()
                throw .timedOut(command, limit: limit, output: "")
            }
            usleep(useconds_t(pause))
            pause = min(pause * 2, 50_000)
        }
    }

    /// Kills the child (SIGKILL) and waits for it, so that nothing is left running.
    public func killAndReap() {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
    }

    /// This process's environment with `overrides` applied (`nil` removes a variable), as sorted
    /// `KEY=VALUE` strings.
    public static func environment(overriding overrides: [String: String?]) -> [String] {
        var variables: [String: String] = [:]
        var entry = environ
        while let pointer = entry.pointee {
            let text = String(cString: pointer)
            if let equals = text.firstIndex(of: "=") { variables[String(text[..<equals])] = String(text[text.index(after: equals)...]) }
            entry += 1
        }
        for (key, value) in overrides { variables[key] = value }
        return variables.map { "\($0.key)=\($0.value)" }.sorted()
    }

    /// A `waitpid` status as a shell reports it: the exit code, or 128 + the signal.
    static func exitStatus(_ status: Int32) -> Int32 {
        (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    }

    /// `POSIX_SPAWN_SETSID` (glibc 2.26), which Swift does not import.
    private static let setsidFlag: Int32 = 0x80
}

/// Why a child could not be run to its end.
public enum SpawnError: Error, CustomStringConvertible, Sendable {
    case cannotStart(String, reason: String)
    case cannotWait(String, reason: String)
    /// The child ran past its time limit and was killed; `output` is what it had written.
    case timedOut(String, limit: Duration, output: String)
    case cannotConnect(reason: String)

    public var description: String {
        switch self {
        case .cannotStart(let program, let reason): "cannot run \(program): \(reason)"
        case .cannotWait(let command, let reason): "cannot wait for \(command): \(reason)"
        case .timedOut(let command, let limit, let output):
            "\(command) did not finish within \(limit) and was killed" + (output.isEmpty ? "" : "; it had written:\n\(output.suffix(4000))")
        case .cannotConnect(let reason): "cannot connect to a child: \(reason)"
        }
    }
}
