import ArgumentParser
import Foundation
import TrellisCore

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Export the tag schema for constrained decoding: a transition table (JSON) or a llama.cpp grammar (GBNF).",
        discussion: """
            json: in each mode and at the top level, which tags may open and close next, which text may
            stand there and which neighbours are banned, for a decoding-time logits processor.
            gbnf: the same rules as a grammar for llama.cpp's --grammar-file, matching a document's
            tagged text. The schema is --schema FILE, else the database's (--db), else the built-in one.
            See docs/schema.md.
            """
    )

    enum Export: String, ExpressibleByArgument, CaseIterable {
        case json, gbnf
    }

    @OptionGroup var project: ProjectOptions

    @Option(help: ArgumentHelp("What to write: \(Export.allCases.map(\.rawValue).joined(separator: " or ")).", valueName: "format"))
    var export: Export

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write (default: standard output).", valueName: "path"))
    var out: String?

    func run() throws {
        let database = project.db == nil ? nil : try project.openDatabase(readOnly: true)
        let table = TransitionTable(schema: try project.loadSchema(database: database))
        let bytes = switch export {
        case .json: table.json()
        case .gbnf: Array(GBNFGrammar.grammar(for: table).utf8)
        }
        guard let out else { return FileHandle.standardOutput.write(Data(bytes)) }
        guard FileManager.default.createFile(atPath: out, contents: Data(bytes)) else { throw CLIError("cannot write \(out)") }
    }
}
