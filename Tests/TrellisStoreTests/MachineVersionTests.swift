import Foundation
import GRDB
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// Import keeps every document's spans as the rewriter wrote them, with the rewriter's name; the
/// review never touches them; re-imports add versions; older databases get theirs from history.
@Suite struct MachineVersionTests {
    private func line(_ id: String, _ text: String, rewriter: String? = nil) -> String {
        "{\"id\": \"\(id)\", \"text\": \(ImportHelpers.quoted(text))" + (rewriter.map { ", \"meta\": {\"rewriter\": \(ImportHelpers.quoted($0))}" } ?? "") + "}"
    }

    private func versions(_ id: String, in database: AppDatabase) throws -> [MachineVersion] {
        try database.machineVersions(of: try #require(try database.documentID(named: id)))
    }

    @Test func theRewriterIsMetaThenTheOptionThenTheFileName() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines([line("a", "<human>Hi.</human> <ai>Hello.</ai>", rewriter: "rw-7b"), line("b", "<ai>Only.</ai>")],
                                          into: database, in: directory, name: "batch-3.jsonl")
        _ = try ImportHelpers.importLines([line("c", "<ai>Named.</ai>")], into: database, in: directory, name: "other.jsonl",
                                          options: ImportOptions(rewriter: "rw-70b"))
        _ = try ImportHelpers.importLines([line("d", "<ai>Blank.</ai>", rewriter: "  \u{1B}")], into: database, in: directory, name: "third.jsonl",
                                          options: ImportOptions(rewriter: "rw-1b"))
        let a = try versions("a", in: database)
        #expect(a.map(\.rewriter) == ["rw-7b"])
        #expect(a.first?.version == 1 && a.first?.origin == "import")
        #expect(a.first?.spans == [Span(start: 0, end: 3, label: "human"), Span(start: 4, end: 10, label: "ai")])
        #expect(try versions("b", in: database).map(\.rewriter) == ["batch-3.jsonl"])
        #expect(try versions("c", in: database).map(\.rewriter) == ["rw-70b"])
        #expect(try versions("d", in: database).map(\.rewriter) == ["rw-1b"], "a rewriter name with no visible character is no name")
    }

