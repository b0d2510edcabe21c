import GRDB

extension AppDatabase {
    /// A random id given to the database when it was created (recorded in export manifests).
    public func databaseID() throws -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT value FROM database_info WHERE key = 'database_id'") ?? "" }
    }

    /// A project file kept in the database.
    public enum ProjectFile: String, Sendable {
        case schema, rubric
    }

    /// The project file given with `--schema` or `--rubric` earlier, kept so that every later
    /// command and every reviewer uses the same one.
    public func storedFile(_ kind: ProjectFile) throws -> (name: String, bytes: [UInt8])? {
        try read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT value FROM database_info WHERE key = ?", arguments: [kind.rawValue]) else { return nil }
            let name = try String.fetchOne(db, sql: "SELECT value FROM database_info WHERE key = ?", arguments: [kind.rawValue + "_file"]) ?? kind.rawValue
            return (name, Array(text.utf8))
        }
    }

    /// Keeps `bytes` as the project's schema or rubric.
    public func storeFile(_ kind: ProjectFile, name: String, bytes: [UInt8]) throws {
        try write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO database_info (key, value) VALUES (?, ?), (?, ?)",
                arguments: [kind.rawValue, String(decoding: bytes, as: UTF8.self), kind.rawValue + "_file", name])
        }
    }
}

extension AppDatabase {
    /// Whether the database holds any document.
    func hasDocuments() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM document)") ?? false }
    }
}
