import GRDB
import TrellisModel

extension AppDatabase {
    /// Every reviewer with their role, in name order.
    public func reviewers() throws -> [ReviewerRecord] {
        try read { db in try ReviewerRecord.order(Column("name")).fetchAll(db) }
    }

    /// Creates or changes a reviewer's role, as `actor`: anyone before the database has an admin,
    /// then only an admin (`actor == nil`, nobody named, is refused then). The last admin keeps
    /// the role: without an admin, roles would silently stop applying to everyone.
    @discardableResult
    public func setRole(_ role: ReviewerRole, of name: String, by actor: String?) throws -> ReviewerRecord {
        if isReadOnly { throw StoreError.readOnly(path ?? "database") }
        return try write { db in
            if try Self.hasAdmin(in: db) {
                guard let actor else { throw StoreError.refused("only an admin may change roles; name yourself with an account or --reviewer") }
                try self.require([.admin], of: actor, to: "change roles", in: db)
            }
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
        try read { db in try Self.hasAdmin(in: db) }
    }

    static func hasAdmin(in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM reviewer WHERE role = 'admin')") ?? false
    }

    /// The name to act under: the account's `login`, or `requested` (`--reviewer`), which is an
    /// admin's override once the database has an admin (before that, anyone may name themselves).
    /// Refused (`StoreError.refused`) when acting under another name needs the admin role; `nil`
    /// when only the account's name would do and it has none (`login == nil`: an account that
    /// cannot be checked).
    public func actingReviewer(login: String?, requested: String?) throws -> String? {
        try read { db in
            let hasAdmin = try Self.hasAdmin(in: db)
            guard let login else { return hasAdmin ? nil : requested }
            guard let requested, requested != login, hasAdmin else { return requested ?? login }
            let role = try ReviewerRecord.filter(Column("name") == login).fetchOne(db)?.role ?? .reviewer
            guard role == .admin else { throw StoreError.refused("acting as \(requested) needs the admin role; \(login) is \(role.withArticle)") }
            return requested
        }
    }

    /// Refuses unless `name` has one of `roles` (or the database has no admin yet), before
    /// anything else is looked at.
    public func require(_ roles: Set<ReviewerRole>, of name: String, to what: String) throws {
        try read { db in try require(roles, of: name, to: what, in: db) }
    }

    /// Refuses unless `name` has one of `roles` (or the database has no admin yet: `RolePolicy`).
    func require(_ roles: Set<ReviewerRole>, of name: String, to what: String, in db: Database) throws {
        guard try Self.hasAdmin(in: db) else { return }
        let role = try ReviewerRecord.filter(Column("name") == name).fetchOne(db)?.role
        if let refusal = RolePolicy.refusal(of: name, role: role, storeHasAdmin: true, needs: roles, to: what) {
            throw StoreError.refused(refusal)
        }
    }
}
