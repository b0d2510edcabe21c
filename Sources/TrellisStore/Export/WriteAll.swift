import Foundation

/// Writes all of `bytes` to `descriptor`, retrying short and interrupted writes; throws
/// `ExportError.cannotWrite` naming `path` (a full disk, a closed pipe).
func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String, disk: ExportDisk = .system) throws(ExportError) {
    var offset = 0
    while offset < bytes.count {
        let count = bytes.withUnsafeBytes { raw in disk.write(descriptor, raw.baseAddress! + offset, raw.count - offset) }
        if count < 0, errno == EINTR { continue }
        guard count > 0 else { throw ExportError.cannotWrite("\(path): \(String(cString: strerror(errno)))") }
        offset += count
    }
}
