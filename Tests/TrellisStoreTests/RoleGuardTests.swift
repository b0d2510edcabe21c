import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// Roles guard against mistakes: the last admin stays, and a role is checked before anything else.
@Suite struct RoleGuardTests {
    let database: AppDatabase

    init() throws {
        database = try AppDatabase.inMemory()
    }

    @Test func theLastAdminCannotStepDown() throws {
        try database.setRole(.admin, of: "ada", by: nil)
        #expect(throws: StoreError.refused("ada is the last admin; make someone else admin first (without an admin, roles would stop applying to anyone)")) {
            try database.setRole(.reviewer, of: "ada", by: "ada")
        }
        #expect(try database.role(of: "ada") == .admin)
        #expect(try database.hasAdmin())
        try database.setRole(.admin, of: "bo", by: "ada")
        try database.setRole(.adjudicator, of: "ada", by: "bo")
        #expect(try database.role(of: "ada") == .adjudicator)
        #expect(throws: StoreError.self) { try database.setRole(.reviewer, of: "bo", by: "bo") }
    }

    @Test func onceThereIsAnAdminOnlyAnAdminChangesRoles() throws {
        try database.setRole(.adjudicator, of: "cy", by: nil)
        try database.setRole(.admin, of: "ada", by: "cy")
        #expect(throws: StoreError.refused("cy is an adjudicator; only admin may change roles")) {
            try database.setRole(.admin, of: "cy", by: "cy")
        }
        #expect(throws: StoreError.self) { try database.setRole(.admin, of: "cy", by: nil) }
        try database.setRole(.admin, of: "cy", by: "ada")
        #expect(try database.role(of: "cy") == .admin)
    }

    @Test func actingUnderAnotherNameNeedsTheAdminRoleOnceThereIsAnAdmin() throws {
        #expect(try database.actingReviewer(login: "cy", requested: nil) == "cy")
        #expect(try database.actingReviewer(login: "cy", requested: "bo") == "bo", "before there is an admin, anyone may name themselves")
        #expect(try database.actingReviewer(login: nil, requested: "bo") == "bo")
        try database.setRole(.admin, of: "ada", by: nil)
        #expect(throws: StoreError.refused("acting as bo needs the admin role; cy is a reviewer")) {
            try database.actingReviewer(login: "cy", requested: "bo")
        }
        #expect(try database.actingReviewer(login: "cy", requested: "cy") == "cy")
        #expect(try database.actingReviewer(login: "ada", requested: "bo") == "bo")
        #expect(try database.actingReviewer(login: nil, requested: "bo") == nil, "an account without a name cannot be checked")
    }

    @Test func aReviewerIsRefusedAutomaticAdjudicationEvenWithNothingToAccept() throws {
        try database.setRole(.admin, of: "ada", by: nil)
        #expect(throws: StoreError.refused("cy is a reviewer; only adjudicator or admin may adjudicate")) {
            _ = try database.autoAdjudicate(by: "cy", schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric)
        }
        #expect(try database.autoAdjudicate(by: "ada", schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric).isEmpty)
    }
}
