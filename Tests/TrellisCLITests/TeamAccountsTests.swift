import Foundation
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// Roles from the command line, and a team of Unix accounts sharing one database the way
/// docs/team.md sets it up: a group, a setgid folder, umask 002.
@Suite struct TeamAccountsTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func rolesAreCheckedBeforeThereIsAnythingToDo() throws {
        let db = directory.path("team.sqlite")
        let me = try #require(getpwuid(getuid())).pointee.pw_name.map { String(cString: $0) } ?? ""
        #expect(try TrellisProcess.run(["import", "--db", db, try directory.write("c.jsonl", ImportHelpers.line(id: "a", text: "<ai>x</ai>") + "\n")]).status == 0)
        #expect(try TrellisProcess.run(["reviewers", "--db", db, "--set", "ada", "--role", "admin"]).status == 0)
        // This account is now a plain reviewer: refused, though there is nothing to adjudicate.
        let auto = try TrellisProcess.run(["adjudicate", "--db", db, "--auto"])
        #expect(auto.status == 1)
        #expect(auto.stderr.contains("\(me) is a reviewer; only adjudicator or admin may adjudicate"), "\(auto.stderr)")

        let other = directory.path("other.sqlite")
        #expect(try TrellisProcess.run(["import", "--db", other, directory.path("c.jsonl")]).status == 0)
        #expect(try TrellisProcess.run(["reviewers", "--db", other, "--set", me, "--role", "admin"]).status == 0)
        let stepDown = try TrellisProcess.run(["reviewers", "--db", other, "--set", me, "--role", "reviewer"])
        #expect(stepDown.status == 1)
        #expect(stepDown.stderr.contains("\(me) is the last admin"), "\(stepDown.stderr)")
        #expect(try AppDatabase.open(path: other).hasAdmin())
    }

    /// Creates a group and two accounts in it for the test, and removes them afterwards.
    private final class Accounts {
        let group: String
        let names: [String]
        let gid: UInt32
        let uids: [UInt32]

        static var canCreate: Bool {
            TestUser.canSwitch && FileManager.default.isExecutableFile(atPath: "/usr/sbin/useradd") && FileManager.default.isExecutableFile(atPath: "/usr/sbin/groupadd")
        }

        init() throws {
            let tag = String(UUID().uuidString.prefix(6)).lowercased()
            group = "trteam\(tag)"
            names = ["trada\(tag)", "trbo\(tag)"]
            #expect(try Subprocess.run(["/usr/sbin/groupadd", group], captureOutput: true).status == 0)
            for name in names {
                let added = try Subprocess.run(["/usr/sbin/useradd", "--no-create-home", "--gid", group, "--shell", "/usr/sbin/nologin", name], captureOutput: true)
                #expect(added.status == 0, "\(added.output)")
            }
            gid = getgrnam(group).map { $0.pointee.gr_gid } ?? 0
            uids = names.map { getpwnam($0).map { $0.pointee.pw_uid } ?? 0 }
        }

        deinit {
            for name in names { _ = try? Subprocess.run(["/usr/sbin/userdel", name], captureOutput: true) }
            _ = try? Subprocess.run(["/usr/sbin/groupdel", group], captureOutput: true)
        }

        func user(_ index: Int) -> TestUser { TestUser(uid: uids[index], gid: gid, groups: [gid], umask: 0o002) }
    }

    @Test(.enabled(if: Accounts.canCreate, "needs root, setpriv, useradd and groupadd to make two accounts in one group"))
    func twoAccountsInOneGroupReviewOneDatabase() throws {
        let accounts = try Accounts()
        let ada = accounts.user(0), bo = accounts.user(1)
        // The shared folder: owned by the group, setgid so that every file made in it belongs to the group.
        let shared = directory.path("shared")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: false)
        #expect(chown(shared, 0, accounts.gid) == 0)
        #expect(chmod(shared, 0o2775) == 0)
        let db = shared + "/team.sqlite"
        let corpus = try directory.write("c.jsonl", (1...4).map { ImportHelpers.line(id: "d\($0)", text: "<human>Hi \($0).</human> <ai>Hello \($0).</ai>") }.joined(separator: "\n") + "\n")
        let environment = ["HOME": directory.url.path]

        #expect(try TrellisProcess.run(["import", "--db", db, corpus], environment: environment, as: ada).status == 0)
        let assign = try TrellisProcess.run(["assign", "--db", db, "--to", accounts.names[0], accounts.names[1], "--overlap", "1"], environment: environment, as: bo)
        #expect(assign.status == 0, "\(assign.stderr)")
        let adjudicate = try TrellisProcess.run(["adjudicate", "--db", db, "--auto"], environment: environment, as: ada)
        #expect(adjudicate.status == 0, "\(adjudicate.stderr)")
        #expect(try TrellisProcess.run(["stats", "--db", db], environment: environment, as: bo).status == 0)

        for file in try FileManager.default.contentsOfDirectory(atPath: shared) {
            let attributes = try FileManager.default.attributesOfItem(atPath: shared + "/" + file)
            #expect((attributes[.groupOwnerAccountID] as? Int).map(UInt32.init) == accounts.gid, "\(file) belongs to the group")
            #expect(((attributes[.posixPermissions] as? Int) ?? 0) & 0o060 == 0o060, "\(file) is group-writable")
        }
        let database = try AppDatabase.open(path: db, readOnly: true)
        #expect(Set(try database.reviewers().map(\.name)).isSuperset(of: accounts.names), "each account acted under its own name")
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM assignment") } == 8)
    }
}
