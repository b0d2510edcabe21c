import Crypto
import Foundation
import TrellisCore

/// Checks a brat export folder, streaming it (a folder holds two files per document): every `T`
/// line's offsets inside its `.txt` and its text matching them, and, when the folder has the
/// `SHA256SUMS` list export writes, every listed file's sum.
enum BratFolderCheck {
    static func problems(in directory: String) throws -> [String] {
        var problems: [String] = []
        guard forEachEntry(in: directory, { name in
            if name.hasSuffix(".ann") { problems += annotationProblems(directory, name) }
        }) else {
            return ["\(directory): cannot read the folder: \(String(cString: strerror(errno)))"]
        }
        problems += try checksumProblems(directory)
        return problems
    }

    /// Calls `body` with the name of every entry of `directory`, read one by one; false when the
    /// folder cannot be opened.
    private static func forEachEntry(in directory: String, _ body: (String) -> Void) -> Bool {
        guard let stream = opendir(directory) else { return false }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { body(name) }
        }
        return true
    }

    private static func annotationProblems(_ directory: String, _ name: String) -> [String] {
        let base = String(name.dropLast(4))
        guard let text = FileManager.default.contents(atPath: "\(directory)/\(base).txt").map({ String(decoding: $0, as: UTF8.self) }) else {
            return ["\(directory)/\(name): no \(base).txt beside it"]
        }
        var problems: [String] = []
        let scalars = text.codePoints
        let annotations = String(decoding: FileManager.default.contents(atPath: "\(directory)/\(name)") ?? Data(), as: UTF8.self)
        for (index, line) in annotations.split(separator: "\n").enumerated() where line.hasPrefix("T") {
            // The text, last, may hold tabs of its own: brat splits at the first two only.
            let fields = line.split(separator: "\t", maxSplits: 2, omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                problems.append("\(directory)/\(name):\(index + 1): a T line needs three tab-separated fields")
                continue
            }
            let placement = fields[1].split(separator: " ", maxSplits: 1)
            let ranges = placement.count == 2 ? placement[1].split(separator: ";").map { $0.split(separator: " ").compactMap { Int($0) } } : []
            guard !ranges.isEmpty, ranges.allSatisfy({ $0.count == 2 && 0 <= $0[0] && $0[0] < $0[1] && $0[1] <= scalars.count }) else {
                problems.append("\(directory)/\(name):\(index + 1): offsets outside the text")
                continue
            }
            let covered = ranges.map { AnnotatedText(scalars: Array(scalars[$0[0]..<$0[1]])).text }.joined(separator: " ")
            if covered != String(fields[2]) {
                problems.append("\(directory)/\(name):\(index + 1): the text does not match the offsets")
            }
        }
        return problems
    }

    /// Every file `SHA256SUMS` lists, hashed again and compared, line by line.
    private static func checksumProblems(_ directory: String) throws -> [String] {
        let list = "\(directory)/\(Exporter.checksumFile)"
        guard FileManager.default.fileExists(atPath: list) else { return [] }
        var problems: [String] = []
        let reader = try LineReader(path: list, maxLineBytes: 1 << 16)
        try reader.forEachLine { event in
            guard case .line(let number, let bytes) = event else { return problems.append("\(list): line too long") }
            let line = String(decoding: bytes, as: UTF8.self)
            guard let separator = line.range(of: "  ") else { return problems.append("\(list):\(number): not \"SUM  NAME\"") }
            let name = String(line[separator.upperBound...])
            guard let contents = FileManager.default.contents(atPath: "\(directory)/\(name)") else {
                return problems.append("\(list):\(number): \(name) is missing")
            }
            if SHA256.hexDigest(Array(contents)) != line[..<separator.lowerBound] {
                problems.append("\(list):\(number): \(name) does not match its SHA-256")
            }
        }
        return problems
    }
}
