import Crypto
import Foundation
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// The export file writer hashes and writes on a background queue: the bytes and the digest must
/// still be exactly what was handed over, in order, and a write error must reach the caller.
@Suite struct HashingFileWriterTests {
    @Test func writesEverythingInOrderAndHashesIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("out.jsonl")
        let writer = try HashingFileWriter(path: path)
        var expected: [UInt8] = []
        for index in 0..<40_000 {
            let record = Array("{\"n\": \(index), \"text\": \"\(String(repeating: "é", count: index % 97))\"}".utf8)
            try writer.line(record)
            expected += record + [0x0A]
        }
        let digest = try writer.close()
        #expect(writer.bytesWritten == expected.count)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(expected))
        #expect(digest == SHA256.hexDigest(expected))
    }

    @Test(.enabled(if: FileManager.default.isWritableFile(atPath: "/dev/full")))
    func aFullDiskIsAnErrorNotAShortFile() throws {
        let writer = try HashingFileWriter(path: "/dev/full")
        #expect(throws: ExportError.self) {
            for _ in 0..<10 { try writer.write([UInt8](repeating: 0x61, count: 1 << 20)) }
            _ = try writer.close()
        }
    }
}
