import Foundation
import TrellisCore

/// A brat folder to import: every `NAME.txt` with the `NAME.ann` beside it (if any), in the
/// order of their names, and `ids.tsv` when the folder has one. Other files (`annotation.conf`,
/// `SHA256SUMS`, a manifest…) and subfolders are ignored.
struct BratFolder {
    let path: String
    /// Names of the documents (file names without `.txt`), sorted.
    let names: [String]
    /// `.ann` files without a `.txt`.
    let orphans: [String]
    let hasIDMap: Bool

    init(path: String) throws {
        self.path = path
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw ImportError.cannotOpen(path: path, reason: (error as NSError).localizedDescription)
        }
        let texts = Set(entries.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) })
        let annotations = Set(entries.filter { $0.hasSuffix(".ann") }.map { String($0.dropLast(4)) })
        guard !texts.isEmpty || !annotations.isEmpty else {
            throw ImportError.unrecognised(path: path, seen: Self.notBrat(path, entries))
        }
        names = texts.sorted()
        orphans = annotations.subtracting(texts).sorted()
        hasIDMap = entries.contains(BratIDMap.fileName)
    }

    /// What a folder without `.txt` or `.ann` files is: an hf export or a folder of split files
    /// is named, with the files to import instead.
    static func notBrat(_ path: String, _ entries: [String]) -> String {
        let jsonl = entries.filter { $0.hasSuffix(".jsonl") }.sorted()
        if !jsonl.isEmpty {
            return "a folder of JSONL files (\(jsonl.prefix(3).joined(separator: ", "))\(jsonl.count > 3 ? ", …" : "")), not a brat folder — import the files: \(path)/*.jsonl"
        }
        if entries.contains("README.md"), entries.contains("data") {
            return "a dataset folder (README.md and data/), not a brat folder — import its data files: \(path)/data/*.jsonl"
        }
        return "a folder without .txt or .ann files — not a brat folder"
    }

    /// Converts every document in order; `body` returns whether to go on.
    func forEachDocument(schema: TagSchema, onRead: (Int) -> Void, _ body: (ConversionResult) throws -> Bool) throws {
        let converter = BratConverter(schema: schema)
        var idMap = BratIDMap()
        if hasIDMap {
            let bytes = try read(BratIDMap.fileName)
            idMap = bytes.withUnsafeBufferPointer(BratIDMap.init(parsing:))
            for problem in idMap.problems {
                guard try body(.failure(LineRejection([problem]))) else { return }
            }
        }
        for name in orphans {
            let problem = ImportProblem(line: 1, column: 1, message: "\(name).ann has no \(name).txt beside it", file: name + ".ann")
            guard try body(.failure(LineRejection([problem]))) else { return }
        }
        for name in names {
            let text = try read(name + ".txt")
            let annotations = FileManager.default.fileExists(atPath: file(name + ".ann")) ? try read(name + ".ann") : nil
            onRead(text.count + (annotations?.count ?? 0))
            let (id, place) = idMap.id(of: name)
            let result = text.withUnsafeBufferPointer { text in
                guard let annotations else { return converter.convert(name: name, text: text, annotations: nil, id: id, idPlace: place) }
                return annotations.withUnsafeBufferPointer { converter.convert(name: name, text: text, annotations: $0, id: id, idPlace: place) }
            }
            guard try body(result) else { return }
        }
    }

    private func file(_ name: String) -> String {
        (path as NSString).appendingPathComponent(name)
    }

    private func read(_ name: String) throws -> [UInt8] {
        let input = try InputFile(path: file(name))
        var bytes: [UInt8] = []
        while try input.read(appendingTo: &bytes, count: max(input.fileSize ?? 0, 1 << 16) + 1) > 0 {}
        return bytes
    }
}
