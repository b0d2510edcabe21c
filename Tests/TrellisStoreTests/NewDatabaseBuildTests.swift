import Foundation
import GRDB
import Spawning
import Testing
import TrellisCore
@testable import TrellisStore
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

    /// The indexes of the document table the database at `path`'s schema holds.
    private func documentIndexes(_ database: AppDatabase) throws -> [String] {
        try database.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'document' ORDER BY name")
        }
    }

    /// Every row of the tables import writes, as text.
    private func importedRows(_ database: AppDatabase) throws -> [String] {
        try database.read { db in
            try ["document", "span", "machine_version", "history", "document_total", "span_total", "search_token"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY 1, 2").map { "\(table): \($0)" }
            }
        }
    }

    @Test func theDocumentIndexesAreBuiltOnceTheRowsAreInAndAReplacingImportPutsThemBackFirst() throws {
        let clock: @Sendable () -> Date = { Date(timeIntervalSince1970: 1_700_000_000) }
        let first = (0..<50).map { ImportHelpers.line(id: "d\($0)", text: "<human>Hi \($0).</human> <ai>Hello.</ai>", stage: $0 % 3) }
        let second = [ImportHelpers.line(id: "d7", text: "<ai>Changed.</ai>", stage: 1), ImportHelpers.line(id: "e1", text: "<ai>New.</ai>")]
        let replacing = ImportOptions(onChanged: .replace)

        let path = directory.path("built.sqlite")
        let build = try NewDatabaseBuild(path: path, clock: clock)
        // Only the id's index (import looks ids up through it) and the partial ones stay.
        #expect(try documentIndexes(build.database) == ["document_with_problems", "document_with_problems_by_stage", "sqlite_autoindex_document_1"])
        _ = try ImportHelpers.importLines(first, into: build.database, in: directory, name: "first.jsonl")
        #expect(try documentIndexes(build.database).count == 3)
        let summary = try ImportHelpers.importLines(second, into: build.database, in: directory, name: "second.jsonl", options: replacing)
        #expect(summary.replaced == 1 && summary.imported == 1)
        #expect(try documentIndexes(build.database).count == 6)
        try build.finish()

        let ordinary = try AppDatabase.open(path: directory.path("ordinary.sqlite"), clock: clock)
        _ = try ImportHelpers.importLines(first, into: ordinary, in: directory, name: "first.jsonl")
        _ = try ImportHelpers.importLines(second, into: ordinary, in: directory, name: "second.jsonl", options: replacing)
        let built = try AppDatabase.open(path: path, clock: clock)
        #expect(try schemaObjects(at: path) == schemaObjects(at: directory.path("ordinary.sqlite")))
        #expect(try importedRows(built) == importedRows(ordinary))
        #expect(try built.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"])
    }

    @Test func aBuildWithoutReplacementsPutsTheIndexesBackWhenItFinishes() throws {
        let path = directory.path("plain.sqlite")
        let build = try NewDatabaseBuild(path: path)
        _ = try ImportHelpers.importLines((0..<20).map { ImportHelpers.line(id: "p\($0)", text: "<ai>x \($0)</ai>", stage: $0 % 2) },
                                          into: build.database, in: directory)
        #expect(try documentIndexes(build.database).count == 3)
        try build.finish()
        let built = try AppDatabase.open(path: path)
        #expect(try documentIndexes(built).count == 6)
        #expect(try built.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") } == ["ok"])
        // The indexes are used again: a stage's documents are found through theirs.
        let plan = try built.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT id FROM document WHERE stage = 1 ORDER BY id").map { $0["detail"] as String }
        }
        #expect(plan.joined().contains("document_by_stage"))
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
