import GRDB
import TrellisModel

extension AppDatabase {
    /// Every reviewer with their role, in name order.
    public func reviewers() throws -> [ReviewerRecord] {
        try read { db in try ReviewerRecord.order(Column("name")).fetchAll(db) }
    }

    /// Creates or changes a reviewer's role. The last admin keeps the role: without an admin,
    /// roles would silently stop applying to everyone.
    @discardableResult
    public func setRole(_ role: ReviewerRole, of name: String) throws -> ReviewerRecord {
        if isReadOnly { throw StoreError.readOnly(path ?? "database") }
        return try write { db in
            var record = try self.reviewer(named: name, in: db)
            if record.role == .admin, role != .admin,
               try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reviewer WHERE role = 'admin'") == 1 {
                throw StoreError.refused("\(name) is the last admin; make someone else admin first (without an admin, roles would stop applying to anyone)")
            }
            record.role = role
            try db.execute(sql: "UPDATE reviewer SET role = ? WHERE id = ?", arguments: [role, record.id])
            return record
        }
    }

    /// The role of `name` (`reviewer` for someone not yet known).
    public func role(of name: String) throws -> ReviewerRole {
        try read { db in try ReviewerRecord.filter(Column("name") == name).fetchOne(db)?.role ?? .reviewer }
    }

    /// Whether the database has any admin (until it has one, nobody's actions are restricted by role).
    public func hasAdmin() throws -> Bool {
        try read { db in try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM reviewer WHERE role = 'admin')") ?? false }
    }

    /// Refuses unless `name` has one of `roles` (or the database has no admin yet), before
    /// anything else is looked at.
    public func require(_ roles: Set<ReviewerRole>, of name: String, to what: String) throws {
        try read { db in try require(roles, of: name, to: what, in: db) }
    }

    /// Refuses unless `name` has one of `roles` (or the database has no admin yet).
    func require(_ roles: Set<ReviewerRole>, of name: String, to what: String, in db: Database) throws {
        let hasAdmin = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM reviewer WHERE role = 'admin')") ?? false
        guard hasAdmin else { return }
        let role = try ReviewerRecord.filter(Column("name") == name).fetchOne(db)?.role ?? .reviewer
        guard roles.contains(role) else {
            throw StoreError.refused("\(name) is a \(role.rawValue); only \(roles.map(\.rawValue).sorted().joined(separator: " or ")) may \(what)")
        }
    }
}
