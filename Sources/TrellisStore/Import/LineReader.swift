import Foundation

/// Streams a file line by line with bounded memory: a line is handed out as a buffer valid only
/// during the callback; a line longer than `maxLineBytes` is skipped (reported by its length)
/// without ever being held whole. A UTF-8 byte-order mark on the first line and a `\r` before
/// each `\n` are removed. One thread at a time may use a reader (import opens it on one and
/// reads it on another).
public final class LineReader: @unchecked Sendable {
    /// What the reader finds.
    public enum Event {
        case line(number: Int, bytes: UnsafeBufferPointer<UInt8>)
        case tooLong(number: Int, byteCount: Int)
    }

    public var path: String { input.path }
    public let maxLineBytes: Int
    /// Size of the file, when it is a regular file (not a pipe).
    public var fileSize: Int? { input.fileSize }
    /// Bytes consumed so far.
    public private(set) var bytesRead = 0
    private let input: InputFile
    private let chunkSize: Int
    /// Bytes already taken from the input (by format detection), read before the rest.
    private let prefix: [UInt8]

    /// Opens `path` (`-` reads standard input).
    public convenience init(path: String, maxLineBytes: Int, chunkSize: Int = 1 << 20) throws {
        self.init(input: try InputFile(path: path), maxLineBytes: maxLineBytes, chunkSize: chunkSize)
    }

    /// Reads `input`, after `prefix` (what was read from it already).
    init(input: InputFile, maxLineBytes: Int, chunkSize: Int = 1 << 20, prefix: [UInt8] = []) {
        self.input = input
        self.maxLineBytes = maxLineBytes
        self.chunkSize = chunkSize
        self.prefix = prefix
    }

    private static func firstNewline(in buffer: [UInt8], from start: Int, to end: Int) -> Int? {
        guard end > start else { return nil }
        return buffer.withUnsafeBufferPointer { pointer in
            guard let found = memchr(pointer.baseAddress! + start, 0x0A, end - start) else { return nil }
            return pointer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// Calls `body` for every line, in order.
    public func forEachLine(_ body: (Event) throws -> Void) throws {
        var buffer = prefix + [UInt8](repeating: 0, count: max(chunkSize, 16))
        var start = 0
        var end = prefix.count
        bytesRead += prefix.count
        var lineNumber = 0
        var skipping = false
        var skippedBytes = 0
        var atEndOfFile = false

        func emit(_ lineStart: Int, _ lineEnd: Int) throws {
            lineNumber += 1
            var first = lineStart
            var last = lineEnd
            if lineNumber == 1, last - first >= 3, buffer[first] == 0xEF, buffer[first + 1] == 0xBB, buffer[first + 2] == 0xBF {
                first += 3
            }
            if last > first, buffer[last - 1] == 0x0D { last -= 1 }
            try buffer.withUnsafeBufferPointer { pointer in
                try body(.line(number: lineNumber, bytes: UnsafeBufferPointer(rebasing: pointer[first..<last])))
            }
        }

        while true {
            // Hand out every complete line in the buffer.
            while let newline = Self.firstNewline(in: buffer, from: start, to: end) {
                if skipping {
                    lineNumber += 1
                    try body(.tooLong(number: lineNumber, byteCount: skippedBytes + newline - start))
                    skipping = false
                    skippedBytes = 0
                } else if newline - start > maxLineBytes {
                    lineNumber += 1
                    try body(.tooLong(number: lineNumber, byteCount: newline - start))
                } else {
                    try emit(start, newline)
                }
                start = newline + 1
            }
            if atEndOfFile { break }
            // Keep the partial line; drop it if it has grown past the limit.
            if skipping {
                skippedBytes += end - start
                start = end
            } else if end - start > maxLineBytes {
                skipping = true
                skippedBytes = end - start
                start = end
            }
            if start > 0 {
                buffer.replaceSubrange(0..<(end - start), with: buffer[start..<end])
                end -= start
                start = 0
            }
            if buffer.count - end < chunkSize / 2 {
                buffer.append(contentsOf: repeatElement(0, count: max(buffer.count, chunkSize)))
            }
            let count = try buffer.withUnsafeMutableBytes { raw in
                try input.read(into: raw.baseAddress! + end, count: raw.count - end)
            }
            if count == 0 {
                atEndOfFile = true
                // A last line without a newline.
                if skipping {
                    lineNumber += 1
                    try body(.tooLong(number: lineNumber, byteCount: skippedBytes + end - start))
                } else if end > start {
                    if end - start > maxLineBytes {
                        lineNumber += 1
                        try body(.tooLong(number: lineNumber, byteCount: end - start))
                    } else {
                        try emit(start, end)
                    }
                }
                start = end
                continue
            }
            end += count
            bytesRead += count
        }
    }
}