    @Test func reviewingNeverChangesTheMachinesVersion() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines([line("a", "<human>Hi there.</human> <ai>Hello you.</ai>", rewriter: "rw")], into: database, in: directory)
        let before = try versions("a", in: database)
        try ReviewHelpers.edit("a", .relabel(span: 0, label: "ai"), in: database, by: "ada")
        try ReviewHelpers.edit("a", .moveEdge(span: 1, edge: .start, direction: .forward, unit: .word), in: database, by: "ada")
        try ReviewHelpers.decideDocument("a", in: database, by: "ada")
        #expect(try versions("a", in: database) == before)
        #expect(try database.document(externalID: "a")!.spans.map(\.span) != before[0].spans)
        // Nothing can change a kept version, not even SQL.
        #expect(throws: (any Error).self) { try database.write { db in try db.execute(sql: "UPDATE machine_version SET rewriter = 'x'") } }
        #expect(throws: (any Error).self) { try database.write { db in try db.execute(sql: "DELETE FROM machine_version") } }
    }

    @Test func aReplacingReimportAddsAVersionWithItsRewriter() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines([line("a", "<human>Hi.</human> <ai>Hello.</ai>", rewriter: "rw-7b")], into: database, in: directory)
        // Unchanged, and changed but kept: no new version.
        _ = try ImportHelpers.importLines([line("a", "<human>Hi.</human> <ai>Hello.</ai>", rewriter: "rw-7b")], into: database, in: directory)
        _ = try ImportHelpers.importLines([line("a", "<ai>Hi. Hello.</ai>", rewriter: "rw-70b")], into: database, in: directory)
        #expect(try versions("a", in: database).count == 1)
        _ = try ImportHelpers.importLines([line("a", "<ai>Hi. Hello.</ai>", rewriter: "rw-70b")], into: database, in: directory,
                                          options: ImportOptions(onChanged: .replace))
        let all = try versions("a", in: database)
        #expect(all.map(\.version) == [1, 2])
        #expect(all.map(\.rewriter) == ["rw-7b", "rw-70b"])
        #expect(all[1].spans == [Span(start: 0, end: 10, label: "ai")])
    }

    @Test func aNewDatabaseBuiltAsideKeepsVersionsToo() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("new.sqlite")
        let build = try NewDatabaseBuild(path: path)
        let file = try directory.write("in.jsonl", line("a", "<ai>One.</ai> <human>Two.</human>") + "\n")
        _ = try Importer(database: build.database, schema: Fixtures.defaultSchema, reviewer: "t").run(path: file)
        try build.finish()
        let database = try AppDatabase.open(path: path)
        #expect(try versions("a", in: database).map(\.rewriter) == ["in.jsonl"])
        let problems = try database.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(problems.isEmpty)
    }

    /// A database from before v13: its versions are worked out from history, and come out as import
    /// would have recorded them — through edits, an independent version, undo and a re-import.
    @Test func migrationV9BackfillsTheVersionsImportWouldHaveKept() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("old.sqlite")
        do {
            let database = try AppDatabase.open(path: path)
            _ = try ImportHelpers.importLines([
                line("edited", "<human>Hi there.</human> <ai>Hello you. <quote>Hi</quote> again.</ai>", rewriter: "rw-7b"),
                line("untouched", "<ai>Fine as it is.</ai>"),
                line("replaced", "<human>First take.</human>", rewriter: "rw-7b"),
            ], into: database, in: directory, name: "corpus.jsonl")
            try ReviewHelpers.edit("edited", .relabel(span: 0, label: "ai"), in: database, by: "ada")
            try ReviewHelpers.edit("edited", .split(span: 1, at: 16), in: database, by: "ada")
            try ReviewHelpers.edit("edited", .delete(span: 0), in: database, by: "ada")
            _ = try database.undo(in: database.documentID(named: "edited")!, by: "ada", schema: Fixtures.defaultSchema)
            try ReviewHelpers.decideDocument("edited", in: database, by: "ada")
            try ReviewHelpers.edit("replaced", .moveEdge(span: 0, edge: .end, direction: .backward, unit: .word), in: database, by: "ada")
            _ = try ImportHelpers.importLines([line("replaced", "<ai>Second take.</ai> <human>More.</human>", rewriter: "rw-70b")], into: database,
                                              in: directory, name: "again.jsonl", options: ImportOptions(onChanged: .replace))
            try ReviewHelpers.edit("replaced", .relabel(span: 1, label: "ai"), in: database, by: "ada")
        }
        var recorded: [String: [[Span]]] = [:]
        do {
            let database = try AppDatabase.open(path: path)
            for id in ["edited", "untouched", "replaced"] { recorded[id] = try versions(id, in: database).map(\.spans) }
        }
        // Make it a database from before v13, then open it again.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "DROP TABLE machine_version; DROP TABLE audit_document; DROP TABLE audit_stratum; DROP TABLE audit")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier IN ('v13-machine-versions', 'v14-audits')")
        }
        try queue.close()
        let upgraded = try AppDatabase.open(path: path)
        for id in ["edited", "untouched", "replaced"] {
            let backfilled = try versions(id, in: upgraded)
            #expect(backfilled.map(\.spans) == recorded[id], "\(id)")
            #expect(backfilled.allSatisfy { $0.origin == "backfill" })
        }
        // The rewriter is the document's meta.rewriter as it is now, else its import's file.
        #expect(try versions("replaced", in: upgraded).map(\.rewriter) == ["rw-70b", "rw-70b"])
        #expect(try versions("untouched", in: upgraded).map(\.rewriter) == ["corpus.jsonl"])
        #expect(recorded["replaced"]?.count == 2 && recorded["edited"]?.count == 1)
    }
}
