import Foundation
import TrellisCore
import TrellisResources
import TrellisTUI

/// Shared test data: the built-in schema and small documents with known offsets.
public enum Fixtures {
    /// The schema shipped in `Resources/schema.json`.
    public static let defaultSchema: TagSchema = {
        do {
            return try TagSchema.load(file: "schema.json", bytes: BundledResource.schema.bytes())
        } catch {
            fatalError("the built-in schema does not load: \(error)")
        }
    }()

    /// The rubric shipped in `Resources/rubric.json`.
    public static let defaultRubric: Rubric = {
        do {
            return try Rubric.load(file: "rubric.json", bytes: BundledResource.rubric.bytes(), schema: defaultSchema)
        } catch {
            fatalError("the built-in rubric does not load: \(error)")
        }
    }()

    /// The keymap shipped in `Resources/keymap.json`.
    public static let defaultKeymap: Keymap = {
        do {
            return try Keymap.load(layers: [("keymap.json", try BundledResource.keymap.bytes())])
        } catch {
            fatalError("the built-in keymap does not load: \(error)")
        }
    }()

    /// The bytes of the built-in rubric file.
    public static func rubricBytes() throws -> [UInt8] {
        try BundledResource.rubric.bytes()
    }

    /// The bytes of the built-in keymap file.
    public static func keymapBytes() throws -> [UInt8] {
        try BundledResource.keymap.bytes()
    }

    /// The repository's root folder.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A copy of the sample database in `directory`, to change freely; returns its path.
    public static func sampleCopy(in directory: TemporaryDirectory) throws -> String {
        let path = directory.path("sample.sqlite")
        try FileManager.default.copyItem(atPath: repositoryFile("sample-db/sample.sqlite").path, toPath: path)
        return path
    }

    /// A file of the repository, e.g. `sample-db/sample.jsonl`.
    public static func repositoryFile(_ relativePath: String) -> URL {
        repositoryRoot.appendingPathComponent(relativePath)
    }
}
