import TrellisCore

/// Streams the records of a JSON input — the elements of one top-level array, or a sequence of
/// top-level values — with bounded memory: a record is handed out as a buffer valid only during
/// the callback, with the place it starts at; a record longer than `maxRecordBytes` is skipped
/// (reported by its length) without ever being held whole.
final class JSONRecordReader {
    enum Event {
        case record(UnsafeBufferPointer<UInt8>, origin: ImportPlace)
        case tooLong(origin: ImportPlace, byteCount: Int)
        /// The layout is broken here; nothing after it can be read.
        case broken(ImportProblem)
    }

    let maxRecordBytes: Int
    private let input: InputFile
    private let layout: JSONLayout
    private let chunkSize: Int
    private var prefix: [UInt8]
    /// Bytes consumed so far.
    private(set) var bytesRead = 0

    var fileSize: Int? { input.fileSize }

    /// Reads `input` (after `prefix`, what was read from it already) laid out as `layout`.
    init(input: InputFile, layout: JSONLayout, maxRecordBytes: Int, prefix: [UInt8] = [], chunkSize: Int = 1 << 20) {
        self.input = input
        self.layout = layout
        self.maxRecordBytes = maxRecordBytes
        self.prefix = prefix
        self.chunkSize = chunkSize
    }

    /// Calls `body` for every record, in order; `body` returns whether to go on.
    func forEachRecord(_ body: (Event) throws -> Bool) throws {
        var buffer = prefix
        prefix = []
        bytesRead += buffer.count
        var base = 0
        var atEnd = false
        var splitter = JSONValueSplitter(layout: layout)
        // Line and column of absolute offset `counted`: every byte is counted once, before it is dropped.
        var place = ImportPlace(line: 1, column: 1)
        var counted = 0
        var skipped: ImportPlace?
        func count(to offset: Int) {
            guard offset > counted else { return }
            buffer.withUnsafeBufferPointer { all in
                let bytes = UnsafeBufferPointer(rebasing: all[(counted - base)..<(offset - base)])
                place = ImportPlace.places(ofByteOffsets: [bytes.count], in: bytes, origin: place)[0]
            }
            counted = offset
        }
        while true {
            let event = buffer.withUnsafeBufferPointer { splitter.next($0, base: base, atEnd: atEnd) }
            switch event {
            case .end:
                return
            case .broken(let message, let offset):
                count(to: min(offset, base + buffer.count))
                _ = try body(.broken(place.problem(message)))
                return
            case .value(let range):
                if let origin = skipped {
                    skipped = nil
                    guard try body(.tooLong(origin: origin, byteCount: range.count)) else { return }
                    continue
                }
                count(to: range.lowerBound)
                if range.count > maxRecordBytes {
                    guard try body(.tooLong(origin: place, byteCount: range.count)) else { return }
                    continue
                }
                let record = buffer.withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[(range.lowerBound - base)..<(range.upperBound - base)]) }
                guard try body(.record(record, origin: place)) else { return }
            case .needMore:
                var keep = splitter.keepFrom
                if skipped == nil, splitter.position - keep > maxRecordBytes {
                    count(to: keep)
                    skipped = place
                }
                if skipped != nil { keep = splitter.position }
                count(to: keep)
                buffer.removeFirst(keep - base)
                base = keep
                let got = try input.read(appendingTo: &buffer, count: chunkSize)
                bytesRead += got
                atEnd = got == 0
            }
        }
    }
}
