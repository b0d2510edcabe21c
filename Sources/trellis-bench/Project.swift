import Foundation
import TrellisCore
import TrellisResources
import TrellisStore
import TrellisTUI

/// The schema, rubric and keymap a review session uses, found as `trellis review` finds them:
/// the database's own files, else the built-in ones; the built-in keymap.
struct Project {
    var schema: TagSchema
    var rubric: Rubric
    var keymap: Keymap

    static func load(for database: AppDatabase) throws -> Project {
        let keymap = try Keymap.load(layers: [("keymap.json", try BundledResource.keymap.bytes())])
        let schemaFile = try database.storedFile(.schema) ?? (name: "schema.json", bytes: try BundledResource.schema.bytes())
        let schema = try TagSchema.load(file: schemaFile.name, bytes: schemaFile.bytes)
        let rubricFile = try database.storedFile(.rubric) ?? (name: "rubric.json", bytes: try BundledResource.rubric.bytes())
        let rubric = try Rubric.load(file: rubricFile.name, bytes: rubricFile.bytes, schema: schema, reservedKeys: keymap.reservedDocumentKeys)
        return Project(schema: schema, rubric: rubric, keymap: keymap)
    }

    /// A review session on an 80×24 screen, started (first page loaded, as `trellis review` does).
    static func session(path: String, reviewer: String, size: ScreenSize = ScreenSize(rows: 24, cols: 80)) throws -> AppRuntime {
        let database = try AppDatabase.open(path: path)
        let project = try load(for: database)
        let state = AppState(size: size, schema: project.schema, rubric: project.rubric, keymap: project.keymap, reviewer: reviewer)
        let runtime = AppRuntime(store: SQLiteReviewStore(database: database, schema: project.schema), state: state)
        runtime.start()
        return runtime
    }
}
