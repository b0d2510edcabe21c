import Foundation
import GRDB
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
}
