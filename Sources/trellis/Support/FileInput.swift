import ArgumentParser
import Foundation
import TrellisStore

/// Reading small user files (schema, rubric, keymap) with errors that name the file.
enum FileInput {
    static func bytes(of path: String) throws -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read \(path): \(FileManager.default.fileExists(atPath: path) ? "permission denied or not a file" : "no such file")")
        }
        return [UInt8](data)
    }

    /// Why the database at `path` could not be opened, in words.
    static func cannotOpen(_ path: String, _ error: any Error) -> String {
        if case StoreError.folderNotWritable = error { return "\(error)" }
        return "cannot open \(path): \(StoreMessages.reason(error))"
    }

    /// Whether `path` is an SQLite database (by its 16-byte header).
    static func isSQLite(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        return header == Data("SQLite format 3\0".utf8)
    }

    /// What shows `path` to be binary rather than text, if anything: a NUL byte in its first
    /// 8000 bytes (as git decides; JSON text never holds one raw, only escaped as `\u0000`).
    static func binaryContent(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 8000)) ?? Data()
        return head.firstIndex(of: 0).map { "binary data: a NUL byte at offset \($0)" }
    }
}
