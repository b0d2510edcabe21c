import Crypto
import Foundation
import TrellisCore

/// Writes a file through a buffer while computing its SHA-256; `close` flushes and syncs, so a
/// full disk is an error here, never a silently short file.
///
/// Hashing and writing run on a serial background queue, so that the caller goes on formatting
/// records meanwhile; at most `maxChunksInFlight` buffers wait there, which bounds memory. A
/// buffer written is handed back to be filled again (`spare`), so that the pages of a new one
/// are not faulted in and zeroed for every megabyte. A write error is thrown by the next `write`
/// or by `close`.
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
    /// Buffers written, emptied, to be filled again (under `lock`).
    private var spare: [Chunk] = []
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
        let chunk = lock.withLock { spare.popLast() } ?? Chunk()
        swap(&chunk.bytes, &buffer)
        bytesWritten += chunk.bytes.count
        if buffer.capacity < Self.bufferSize { buffer.reserveCapacity(Self.bufferSize) }
        slots.wait()
        queue.async { [self] in
            defer { slots.signal() }
            guard lock.withLock({ failure }) == nil else { return }
            hasher.update(data: chunk.bytes)
            do throws(ExportError) {
                try writeAll(chunk.bytes, to: descriptor, path: path, disk: disk)
            } catch {
                lock.withLock { failure = error }
            }
            chunk.bytes.removeAll(keepingCapacity: true)
            lock.withLock { spare.append(chunk) }
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

/// A buffer of `HashingFileWriter`, handed to its queue to be written and back to be filled
/// again: one side at a time holds it.
private final class Chunk: @unchecked Sendable {
    var bytes: [UInt8] = []
}
