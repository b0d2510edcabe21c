import ArgumentParser
import Foundation
import TrellisCore
import TrellisResources
import TrellisStore

/// Options every database command shares: which database, which schema, who is acting.
struct ProjectOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The Trellis database (SQLite file).", valueName: "path"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("A tag schema file (default: the one the database was imported with, else the built-in one).", valueName: "file"))
    var schema: String?

    @Option(name: .long, help: ArgumentHelp("Your reviewer name (default: your login name).", valueName: "name"))
    var reviewer: String?

    /// The reviewer acting: `--reviewer`, else the login name.
    var reviewerName: String { reviewer ?? LoginName.current }

    /// The schema to use: `--schema`, else the database's own, else the built-in one.
    func loadSchema(database: AppDatabase?) throws -> (schema: TagSchema, file: String, bytes: [UInt8]) {
        if let schema {
            let bytes = try FileInput.bytes(of: schema)
            return (try TagSchema.load(file: schema, bytes: bytes), schema, bytes)
        }
        if let stored = try database?.storedSchema() {
            return (try TagSchema.load(file: "\(stored.name) (stored in the database)", bytes: stored.bytes), stored.name, stored.bytes)
        }
        let bytes = try BundledResource.schema.bytes()
        return (try TagSchema.load(file: BundledResource.schema.displayName, bytes: bytes), BundledResource.schema.displayName, bytes)
    }

    /// Opens `--db`, or the sample database when none is given.
    func openDatabase(readOnly: Bool = false) throws -> AppDatabase {
        let path = try db ?? SampleDatabase.userCopy()
        if readOnly, !FileManager.default.fileExists(atPath: path) {
            throw ValidationError("no database at \(path)")
        }
        return try AppDatabase.open(path: path, readOnly: readOnly, allowReadOnly: true)
    }
}
