import Foundation

/// The sample corpus shipped in `sample-db/`, and the user's working copy of it.
enum SampleDatabase {
    /// The repository's `sample-db/` folder (`TRELLIS_SAMPLE_DIR` overrides it).
    static var directory: URL {
        if let override = ProcessInfo.processInfo.environment["TRELLIS_SAMPLE_DIR"] {
            return URL(fileURLWithPath: override)
        }
        return URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sample-db")
    }

    static var bundled: URL { directory.appendingPathComponent("sample.sqlite") }

    /// Where the user's writable copy lives: `$XDG_DATA_HOME/trellis` or `~/.local/share/trellis`.
    static var dataDirectory: URL {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("trellis")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share/trellis")
    }

    /// Where the user's copy is (see ``userCopy(reset:)``).
    static var copyPath: String { dataDirectory.appendingPathComponent("sample.sqlite").path }

    /// The path of the user's copy, made from the bundled database the first time (or when `reset`).
    static func userCopy(reset: Bool = false) throws -> String {
        let copy = URL(fileURLWithPath: copyPath)
        let manager = FileManager.default
        if reset {
            for suffix in ["", "-wal", "-shm"] { try? manager.removeItem(atPath: copy.path + suffix) }
        }
        if !manager.fileExists(atPath: copy.path) {
            guard manager.fileExists(atPath: bundled.path) else {
                throw CLIError("the sample database is missing at \(bundled.path) (set TRELLIS_SAMPLE_DIR to the sample-db folder)")
            }
            try manager.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
            try manager.copyItem(at: bundled, to: copy)
        }
        return copy.path
    }
}
