import Foundation

/// Syncs and closes many small files on background threads, several at once (a file system
/// commits concurrent syncs together), so that a brat folder's files are on disk before it is
/// published without a sync of every file system (`sync()`). ``finish()`` waits for them all and
/// throws the first failure.
final class BackgroundSyncs: @unchecked Sendable {
    private let disk: ExportDisk
    private let queue = DispatchQueue(label: "trellis.export.sync", attributes: .concurrent)
    private let group = DispatchGroup()
    private let slots = DispatchSemaphore(value: BackgroundSyncs.inFlight)
    private let lock = NSLock()
    private var failure: ExportError?
    private static let inFlight = 16

    init(disk: ExportDisk) {
        self.disk = disk
    }

    /// Syncs the file open at `descriptor` and closes it.
    func syncAndClose(_ descriptor: Int32, path: String) {
        slots.wait()
        queue.async(group: group) { [self] in
            defer { slots.signal() }
            if disk.fsync(descriptor) != 0 {
                let error = ExportError.cannotWrite("\(path): \(String(cString: strerror(errno)))")
                lock.withLock { if failure == nil { failure = error } }
            }
            close(descriptor)
        }
    }

    /// Waits for every sync; throws the first that failed.
    func finish() throws(ExportError) {
        group.wait()
        if let failure = lock.withLock({ failure }) { throw failure }
    }
}
