import Foundation

/// A fresh directory under the system's temporary directory, removed when released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("trellis-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(at: url)
    }

    /// The path of `name` inside the directory.
    public func path(_ name: String) -> String {
        url.appendingPathComponent(name).path
    }

    /// Writes `contents` to `name` and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String) throws -> String {
        try write(name, Data(contents.utf8))
    }

    /// Makes the folder `name` holding `files` (name → contents) and returns its path.
    @discardableResult
    public func writeFolder(_ name: String, _ files: [String: String]) throws -> String {
        let folder = path(name)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (file, contents) in files { try write("\(name)/\(file)", contents) }
        return folder
    }

    /// Writes raw bytes to `name` and returns its path.
    @discardableResult
    public func write(_ name: String, _ data: Data) throws -> String {
        let path = self.path(name)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }
}
