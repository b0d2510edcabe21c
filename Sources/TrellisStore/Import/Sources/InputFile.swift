import Foundation

/// A file (or standard input, `-`) read in chunks from its start: the one place that opens an
/// import's input, for `LineReader`, `JSONRecordReader` and format detection.
final class InputFile: @unchecked Sendable {
    let path: String
    /// Size of the file, when it is a regular file (not a pipe).
    let fileSize: Int?
    private let descriptor: Int32

    /// Opens `path`; a folder is refused (the caller reads a brat folder otherwise).
    init(path: String) throws {
        self.path = path
        if path == "-" {
            descriptor = STDIN_FILENO
        } else {
            descriptor = Foundation.open(path, O_RDONLY)
            guard descriptor >= 0 else { throw ImportError.cannotOpen(path: path, reason: String(cString: strerror(errno))) }
        }
        var info = stat()
        let isRegular = fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
        fileSize = isRegular ? Int(info.st_size) : nil
        if path != "-", (info.st_mode & S_IFMT) == S_IFDIR {
            Foundation.close(descriptor)
            throw ImportError.cannotOpen(path: path, reason: "it is a directory")
        }
    }

    deinit {
        if descriptor != STDIN_FILENO { Foundation.close(descriptor) }
    }

    /// Reads up to `count` bytes into `pointer`; returns how many (0 at the end).
    func read(into pointer: UnsafeMutableRawPointer, count: Int) throws -> Int {
        while true {
            let got = Foundation.read(descriptor, pointer, count)
            if got >= 0 { return got }
            if errno != EINTR { throw ImportError.cannotRead(path: path, reason: String(cString: strerror(errno))) }
        }
    }

    /// Reads up to `count` bytes onto the end of `buffer`; returns how many (0 at the end).
    func read(appendingTo buffer: inout [UInt8], count: Int) throws -> Int {
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        let got: Int
        do {
            got = try buffer.withUnsafeMutableBytes { raw in try read(into: raw.baseAddress! + old, count: count) }
        } catch {
            buffer.removeLast(count)
            throw error
        }
        buffer.removeLast(count - got)
        return got
    }

    /// The first `limit` bytes at most (fewer at the end of the input), and whether that is all.
    func head(limit: Int) throws -> (bytes: [UInt8], isWhole: Bool) {
        var bytes: [UInt8] = []
        while bytes.count < limit {
            if try read(appendingTo: &bytes, count: limit - bytes.count) == 0 { return (bytes, true) }
        }
        return (bytes, fileSize == bytes.count)
    }
}
