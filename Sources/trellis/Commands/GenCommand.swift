import ArgumentParser
import Foundation
import TrellisCore

struct GenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Write a deterministic synthetic corpus in the import format (for benchmarks and demos).",
        discussion: """
            About 1 document in 100 has a tag error the importer rejects, and some have schema problems to \
            review. With --rewriter NAME:RATE (repeatable), each document is written by one of the \
            rewriters (meta.rewriter), which gives each span the wrong label with probability RATE; \
            --truth FILE writes the same documents without those errors. See docs/quality.md.
            """
    )

    @Option(help: ArgumentHelp("How many documents.", valueName: "n"))
    var docs: Int

    @Option(help: ArgumentHelp("The seed: the same seed gives the same file.", valueName: "s"))
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write (default: standard output).", valueName: "path"))
    var out: String?

    @Option(parsing: .singleValue, help: ArgumentHelp("A rewriter and the share of spans it mislabels, e.g. rw-7b:0.08 (repeatable).", valueName: "name:rate"))
    var rewriter: [String] = []

    @Option(help: ArgumentHelp("With --rewriter: also write the documents without the planted errors here.", valueName: "path"))
    var truth: String?

    func validate() throws {
        guard docs >= 0 else { throw ValidationError("--docs must be 0 or more") }
        for text in rewriter where CorpusGenerator.PlantedRewriter(parsing: text) == nil {
            throw ValidationError("--rewriter takes NAME or NAME:RATE with a rate from 0 to 1, found \(text)")
        }
        if truth != nil, rewriter.isEmpty { throw ValidationError("--truth needs --rewriter") }
    }

    func run() throws {
        let handle = try Self.open(out)
        let truthHandle = try truth.map { try Self.open($0) }
        var generator = CorpusGenerator(seed: seed, rewriters: rewriter.compactMap(CorpusGenerator.PlantedRewriter.init(parsing:)))
        var buffer = "", truthBuffer = ""
        for index in 1...max(1, docs) where docs > 0 {
            let document = generator.nextDocument(index: index)
            buffer += document.line + "\n"
            if truthHandle != nil { truthBuffer += document.truth + "\n" }
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                try truthHandle?.write(contentsOf: Data(truthBuffer.utf8))
                buffer = ""
                truthBuffer = ""
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
        try handle.close()
        try truthHandle?.write(contentsOf: Data(truthBuffer.utf8))
        try truthHandle?.close()
    }

    /// The file at `path` (created, or emptied), or standard output.
    private static func open(_ path: String?) throws -> FileHandle {
        guard let path else { return FileHandle.standardOutput }
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CLIError("cannot create \(path)") }
        return try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    }
}
