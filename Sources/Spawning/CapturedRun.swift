import Glibc

/// A program run to its end with what it wrote: standard output and error read through pipes
/// while it runs (both at once, so a chatty child never blocks on a full pipe), standard input
/// fed from bytes, and a time limit past which the child is killed.
public struct CapturedRun: Sendable {
    /// Where the child's standard output and error go.
    public enum Output: Sendable {
        /// Captured apart, as `stdout` and `stderr`.
        case separate
        /// Captured together, in order, as `stdout`.
        case merged
        /// To /dev/null (a child that daemonises, such as tmux starting its server, would
        /// otherwise hold the pipes open after it exits).
        case discarded
    }

    /// The exit status, or 128 + the signal that ended the child.
    public var status: Int32
    /// Standard output and error exactly as written.
    public var stdoutBytes: [UInt8]
    public var stderrBytes: [UInt8]

    /// Standard output as UTF-8 (invalid sequences replaced).
    public var stdout: String { String(decoding: stdoutBytes, as: UTF8.self) }
    /// Standard error as UTF-8 (invalid sequences replaced).
    public var stderr: String { String(decoding: stderrBytes, as: UTF8.self) }

    /// Runs `arguments` (`arguments[0]` a path, or a name looked up on the PATH) with this
    /// process's environment plus `environment`, `input` on its standard input (then its end),
    /// and waits up to `timeout`. Throws `SpawnError.timedOut`, with what the child wrote, when
    /// it runs longer; it is killed then.
    public static func run(_ arguments: [String], environment: [String: String] = [:], input: [UInt8] = [],
                           output: Output = .separate, timeout: Duration) throws(SpawnError) -> CapturedRun {
        let deadline = ContinuousClock.now + timeout
        let pipes = try Pipes(output: output)
        defer { pipes.closeAll() }
        let overrides = environment.mapValues { Optional($0) }
        let child = try ChildProcess.start(arguments, environment: environment.isEmpty ? nil : ChildProcess.environment(overriding: overrides)) { actions in
            pipes.connect(&actions, output: output)
        }
        // Only the child holds its ends now (dup2 leaves its copies open across exec), so the
        // outputs end when it, and whatever it started that kept them, ends.
        pipes.closeChildEnds()
        var streams = Streams(input: input, pipes: pipes)
        guard streams.pump(until: deadline) else {
            child.killAndReap()
            throw .timedOut(child.command, limit: timeout, output: streams.text(\.outBytes) + streams.text(\.errBytes))
        }
        do throws(SpawnError) {
            let ending = try child.wait(until: deadline, limit: timeout)
            return CapturedRun(status: ending.status, stdoutBytes: streams.outBytes, stderrBytes: streams.errBytes)
        } catch {
            guard case .timedOut(let command, let limit, _) = error else { throw error }
            throw .timedOut(command, limit: limit, output: streams.text(\.outBytes) + streams.text(\.errBytes))
        }
    }
}

/// A child's standard input and captured outputs: one pipe each, `[read end, write end]`, all
/// close-on-exec (set while no other child can start, so that a child another thread starts
/// meanwhile, such as a tmux server that lives on, never holds one open). One object owns the
/// descriptors, so each is closed exactly once (a second close could close another thread's
/// file that reused the number).
private final class Pipes {
    private(set) var input: [Int32] = [-1, -1]
    private(set) var out: [Int32] = [-1, -1]
    private(set) var err: [Int32] = [-1, -1]

