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
    public var stdout: String
    public var stderr: String

    /// Runs `arguments` (`arguments[0]` a path, or a name looked up on the PATH) with this
    /// process's environment plus `environment`, `input` on its standard input (else nothing),
    /// and waits up to `timeout`. Throws `SpawnError.timedOut`, with what the child wrote, when
    /// it runs longer; it is killed then.
    public static func run(_ arguments: [String], environment: [String: String] = [:], input: [UInt8] = [],
                           output: Output = .separate, timeout: Duration) throws(SpawnError) -> CapturedRun {
        let deadline = ContinuousClock.now + timeout
        // Standard input is a socket, so that writing to a child that exited without reading
        // fails with EPIPE (MSG_NOSIGNAL) instead of raising SIGPIPE in this process. Every
        // descriptor is close-on-exec: a child that another thread starts meanwhile (a tmux
        // server that lives on) must not hold these pipes open.
        var inputPair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0, &inputPair) == 0 else {
            throw .pipeFailed(reason: String(cString: strerror(errno)))
        }
        var outPipe: [Int32] = [-1, -1], errPipe: [Int32] = [-1, -1]
        defer { for descriptor in inputPair + outPipe + errPipe where descriptor >= 0 { close(descriptor) } }
        if output != .discarded, pipe2(&outPipe, O_CLOEXEC) != 0 { throw .pipeFailed(reason: String(cString: strerror(errno))) }
        if output == .separate, pipe2(&errPipe, O_CLOEXEC) != 0 { throw .pipeFailed(reason: String(cString: strerror(errno))) }

        let overrides = environment.mapValues { Optional($0) }
        let child = try ChildProcess.start(arguments, environment: environment.isEmpty ? nil : ChildProcess.environment(overriding: overrides)) { actions in
            posix_spawn_file_actions_adddup2(&actions, inputPair[1], STDIN_FILENO)
            switch output {
            case .separate:
                posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO)
                posix_spawn_file_actions_adddup2(&actions, errPipe[1], STDERR_FILENO)
            case .merged:
                posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDOUT_FILENO)
                posix_spawn_file_actions_adddup2(&actions, outPipe[1], STDERR_FILENO)
            case .discarded:
                posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
                posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
            }
        }
        // Only the child holds the write ends now (dup2 leaves its copies open across exec), so
        // the outputs end when it, and whatever it started that kept them, ends.
        close(inputPair[1]); inputPair[1] = -1
        if outPipe[1] >= 0 { close(outPipe[1]); outPipe[1] = -1 }
        if errPipe[1] >= 0 { close(errPipe[1]); errPipe[1] = -1 }
        if input.isEmpty { shutdown(inputPair[0], Int32(SHUT_WR)) }
        var streams = Streams(input: input, inputDescriptor: input.isEmpty ? -1 : inputPair[0], out: outPipe[0], err: errPipe[0])
        guard streams.pump(until: deadline) else {
            child.killAndReap()
            throw .timedOut(child.command, limit: timeout, output: streams.text(\.outBytes) + streams.text(\.errBytes))
        }
        do throws(SpawnError) {
            let ending = try child.wait(until: deadline, limit: timeout)
            return CapturedRun(status: ending.status, stdout: streams.text(\.outBytes), stderr: streams.text(\.errBytes))
        } catch {
            guard case .timedOut(let command, let limit, _) = error else { throw error }
            throw .timedOut(command, limit: limit, output: streams.text(\.outBytes) + streams.text(\.errBytes))
        }
    }
}

/// The parent's ends of a child's standard files, moved with `poll` until both outputs end.
private struct Streams {
    var input: [UInt8]
    var inputDescriptor: Int32
    var inputOffset = 0
    let out: Int32
    let err: Int32
    var outOpen: Bool
    var errOpen: Bool
    var outBytes: [UInt8] = []
    var errBytes: [UInt8] = []

    init(input: [UInt8], inputDescriptor: Int32, out: Int32, err: Int32) {
        self.input = input
        self.inputDescriptor = inputDescriptor
        self.out = out
        self.err = err
        outOpen = out >= 0
        errOpen = err >= 0
    }

    func text(_ bytes: KeyPath<Streams, [UInt8]>) -> String {
        String(decoding: self[keyPath: bytes], as: UTF8.self)
    }

    /// Ends the child's input (the descriptor itself is closed by the caller).
    mutating func closeInput() {
        guard inputDescriptor >= 0 else { return }
        shutdown(inputDescriptor, Int32(SHUT_WR))
        inputDescriptor = -1
    }

    /// Feeds the input and reads both outputs until the outputs end; `false` if `deadline`
    /// passes first.
    mutating func pump(until deadline: ContinuousClock.Instant) -> Bool {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while outOpen || errOpen {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else { return false }
            var descriptors: [pollfd] = []
            if outOpen { descriptors.append(pollfd(fd: out, events: Int16(POLLIN), revents: 0)) }
            if errOpen { descriptors.append(pollfd(fd: err, events: Int16(POLLIN), revents: 0)) }
            if inputDescriptor >= 0 { descriptors.append(pollfd(fd: inputDescriptor, events: Int16(POLLOUT), revents: 0)) }
            let milliseconds = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                return true  // cannot happen with valid descriptors; the wait that follows still ends
            }
            for descriptor in descriptors where descriptor.revents != 0 {
                if descriptor.fd == inputDescriptor {
                    let written = input.withUnsafeBytes { bytes in
                        send(inputDescriptor, bytes.baseAddress! + inputOffset, bytes.count - inputOffset, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
                    }
                    if written > 0 { inputOffset += written }
                    if (written < 0 && errno != EINTR && errno != EAGAIN) || inputOffset == input.count { closeInput() }
                    continue
                }
                let count = read(descriptor.fd, &buffer, buffer.count)
                if count > 0 {
                    if descriptor.fd == out { outBytes += buffer[0..<count] } else { errBytes += buffer[0..<count] }
                } else if count == 0 || (errno != EINTR && errno != EAGAIN) {
                    if descriptor.fd == out { outOpen = false } else { errOpen = false }
                }
            }
        }
        return true
    }
}
