import Crypto
import Foundation
import TrellisCore

/// Checks that an export and the manifest beside it belong together: every file the manifest
/// lists has the size and SHA-256 it gives (for brat, the folder's `SHA256SUMS`, whose lines
/// `BratFolderCheck` checks in turn). A pair from two different exports is a problem.
public enum ManifestCheck {
    /// Problems with `path`'s manifest, empty when it matches or when there is none.
    public static func problems(forExportAt path: String) throws -> [String] {
        let manifest = Exporter.manifestPath(for: path)
        guard let contents = FileManager.default.contents(atPath: manifest) else { return [] }
        let files: [JSONNode]
        do throws(JSONSyntaxError) {
            guard let listed = try JSONParser.parse(Array(contents))["files"]?.arrayValue else {
                return ["\(manifest): no \"files\" list"]
            }
            files = listed
        } catch {
            return ["\(manifest): not a manifest: \(error.message)"]
        }
        var isDirectory: ObjCBool = false
        FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        var problems: [String] = []
        for file in files {
            guard let name = file["name"]?.stringValue, let bytes = file["bytes"]?.intValue, let sha256 = file["sha256"]?.stringValue else {
                problems.append("\(manifest): a file entry without \"name\", \"bytes\" and \"sha256\"")
                continue
            }
            // A file export lists itself by its own name; a brat folder lists its SHA256SUMS.
            let listed = isDirectory.boolValue ? "\(path)/\(name)" : ((path as NSString).lastPathComponent == name ? path : nil)
            guard let listed, let found = try digest(of: listed) else {
                problems.append("\(manifest): lists \(name), which is not \(isDirectory.boolValue ? "in \(path)" : path)")
                continue
            }
            if found.bytes != bytes || found.sha256 != sha256 {
                problems.append("\(manifest): \(listed) is \(found.bytes) bytes with SHA-256 \(found.sha256), the manifest says \(bytes) bytes with \(sha256): they are not from the same export")
            }
        }
        return problems
    }

    /// The size and SHA-256 of the file at `path`, read in blocks; nil when it does not exist.
    static func digest(of path: String) throws -> (bytes: Int, sha256: String)? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        var bytes = 0
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            block.withUnsafeBytes { hasher.update(bufferPointer: $0) }
            bytes += block.count
        }
        return (bytes, hasher.finalize().hex)
    }
}
