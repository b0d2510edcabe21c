import Foundation

/// The system calls an export makes to put its files on disk: write, fsync and rename. Tests
/// replace them to make any one call fail, as a full disk or a failing device would.
struct ExportDisk: Sendable {
    var write: @Sendable (_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int
    var fsync: @Sendable (_ descriptor: Int32) -> Int32
    var rename: @Sendable (_ from: String, _ to: String) -> Int32

    static let system = ExportDisk(
        write: { Foundation.write($0, $1, $2) },
        fsync: { Foundation.fsync($0) },
        rename: { Foundation.rename($0, $1) })

    /// Syncs the folder at `path`, so that the names created, renamed or removed in it last.
    func syncFolder(_ path: String) throws(ExportError) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY)
        guard descriptor >= 0 else { throw .cannotWrite("\(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard self.fsync(descriptor) == 0 else { throw .cannotWrite("\(path): \(String(cString: strerror(errno)))") }
    }

    /// Renames `from` to `to`, replacing a file there.
    func move(_ from: String, to: String) throws(ExportError) {
        guard self.rename(from, to) == 0 else { throw .cannotWrite("\(to): \(String(cString: strerror(errno)))") }
    }
}
