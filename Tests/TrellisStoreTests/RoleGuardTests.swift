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
        try database.setRole(.admin, of: "ada")
        #expect(throws: StoreError.refused("ada is the last admin; make someone else admin first (without an admin, roles would stop applying to anyone)")) {
            try database.setRole(.reviewer, of: "ada")
        }
        #expect(try database.role(of: "ada") == .admin)
        #expect(try database.hasAdmin())
        try database.setRole(.admin, of: "bo")
        try database.setRole(.adjudicator, of: "ada")
        #expect(try database.role(of: "ada") == .adjudicator)
        #expect(throws: StoreError.self) { try database.setRole(.reviewer, of: "bo") }
    }

    @Test func aReviewerIsRefusedAutomaticAdjudicationEvenWithNothingToAccept() throws {
        try database.setRole(.admin, of: "ada")
        #expect(throws: StoreError.refused("cy is a reviewer; only adjudicator or admin may adjudicate")) {
            _ = try database.autoAdjudicate(by: "cy", schema: Fixtures.defaultSchema)
        }
        #expect(try database.autoAdjudicate(by: "ada", schema: Fixtures.defaultSchema).isEmpty)
    }
}
