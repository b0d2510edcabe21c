import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// A damaged file is an error that says so, never a crash; a full disk stops an import with the
/// count of what it committed.
@Suite struct DamagedDatabaseTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func database(documents: Int) throws -> (AppDatabase, String) {
        let path = directory.path("d.sqlite")
        let database = try AppDatabase.open(path: path)
        let lines = (0..<documents).map { ImportHelpers.line(id: "doc-\($0)", text: "<human>Line \($0) of a document.</human> <ai>An answer to it.</ai>") }
        _ = try ImportHelpers.importLines(lines, into: database, in: directory)
        return (database, path)
    }

    /// Overwrites a block in the middle of the file, as a failing disk would.
    private func damagePages(of database: AppDatabase, at path: String) throws {
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 4096 * 12)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 4096))
        try handle.close()
    }

    @Test func aValueNoTrellisWritesIsAnErrorNotACrash() throws {
        let (database, _) = try database(documents: 3)
        try database.write { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE document SET status = 'bogus' WHERE external_id = 'doc-1'")
            try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
        }
        let error = #expect(throws: (any Error).self) { _ = try database.document(externalID: "doc-1") }
        let detail = try #require(error.flatMap { StoreMessages.damage(in: $0) })
        #expect(detail.contains("DocumentStatus"))
        #expect(detail.contains("bogus"))
        #expect(!detail.contains("row:"), "the row (a whole document) is left out")
        #expect(throws: (any Error).self) { try database.forEachDocument { _ in } }
        #expect(throws: (any Error).self) { _ = try database.documentPage(filter: DocumentFilter(), limit: 10) }
        let problems = try AppDatabase.integrityProblems(at: database.path!)
        #expect(problems.contains { $0.contains("CHECK constraint failed in document") }, "\(problems)")
        // Left out when asked (the check beside an export, whose reads check such values).
        #expect(try AppDatabase.integrityProblems(at: database.path!, quick: true, constraints: false).isEmpty)
    }

    @Test func damagedPagesAreFoundAndRefusedBeforeAnImportWrites() throws {
        let (database, path) = try database(documents: 400)
        #expect(try AppDatabase.integrityProblems(at: path).isEmpty)
        try AppDatabase.requireSound(path: path)
        try damagePages(of: database, at: path)

        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        #expect(try !AppDatabase.integrityProblems(at: path).isEmpty)
        #expect {
            try AppDatabase.requireSound(path: path)
        } throws: { error in
            guard case StoreError.damaged(let where_, _) = error else { return false }
            return where_ == path && "\(error)".contains("sqlite3 \(path) .recover")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "the checks write nothing")
    }

    /// The check beside other work: it passes a sound file and leaves the work's own error as it
    /// is; on a damaged file it throws the damage, and reports it in place of whatever stopped the
    /// work.
    @Test func aCheckBesideTheWorkReportsTheDamageInPlaceOfTheWorksError() throws {
        struct WorkStopped: Error {}
        let (database, path) = try database(documents: 400)
        let sound = SoundnessCheck(path: path)
        try sound.require()
        #expect(sound.explaining(WorkStopped()) is WorkStopped)

        try damagePages(of: database, at: path)
        let damaged = SoundnessCheck(path: path)
        #expect {
            try damaged.require()
        } throws: { error in
            guard case StoreError.damaged(let where_, _) = error else { return false }
            return where_ == path
        }
        let reported = damaged.explaining(WorkStopped())
        guard case StoreError.damaged = reported else {
            Issue.record("the damage is reported, not \(reported)")
            return
        }
    }

    @Test func notADatabaseIsDamageWithTheWayToRecover() throws {
        let path = try directory.write("noise.sqlite", Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7919) }))
        let error = #expect(throws: (any Error).self) { _ = try AppDatabase.open(path: path) }
        let message = try #require(error.map { StoreMessages.describe($0, path: path) })
        #expect(message.contains("\(path) is damaged (file is not a database)"))
        #expect(message.contains("sqlite3 \(path) .recover"))
    }

    @Test func aFullDiskStopsAnImportWithWhatItCommitted() throws {
        let (database, _) = try database(documents: 0)
        // SQLite's page limit for the file is a full disk as the database sees one (SQLITE_FULL).
        let pages = try database.read { db in try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0 }
        try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA max_page_count = \(pages + 40)") }
        let lines = (0..<3000).map { ImportHelpers.line(id: "full-\($0)", text: "<human>\(String(repeating: "words ", count: 40))\($0)</human>") }
        let file = try directory.write("many.jsonl", lines.joined(separator: "\n") + "\n")
        let importer = Importer(database: database, schema: Fixtures.defaultSchema, options: ImportOptions(batchSize: 50), reviewer: "ada")
        let error = #expect(throws: ImportInterrupted.self) { _ = try importer.run(path: file) }
        let stop = try #require(error)
        let stored = try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document") ?? -1 }
        #expect(stop.committed.imported == stored)
        #expect(stored > 0 && stored < 3000)
        #expect(stop.wroteDocuments)
        #expect(StoreMessages.reason(stop.cause) == "the disk is full")
        #expect(StoreMessages.isDatabaseFailure(stop.cause))
    }
}
