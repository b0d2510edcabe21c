import Spawning

/// Runs a program found on the PATH and waits for it, through `CapturedRun` (with `waitpid`, so
/// that the exit of a child whose own child daemonises, such as tmux starting its server, is
/// never missed).
public enum Subprocess {
    /// How long a program may run before it is killed and the test fails.
    public static let timeout: Duration = .seconds(120)

    /// Whether `program` is on the PATH.
    public static func isAvailable(_ program: String) throws -> Bool {
        try run(["sh", "-c", "command -v \(program)"], captureOutput: true).status == 0
    }

    /// Runs `arguments` and waits; its standard output and error together, when captured.
    public static func run(_ arguments: [String], captureOutput: Bool, timeout: Duration = timeout) throws -> (status: Int32, output: String) {
        let run = try CapturedRun.run(arguments, output: captureOutput ? .merged : .discarded, timeout: timeout)
        return (run.status, run.stdout)
    }
}
