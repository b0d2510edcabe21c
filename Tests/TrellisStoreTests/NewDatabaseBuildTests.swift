import Foundation
import GRDB
import Spawning
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

@Suite struct NewDatabaseBuildTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func schemaObjects(at path: String) throws -> [String] {
        try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') FROM sqlite_master ORDER BY type, name")
        }
    }

    @Test func aFinishedBuildIsAnOrdinaryDatabaseInWALModeAndLeavesNothingAside() throws {
        let path = directory.path("new.sqlite")
        let build = try NewDatabaseBuild(path: path)
        #expect(!FileManager.default.fileExists(atPath: path))
        let summary = try ImportHelpers.importLines(
            [ImportHelpers.line(id: "a", text: "<ai>Hello</ai> <human>there</human>"), ImportHelpers.line(id: "b", text: "<ai>日本</ai>")],
            into: build.database, in: directory)
        #expect(summary.imported == 2)
        try build.finish()

        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")).sorted() == ["input.jsonl", "new.sqlite"])
        let (journal, pageSize, brokenReferences) = try DatabaseQueue(path: path).read { db in
            (try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA page_size"),
             try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").count)
        }
        #expect(journal == "wal")
        #expect(pageSize == 16384)
        // Built without foreign-key enforcement, yet every reference holds.
        #expect(brokenReferences == 0)
        let ordinary = directory.path("ordinary.sqlite")
        _ = try AppDatabase.open(path: ordinary)
        #expect(try schemaObjects(at: path) == schemaObjects(at: ordinary))

        let reopened = try AppDatabase.open(path: path)
        #expect(try reopened.document(externalID: "b")?.spans.map(\.span) == [Span(start: 0, end: 2, label: "ai")])
        let again = try ImportHelpers.importLines(
            [ImportHelpers.line(id: "a", text: "<ai>Hello</ai> <human>there</human>")], into: reopened, in: directory)
        #expect(again.unchanged == 1 && again.imported == 0)
    }

    @Test func anExistingFileIsNotBuiltOver() throws {
        let path = try directory.write("taken.sqlite", "not mine")
        #expect(throws: StoreError.exists(path)) { try NewDatabaseBuild(path: path) }
    }

    @Test func aFileThatAppearsMeanwhileIsKeptAndTheBuildLeftAside() throws {
        let path = directory.path("raced.sqlite")
        let build = try NewDatabaseBuild(path: path)
        _ = try directory.write("raced.sqlite", "someone else's")
        #expect(throws: StoreError.self) { try build.finish() }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "someone else's")
        #expect(FileManager.default.fileExists(atPath: build.asidePath))
    }

    @Test func anAbandonedBuildLeavesNoFiles() throws {
        let path = directory.path("dropped.sqlite")
        let build = try NewDatabaseBuild(path: path)
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "a", text: "<ai>x</ai>")], into: build.database, in: directory)
        build.abandon()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")) == ["input.jsonl"])
    }

    /// The PID of a process that has exited.
    private func deadPID() throws -> Int32 {
        let child = try ChildProcess.start(["/bin/true"]) { _ in }
        _ = try child.wait()
        return child.pid
    }

    @Test func buildsOfDeadProcessesAreDeletedByTheNextImportOrOpening() throws {
        let dead = try deadPID()
        let path = directory.path("killed.sqlite")
        for name in ["killed.sqlite.building-\(dead)", "killed.sqlite.building-\(dead)-journal", "killed.sqlite.building-1", "killed.sqlite.building-x"] {
            _ = try directory.write(name, "left by a killed import")
        }
        let build = try NewDatabaseBuild(path: path)
        #expect(!FileManager.default.fileExists(atPath: directory.path("killed.sqlite.building-\(dead)")))
        #expect(!FileManager.default.fileExists(atPath: directory.path("killed.sqlite.building-\(dead)-journal")))
        // A live process's build (PID 1 always runs) and names that are not builds stay.
        #expect(FileManager.default.fileExists(atPath: directory.path("killed.sqlite.building-1")))
        #expect(FileManager.default.fileExists(atPath: directory.path("killed.sqlite.building-x")))
        #expect(FileManager.default.fileExists(atPath: build.asidePath))
        try build.finish()

        _ = try directory.write("killed.sqlite.building-\(dead)", "left by another killed import")
        _ = try AppDatabase.open(path: path)
        #expect(!FileManager.default.fileExists(atPath: directory.path("killed.sqlite.building-\(dead)")))
    }
}
