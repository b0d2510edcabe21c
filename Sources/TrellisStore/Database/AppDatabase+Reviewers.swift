import GRDB
import TrellisModel

extension AppDatabase {
    /// The reviewer called `name`, created with the reviewer role the first time it is seen.
    public func reviewer(named name: String) throws -> ReviewerRecord {
        try write { db in try self.reviewer(named: name, in: db) }
    }

    func reviewer(named name: String, in db: Database) throws -> ReviewerRecord {
        if let existing = try ReviewerRecord.fetchOne(db.cachedStatement(sql: "SELECT * FROM reviewer WHERE name = ?"), arguments: [name]) {
            return existing
        }
        let time = now()
        try db.cachedStatement(sql: "INSERT INTO reviewer (name, role, created_at) VALUES (?, ?, ?)").execute(arguments: [name, ReviewerRole.reviewer, time])
        return ReviewerRecord(id: db.lastInsertedRowID, name: name, role: .reviewer, createdAt: time)
    }
}
