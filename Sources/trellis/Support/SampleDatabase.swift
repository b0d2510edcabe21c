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

    /// Where the user's writable copy lives: `$XDG_DATA_HOME/trellis` or `~/.local/share/trellis`
    /// (see ``UserAccount``).
    static func dataDirectory() throws -> URL {
        URL(fileURLWithPath: try UserAccount.dataHome()).appendingPathComponent("trellis")
    }

    /// Where the user's copy is (see ``userCopy(reset:)``), as far as it can be known.
    static var copyPath: String { (try? dataDirectory().appendingPathComponent("sample.sqlite").path) ?? "sample.sqlite" }

    /// The path of the user's copy, made from the bundled database the first time (or when `reset`).
    static func userCopy(reset: Bool = false) throws -> String {
        let dataDirectory = try dataDirectory()
        let copy = dataDirectory.appendingPathComponent("sample.sqlite")
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
