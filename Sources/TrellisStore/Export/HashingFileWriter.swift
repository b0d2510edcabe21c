import Foundation
import TrellisCore

/// Writes a file through a buffer while computing its SHA-256; `close` flushes and syncs, so a
/// full disk is an error here, never a silently short file.
final class HashingFileWriter {
    let path: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private var hasher = SHA256()
    private(set) var bytesWritten = 0
    private static let bufferSize = 1 << 20

    init(path: String) throws {
        self.path = path
        descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw ExportError.cannotWrite("\(path): \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(Self.bufferSize)
    }

    deinit {
        Foundation.close(descriptor)
    }

    func write(_ bytes: [UInt8]) throws {
        buffer += bytes
        if buffer.count >= Self.bufferSize { try flush() }
    }

    func write(_ text: String) throws {
        try write(Array(text.utf8))
    }

    /// Writes `bytes` followed by a newline.
    func line(_ bytes: [UInt8]) throws {
        try write(bytes + [0x0A])
    }

    private func flush() throws {
        hasher.update(buffer)
        var offset = 0
        while offset < buffer.count {
            let count = buffer.withUnsafeBytes { raw in Foundation.write(descriptor, raw.baseAddress! + offset, raw.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ExportError.cannotWrite("\(path): \(String(cString: strerror(errno)))")
            }
            offset += count
        }
        bytesWritten += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, syncs to disk and returns the SHA-256 of everything written.
    func close() throws -> String {
        try flush()
        guard fsync(descriptor) == 0 else { throw ExportError.cannotWrite("\(path): \(String(cString: strerror(errno)))") }
        return SHA256.hex(hasher.finalize())
    }
}
