import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// Who is acting comes from the passwd entry of the real user id, never from the environment;
/// where data and config live comes from `$HOME` and the XDG variables, as for other Unix tools.
@Suite struct IdentityTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test(.enabled(if: TestUser.canSwitch, "needs root and setpriv to run as a user id without a passwd entry"))
    func aUserIdWithoutAnAccountIsRefusedWhateverUSERSays() throws {
        // A folder and database everyone may write, so that only identity can stop the change.
        chmod(directory.url.path, 0o777)
        let db = directory.path("team.sqlite")
        let corpus = try directory.write("c.jsonl", ImportHelpers.line(id: "a", text: "<ai>hello</ai>") + "\n")
        #expect(try TrellisProcess.run(["import", "--db", db, corpus]).status == 0)
        #expect(try TrellisProcess.run(["reviewers", "--db", db, "--set", "alice", "--role", "admin"]).status == 0)
        chmod(db, 0o666)

        let environment = ["USER": "alice", "LOGNAME": "alice", "HOME": directory.url.path]
        let forged = try TrellisProcess.run(["reviewers", "--db", db, "--set", "mallory", "--role", "admin"], environment: environment, as: .unnamed)
        #expect(forged.status == 1)
        #expect(forged.stderr.contains("user id \(TestUser.unnamed.uid) has no account name (no passwd entry)"), "\(forged.stderr)")
        let named = try TrellisProcess.run(["reviewers", "--db", db, "--set", "mallory", "--role", "admin", "--reviewer", "alice"], environment: environment, as: .unnamed)
        #expect(named.status == 1, "--reviewer is an admin's override, which a nameless account cannot prove")
        #expect(try AppDatabase.open(path: db).role(of: "mallory") == .reviewer)
        #expect(!(try AppDatabase.open(path: db).reviewers().map(\.name).contains("mallory")))

        // Reading needs no identity.
        #expect(try TrellisProcess.run(["stats", "--db", db], environment: environment, as: .unnamed).status == 0)
    }

    @Test func homeIsHonouredEvenForRoot() throws {
        let home = directory.path("home")
        let outcome = try TrellisProcess.run([], environment: ["HOME": home, "XDG_DATA_HOME": ""])
        #expect(outcome.status == 0)
        #expect(FileManager.default.fileExists(atPath: home + "/.local/share/trellis/sample.sqlite"))
    }

    @Test func relativeXDGPathsAreIgnored() throws {
        let home = directory.path("home")
        let work = directory.path("work")
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // Run from `work`, with XDG_DATA_HOME relative: the copy goes under HOME, nothing under `work`.
        let process = try Subprocess.run(["sh", "-c", "cd '\(work)' && HOME='\(home)' XDG_DATA_HOME=data '\(TrellisProcess.executable.path)' stats"], captureOutput: true)
        #expect(process.status == 0, "\(process.output)")
        #expect(FileManager.default.fileExists(atPath: home + "/.local/share/trellis/sample.sqlite"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: work).isEmpty)
    }
}
