import Foundation
import TrellisCore

/// Writes an export's records into one file per split (``DatasetSplits``): every document's
/// records go to one split, each stage is cut in the splits' proportions. A stage's records are
/// kept in a spool file (memory holds a key and a place per document) until the stage ends and
/// its documents can be ranked; then they are copied, in export order, to their splits' files.
final class SplitWriter {
    let splits: DatasetSplits
    /// One per split, in the order of `splits`.
    let files: [HashingFileWriter]
    private(set) var counts: [SplitCount]
    private let spoolPath: String
    private let spool: Int32
    private let disk: ExportDisk
    private var spoolBytes = 0
    private var stage: Int??
    private var pending: [(key: UInt64, offset: Int, length: Int, records: Int, spans: Int)] = []

    init(splits: DatasetSplits, paths: [String], spool: String, disk: ExportDisk) throws {
        self.splits = splits
        self.disk = disk
        files = try paths.map { try HashingFileWriter(path: $0, disk: disk) }
        counts = splits.splits.map { SplitCount(name: $0.name) }
        spoolPath = spool
        self.spool = open(spool, O_RDWR | O_CREAT | O_TRUNC, 0o600)
        guard self.spool >= 0 else { throw ExportError.cannotWrite("\(spool): \(String(cString: strerror(errno)))") }
    }

    deinit {
        removeSpool()
    }

    private var spoolOpen = true

    private func removeSpool() {
        guard spoolOpen else { return }
        spoolOpen = false
        close(spool)
        unlink(spoolPath)
    }

    /// Adds a document's records (each a line without its newline) holding `spans` gold spans.
    func add(id: String, stage: Int?, records: [[UInt8]], spans: Int) throws {
        if let current = self.stage, current != stage { try endStage() }
        self.stage = .some(stage)
        var bytes: [UInt8] = []
        for record in records {
            bytes += record
            bytes.append(0x0A)
        }
        try writeAll(bytes, to: spool, path: spoolPath, disk: disk)
        pending.append((splits.key(of: id), spoolBytes, bytes.count, records.count, spans))
        spoolBytes += bytes.count
    }

    /// Writes out the last stage and closes every split's file; returns their sizes and sums.
    func finish() throws -> [(bytes: Int, sha256: String)] {
        try endStage()
        removeSpool()
        return try files.map { file in
            let sha256 = try file.close()
            return (file.bytesWritten, sha256)
        }
    }

    /// Ranks the stage's documents, copies their records to their splits, empties the spool.
    private func endStage() throws {
        let assignment = splits.assign(pending.map(\.key))
        var buffer: [UInt8] = []
        for (entry, split) in zip(pending, assignment) {
            buffer = [UInt8](repeating: 0, count: entry.length)
            let read = buffer.withUnsafeMutableBytes { pread(spool, $0.baseAddress, entry.length, off_t(entry.offset)) }
            guard read == entry.length else { throw ExportError.cannotWrite("\(spoolPath): \(String(cString: strerror(errno)))") }
            try files[split].write(buffer)
            counts[split].documents += 1
            counts[split].records += entry.records
            counts[split].spans += entry.spans
        }
        pending.removeAll()
        spoolBytes = 0
        guard ftruncate(spool, 0) == 0, lseek(spool, 0, SEEK_SET) == 0 else { throw ExportError.cannotWrite("\(spoolPath): \(String(cString: strerror(errno)))") }
    }
}