    init(output: CapturedRun.Output) throws(SpawnError) {
        let failure: Int32? = ChildProcess.startingChildren.withLock { _ in
            for index in 0..<3 where index == 0 || (index == 1 && output != .discarded) || (index == 2 && output == .separate) {
                var pair: [Int32] = [-1, -1]
                guard pipe(&pair) == 0 else { return errno }
                for descriptor in pair { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
                switch index {
                case 0: input = pair
                case 1: out = pair
                default: err = pair
                }
            }
            return nil
        }
        if let failure {
            closeAll()
            throw .cannotConnect(reason: String(cString: strerror(failure)))
        }
        // The input is written as the child reads it, never waiting for it.
        _ = fcntl(input[1], F_SETFL, fcntl(input[1], F_GETFL) | O_NONBLOCK)
    }

    deinit { closeAll() }

    /// The child's standard files, as file actions.
    func connect(_ actions: inout posix_spawn_file_actions_t, output: CapturedRun.Output) {
        posix_spawn_file_actions_adddup2(&actions, input[0], STDIN_FILENO)
        switch output {
        case .separate:
            posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO)
            posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO)
        case .merged:
            posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO)
            posix_spawn_file_actions_adddup2(&actions, out[1], STDERR_FILENO)
        case .discarded:
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        }
    }

    func closeChildEnds() {
        Self.close(&input[0])
        Self.close(&out[1])
        Self.close(&err[1])
    }

    func closeInput() {
        Self.close(&input[1])
    }

    func closeAll() {
        for index in 0..<2 {
            Self.close(&input[index])
            Self.close(&out[index])
            Self.close(&err[index])
        }
    }

    private static func close(_ descriptor: inout Int32) {
        guard descriptor >= 0 else { return }
        _ = Glibc.close(descriptor)
        descriptor = -1
    }
}

/// The parent's ends of a child's standard files, moved with `poll` until both outputs end.
private struct Streams {
    var input: [UInt8]
    var inputOffset = 0
    let pipes: Pipes
    var outOpen: Bool
    var errOpen: Bool
    var outBytes: [UInt8] = []
    var errBytes: [UInt8] = []

    init(input: [UInt8], pipes: Pipes) {
        self.input = input
        self.pipes = pipes
        outOpen = pipes.out[0] >= 0
        errOpen = pipes.err[0] >= 0
        if input.isEmpty { pipes.closeInput() }
    }

    func text(_ bytes: KeyPath<Streams, [UInt8]>) -> String {
        String(decoding: self[keyPath: bytes], as: UTF8.self)
    }

    /// Feeds the input and reads both outputs until the outputs end; `false` if `deadline`
    /// passes first. Closes the input when it is all written or the child stops reading.
    mutating func pump(until deadline: ContinuousClock.Instant) -> Bool {
        defer { pipes.closeInput() }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while outOpen || errOpen {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            var descriptors: [pollfd] = []
            if outOpen { descriptors.append(pollfd(fd: pipes.out[0], events: Int16(POLLIN), revents: 0)) }
            if errOpen { descriptors.append(pollfd(fd: pipes.err[0], events: Int16(POLLIN), revents: 0)) }
            if pipes.input[1] >= 0 { descriptors.append(pollfd(fd: pipes.input[1], events: Int16(POLLOUT), revents: 0)) }
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return true  // cannot happen with valid descriptors; the wait that follows still ends
            }
            for descriptor in descriptors where descriptor.revents != 0 {
                if descriptor.fd == pipes.input[1] {
                    feedInput()
                    continue
                }
                let count = read(descriptor.fd, &buffer, buffer.count)
                if count > 0 {
                    if descriptor.fd == pipes.out[0] { outBytes += buffer[0..<count] } else { errBytes += buffer[0..<count] }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    if descriptor.fd == pipes.out[0] { outOpen = false } else { errOpen = false }
                }
            }
        }
        return true
    }

    /// Writes what the input pipe takes. A child that exited without reading makes the write
    /// fail with EPIPE, and raise SIGPIPE, which is blocked on this thread meanwhile and then
    /// taken off it, so that it never reaches this process.
    private mutating func feedInput() {
        var sigpipe = sigset_t(), previous = sigset_t()
        sigemptyset(&sigpipe)
        sigaddset(&sigpipe, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &sigpipe, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        let descriptor = pipes.input[1]
        let written = input.withUnsafeBytes { bytes in write(descriptor, bytes.baseAddress! + inputOffset, bytes.count - inputOffset) }
        let failure = errno
        if written >= 0 {
            inputOffset += written
            guard inputOffset == input.count else { return }
        } else if failure == EINTR || failure == EAGAIN {
            return
        } else if failure == EPIPE {
            var now = timespec(tv_sec: 0, tv_nsec: 0)
            while sigtimedwait(&sigpipe, nil, &now) < 0, errno == EINTR {}
        }
        pipes.closeInput()
    }
}
