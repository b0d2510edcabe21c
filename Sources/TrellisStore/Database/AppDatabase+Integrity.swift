import GRDB

extension AppDatabase {
    /// What SQLite's `PRAGMA integrity_check` finds wrong with the file (at most `limit`
    /// problems): pages, indexes matching their tables, `NOT NULL` and `CHECK` constraints (these
    /// only when the database was opened for writing). Empty for a sound file. `quick` runs `quick_check`, which skips comparing indexes with their
    /// tables (about twice as fast).
    public func integrityProblems(quick: Bool = false, limit: Int = 20) throws -> [String] {
        let problems: [String]
        do {
            // On the writer: SQLite skips CHECK constraints on connections opened read-only.
            problems = try writer.writeWithoutTransaction { db in
                try String.fetchAll(db, sql: "PRAGMA \(quick ? "quick_check" : "integrity_check")(\(max(1, limit)))")
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CORRUPT {
            // Damage can stop the check itself (a page it needs to start with).
            return [error.message ?? "database disk image is malformed"]
        }
        // Each problem is a line; a header names the schema ("*** in database main ***").
        return problems == ["ok"] ? [] : problems.flatMap { $0.split(separator: "\n").map(String.init) }.filter { !$0.hasPrefix("***") }
    }

    /// Refuses a damaged file (`StoreError.damaged`) before a bulk write: `quick_check` reads
    /// every page, so that nothing is written into a file that cannot hold it.
    public func requireSound() throws {
        do {
            if let first = try integrityProblems(quick: true, limit: 2).first {
                throw StoreError.damaged(path: path ?? "database", detail: first)
            }
        } catch {
            guard let detail = StoreMessages.damage(in: error) else { throw error }
            throw StoreError.damaged(path: path ?? "database", detail: detail)
        }
    }
}
