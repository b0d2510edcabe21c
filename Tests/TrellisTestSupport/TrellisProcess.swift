import Foundation
import Spawning

/// Runs the built `trellis` binary, as a user would from a shell.
public enum TrellisProcess {
    /// What a run printed and how it ended.
    public typealias Outcome = CapturedRun

    /// How long a run may take before it is killed and the test fails: far more than any test's
    /// command needs, so only a hung `trellis` reaches it.
    public static let timeout: Duration = .seconds(120)

    /// The `trellis` executable next to the test bundle.
    public static var executable: URL {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDirectory, Bundle.main.bundleURL, bundleDirectory.deletingLastPathComponent()] {
            let url = candidate.appendingPathComponent("trellis")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return bundleDirectory.appendingPathComponent("trellis")
    }

    /// Runs `trellis arguments…` with extra environment variables and optional standard input,
    /// as another account when `user` is given. Throws `SpawnError.timedOut` (naming the
    /// command, with what it printed) when it runs past `timeout`; it is killed then.
    public static func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil, as user: TestUser? = nil,
                           timeout: Duration = timeout) throws -> Outcome {
        let command = (user.map { [TestUser.setpriv] + $0.setprivArguments } ?? []) + [executable.path] + arguments
        return try CapturedRun.run(command, environment: environment, input: Array((input ?? "").utf8), timeout: timeout)
    }
}

extension CapturedRun {
    /// Both streams exactly as written, standard output first (`stdout` and `stderr` replace
    /// invalid UTF-8).
    public var bytes: [UInt8] { stdoutBytes + stderrBytes }
}
