import GRDB

extension AppDatabase {
    /// A random id given to the database when it was created (recorded in export manifests).
    public func databaseID() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT value FROM database_info WHERE key = 'database_id'") ?? "" }
    }

    /// The schema file the project imported with (`--schema`), kept so later commands use it too.
    public func storedSchema() throws -> (name: String, bytes: [UInt8])? {
        try writer.read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT value FROM database_info WHERE key = 'schema'") else { return nil }
            let name = try String.fetchOne(db, sql: "SELECT value FROM database_info WHERE key = 'schema_file'") ?? "schema"
            return (name, Array(text.utf8))
        }
    }

    /// Keeps `bytes` as the project's schema.
    public func storeSchema(file: String, bytes: [UInt8]) throws {
        try writer.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO database_info (key, value) VALUES ('schema', ?), ('schema_file', ?)",
                arguments: [String(decoding: bytes, as: UTF8.self), file])
        }
    }
}
