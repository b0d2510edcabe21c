import Crypto
import Foundation
import TrellisCore

/// Writes a file through a buffer while computing its SHA-256; `close` flushes and syncs, so a
/// full disk is an error here, never a silently short file.
///
/// Hashing and writing run on a serial background queue, so that the caller goes on formatting
/// records meanwhile; at most `maxChunksInFlight` buffers wait there, which bounds memory. A
/// write error is thrown by the next `write` or by `close`.
final class HashingFileWriter: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    private let disk: ExportDisk
    private var buffer: [UInt8] = []
    /// Touched only on `queue`.
    private var hasher = SHA256()
    private(set) var bytesWritten = 0
    private let queue = DispatchQueue(label: "trellis.export.file")
    private let slots = DispatchSemaphore(value: maxChunksInFlight)
    private let lock = NSLock()
    /// The first write error, set on `queue`.
    private var failure: ExportError?
    private static let bufferSize = 1 << 20
    private static let maxChunksInFlight = 4

    init(path: String, disk: ExportDisk = .system) throws {
        self.path = path
        self.disk = disk
        descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o666)
        guard descriptor >= 0 else { throw ExportError.cannotWrite("\(path): \(String(cString: strerror(errno)))") }
        buffer.reserveCapacity(Self.bufferSize)
    }

    /// Runs after the last queued chunk is written: each one holds the writer.
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
        buffer += bytes
        buffer.append(0x0A)
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// Hands the buffer to the background queue.
    private func flush() throws {
        if let failure = lock.withLock({ failure }) { throw failure }
        guard !buffer.isEmpty else { return }
        let chunk = buffer
        bytesWritten += chunk.count
        buffer = []
        buffer.reserveCapacity(Self.bufferSize)
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard lock.withLock({ failure }) == nil else { return }
            hasher.update(data: chunk)
            do throws(ExportError) {
                try writeAll(chunk, to: descriptor, path: path, disk: disk)
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Flushes, syncs to disk and returns the SHA-256 of everything written.
    func close() throws -> String {
        try flush()
        let digest = queue.sync { hasher.finalize().hex }
        if let failure = lock.withLock({ failure }) { throw failure }
        guard disk.fsync(descriptor) == 0 else { throw ExportError.cannotWrite("\(path): \(String(cString: strerror(errno)))") }
        return digest
    }
}
