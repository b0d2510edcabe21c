import ArgumentParser
import Foundation
import TrellisCore

struct GenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gen",
        abstract: "Write a deterministic synthetic corpus in the import format (for benchmarks and demos).",
        discussion: "About 1 document in 100 has a tag error the importer rejects, and some have schema problems to review."
    )

    @Option(help: ArgumentHelp("How many documents.", valueName: "n"))
    var docs: Int

    @Option(help: ArgumentHelp("The seed: the same seed gives the same file.", valueName: "s"))
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write (default: standard output).", valueName: "path"))
    var out: String?

    func validate() throws {
        guard docs >= 0 else { throw ValidationError("--docs must be 0 or more") }
    }

    func run() throws {
        let handle: FileHandle
        if let out {
            guard FileManager.default.createFile(atPath: out, contents: nil) else { throw CLIError("cannot create \(out)") }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        } else {
            handle = FileHandle.standardOutput
        }
        var generator = CorpusGenerator(seed: seed)
        var buffer = ""
        for index in 1...max(1, docs) where docs > 0 {
            buffer += generator.nextLine(index: index) + "\n"
            if buffer.utf8.count > 1 << 20 {
                try handle.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        try handle.write(contentsOf: Data(buffer.utf8))
        try handle.close()
    }
}
