import GRDB

extension AppDatabase {
    /// The reviewer called `name`, created with the reviewer role the first time it is seen.
    public func reviewer(named name: String) throws -> ReviewerRecord {
        try writer.write { db in try self.reviewer(named: name, in: db) }
    }

    func reviewer(named name: String, in db: Database) throws -> ReviewerRecord {
        if let existing = try ReviewerRecord.filter(Column("name") == name).fetchOne(db) {
            return existing
        }
        var record = ReviewerRecord(id: nil, name: name, role: .reviewer, createdAt: now())
        try record.insert(db)
        return record
    }
}
