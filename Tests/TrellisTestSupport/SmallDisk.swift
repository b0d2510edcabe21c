import Foundation

/// A tiny file system that fills up: a tmpfs of a few kilobytes mounted in a private mount
/// namespace (`unshare -m`, which needs root), seen only by the script run inside it.
public enum SmallDisk {
    /// Whether tmpfs can be mounted here (root with the right to mount, e.g. not in every container).
    public static var isAvailable: Bool {
        guard getuid() == 0, let probe = try? TemporaryDirectory() else { return false }
        return (try? run(folder: probe.url.path, kilobytes: 64, script: "true").status) == 0
    }

    /// Runs `script` with `sh` where `folder` is an empty tmpfs of `kilobytes`; the mount
    /// disappears with the script, so it copies out what the test should see.
    public static func run(folder: String, kilobytes: Int, script: String) throws -> (status: Int32, output: String) {
        try Subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=\(kilobytes)k tmpfs '\(folder)' && \(script)"], captureOutput: true)
    }
}
