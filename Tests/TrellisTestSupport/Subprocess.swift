import Foundation

/// Runs a program and waits for it with `posix_spawn` and `waitpid`, with every signal unblocked
/// in the child. (Foundation's `Process` misses the exit of a child whose own child daemonises,
/// such as tmux starting its server, when the test runner blocks signals.)
public enum Subprocess {
    /// Whether `program` is on the PATH.
    public static func isAvailable(_ program: String) throws -> Bool {
        try run(["sh", "-c", "command -v \(program)"], captureOutput: true).status == 0
    }

    /// Runs `arguments` (the program found on the PATH) and waits; the output when captured.
    public static func run(_ arguments: [String], captureOutput: Bool) throws -> (status: Int32, output: String) {
        var pipe: [Int32] = [-1, -1]
        if captureOutput, Foundation.pipe(&pipe) != 0 { throw TmuxError(message: "pipe failed") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if captureOutput {
            posix_spawn_file_actions_adddup2(&actions, pipe[1], STDOUT_FILENO)
            posix_spawn_file_actions_adddup2(&actions, pipe[1], STDERR_FILENO)
            posix_spawn_file_actions_addclose(&actions, pipe[0])
            posix_spawn_file_actions_addclose(&actions, pipe[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))

        var pid: pid_t = 0
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
        guard spawned == 0 else { throw TmuxError(message: "cannot run \(arguments[0]): \(String(cString: strerror(spawned)))") }

        var output = Data()
        if captureOutput {
            close(pipe[1])
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(pipe[0], &buffer, buffer.count)
                if count > 0 { output.append(contentsOf: buffer[0..<count]) } else if count == 0 || errno != EINTR { break }
            }
            close(pipe[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return (exitStatus, String(decoding: output, as: UTF8.self))
    }
}
