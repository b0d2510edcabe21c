import Foundation
import TrellisCore
import TrellisStore

/// Running the importer on text in tests.
public enum ImportHelpers {
    /// Writes `lines` to a temporary file and imports it into `database`.
    public static func importLines(
        _ lines: [String], into database: AppDatabase, in directory: TemporaryDirectory, name: String = "input.jsonl",
        options: ImportOptions = ImportOptions(), reviewer: String = "tester"
    ) throws -> ImportSummary {
        let path = try directory.write(name, lines.joined(separator: "\n") + "\n")
        return try Importer(database: database, schema: Fixtures.defaultSchema, options: options, reviewer: reviewer).run(path: path)
    }

    /// A JSONL line for a tagged document.
    public static func line(id: String, text: String, stage: Int? = nil, source: String? = nil) -> String {
        var object = "{\"id\": \(quoted(id)), \"text\": \(quoted(text))"
        if let stage { object += ", \"stage\": \(stage)" }
        if let source { object += ", \"source\": \(quoted(source))" }
        return object + "}"
    }

    /// A JSON string literal.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        JSONString.append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
