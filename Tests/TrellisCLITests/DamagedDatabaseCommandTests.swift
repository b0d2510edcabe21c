import Crypto
import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisResources
@testable import TrellisStore
import TrellisTestSupport

/// A damaged database: every command says so, names `sqlite3 DB .recover`, exits 2 and writes
/// nothing; none crashes.
@Suite struct DamagedDatabaseCommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// A database of `documents` generated documents, built by `trellis import`.
    private func database(_ name: String, documents: Int = 400) throws -> String {
        let corpus = directory.path("\(name).jsonl")
        #expect(try TrellisProcess.run(["gen", "--docs", "\(documents)", "--out", corpus]).status == 0)
        let db = directory.path("\(name).sqlite")
        _ = try TrellisProcess.run(["import", "--db", db, "--quiet", corpus])
        return db
    }

    /// Overwrites a block in the middle of the file, as a failing disk would.
    private func damagePages(of path: String) throws {
        let handle = try #require(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: 16384 * 6)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: 16384))
        try handle.close()
    }

    private func expectDamage(_ outcome: TrellisProcess.Outcome, _ path: String, _ comment: Comment) {
        #expect(outcome.status == 2, comment)
        #expect(outcome.stderr.contains("\(path) is damaged"), comment)
        #expect(outcome.stderr.contains("sqlite3 \(path) .recover"), comment)
        #expect(!outcome.stderr.contains("Fatal error"), comment)
    }

    private func sha256(_ path: String) throws -> String {
        SHA256.hexDigest(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test func validateRunsIntegrityCheckOnADatabase() throws {
        let db = try database("pages")
        #expect(try TrellisProcess.run(["validate", db]).status != 2)
        try damagePages(of: db)
        let outcome = try TrellisProcess.run(["validate", db])
        expectDamage(outcome, db, "validate")
        #expect(outcome.stdout.contains("integrity_check"))
    }

    @Test func damagedPagesStopImportAndExportBeforeTheyWriteAnything() throws {
        let db = try database("pages")
        try damagePages(of: db)
        let before = try sha256(db)
        let more = directory.path("more.jsonl")
        _ = try TrellisProcess.run(["gen", "--docs", "5", "--seed", "7", "--out", more])
        expectDamage(try TrellisProcess.run(["import", "--db", db, more]), db, "import")
        #expect(try sha256(db) == before, "import wrote nothing")
        let out = directory.path("gold.jsonl")
        let export = try TrellisProcess.run(["export", "--db", db, "--format", "eval", "--out", out])
        #expect(export.status == 2)
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.contains(".partial") }.isEmpty)
    }

    /// Overwrites the search index's root page, which no export reads (its checkpointed copy in
    /// the file, so that opening the file finds the damage there).
    private func damageSearchIndex(of db: String) throws {
        let (page, pageSize) = try { () throws -> (Int, Int) in
            let database = try AppDatabase.open(path: db)
            try database.checkpoint()
            return try database.read { db in
                (try Int.fetchOne(db, sql: "SELECT rootpage FROM sqlite_master WHERE name = 'search_gram'") ?? 0, try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
            }
        }()
        #expect(page > 1)
        let handle = try #require(FileHandle(forUpdatingAtPath: db))
        try handle.seek(toOffset: UInt64((page - 1) * pageSize))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: pageSize))
        try handle.close()
    }

    /// Runs `trellis export` with `arguments` on the damaged `db`; expects the damage reported,
    /// nothing published and the file as it was.
    private func expectExportRefused(_ db: String, _ arguments: [String], _ comment: Comment) throws {
        let before = try sha256(db)
        let out = directory.path("gold.jsonl")
        let export = try TrellisProcess.run(["export", "--db", db, "--format", "eval", "--out", out] + arguments)
        expectDamage(export, db, comment)
        #expect(!FileManager.default.fileExists(atPath: out), comment)
        #expect(!FileManager.default.fileExists(atPath: Exporter.manifestPath(for: out)), comment)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0.contains(".partial") }.isEmpty, comment)
        #expect(try sha256(db) == before, "export wrote nothing: \(comment)")
    }

    /// Damage in pages an export never reads (here the search index's) still stops it: the
    /// whole file is checked, nothing is published and the file stays as it was.
    @Test func damageTheExportNeverReadsStillStopsItBeforeItIsPublished() throws {
        let db = try database("index")
        try damageSearchIndex(of: db)
        try expectExportRefused(db, [], "export")
    }

    /// When opening for the export must write (a schema given to keep in the database, an older
    /// schema to upgrade), the check comes first: nothing is written into a damaged file.
    @Test func anExportThatMustWriteFirstIsCheckedFirst() throws {
        let db = try database("writing")
        try damageSearchIndex(of: db)
        let schema = try directory.write("schema.json", Data(try BundledResource.schema.bytes()))
        try expectExportRefused(db, ["--schema", schema], "with a schema to store")

        let last = try #require(AppDatabase.migrator.migrations.last)
        let raw = try DatabaseQueue(path: db)
        try raw.write { db in try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = ?", arguments: [last]) }
        try raw.close()
        try expectExportRefused(db, [], "with a migration to run")
    }

    /// A sound file is not written into by an export, whatever its journal: the export reads
    /// through connections that write nothing.
    @Test func anExportWritesNothingIntoASoundDatabase() throws {
        let db = try database("sound", documents: 40)
        let journal = directory.path("journal.sqlite")
        try FileManager.default.copyItem(atPath: db, toPath: journal)
        let raw = try DatabaseQueue(path: journal)
        try raw.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        try raw.close()
        for path in [db, journal] {
            let before = try sha256(path)
            let out = directory.path("\((path as NSString).lastPathComponent).eval.jsonl")
            #expect(try TrellisProcess.run(["export", "--db", path, "--format", "eval", "--out", out]).status == 0)
            #expect(FileManager.default.fileExists(atPath: out))
            #expect(try sha256(path) == before, "\(path)")
        }
    }

    @Test func aValueNoTrellisWritesIsReportedByEveryCommandWithoutACrash() throws {
        let db = try database("status", documents: 20)
        let database = try AppDatabase.open(path: db)
        try database.write { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON; UPDATE document SET status = 'bogus' WHERE id = 3; PRAGMA ignore_check_constraints = OFF")
        }
        let validate = try TrellisProcess.run(["validate", db])
        expectDamage(validate, db, "validate")
        #expect(validate.stdout.contains("CHECK constraint failed in document"))
        let out = directory.path("gold.jsonl")
        expectDamage(try TrellisProcess.run(["export", "--db", db, "--format", "train", "--out", out]), db, "export")
        #expect(!FileManager.default.fileExists(atPath: out))
        expectDamage(try TrellisProcess.run(["import", "--db", db, directory.path("status.jsonl")]), db, "import")
    }

    /// Values no Trellis writes in the very rows an export turns into gold (as a tool that set
    /// `ignore_check_constraints`, or damage that still parses, would leave): the export stops on
    /// them as damage, publishes nothing and never crashes. The check beside it leaves `CHECK`
    /// constraints out, so the export's own reads are what finds them.
    @Test(arguments: [
        #"UPDATE span SET "end" = start - 1 WHERE id = (SELECT MIN(id) FROM span WHERE document_id = 1 AND start > 0)"#,
        "UPDATE span SET start = -3 WHERE id = (SELECT MIN(id) FROM span WHERE document_id = 1)",
        "UPDATE span_review SET decision = 'approve' WHERE span_id = (SELECT MIN(span_id) FROM span_review)",
        "UPDATE document_review SET decision = 'yes' WHERE document_id = 1",
        "UPDATE document SET status = 'bogus' WHERE id = 1",
    ])
    func valuesNoTrellisWritesInTheGoldStopTheExportAsDamage(_ tampering: String) throws {
        let db = try tamperedDatabase(tampering)
        let out = directory.path("gold.jsonl")
        let export = try TrellisProcess.run(["export", "--db", db, "--format", "eval", "--out", out])
        expectDamage(export, db, "\(tampering)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// The corrections exports read reviewed documents' spans in a reader of their own: a span
    /// no Trellis writes stops them too.
    @Test func aSpanNoTrellisWritesStopsTheCorrectionsExportAsDamage() throws {
        let db = try tamperedDatabase(#"UPDATE span SET "end" = start - 1 WHERE id = (SELECT MIN(id) FROM span WHERE document_id = 1 AND start > 0 AND owner_id IS NULL)"#)
        let out = directory.path("corrections.jsonl")
        expectDamage(try TrellisProcess.run(["export", "--db", db, "--format", "corrections", "--out", out]), db, "corrections")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// A database of five documents whose first is approved by ada, span by span and as a
    /// whole, then changed by `tampering` past the `CHECK` constraints.
    private func tamperedDatabase(_ tampering: String) throws -> String {
        let db = try database("values", documents: 5)
        try {
            let database = try AppDatabase.open(path: db)
            let first = try #require(try database.read { db in try String.fetchOne(db, sql: "SELECT external_id FROM document WHERE id = 1") })
            try ReviewHelpers.judgeAll(first, in: database, by: "ada")
            try ReviewHelpers.decideDocument(first, in: database, by: "ada")
            try database.write { db in
                try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
                try db.execute(sql: tampering)
                #expect(db.changesCount == 1, "\(tampering)")
                try db.execute(sql: "PRAGMA ignore_check_constraints = OFF")
            }
        }()
        return db
    }

    @Test func aFileThatIsNotADatabaseAtAllIsReportedAsDamaged() throws {
        let noise = try directory.write("noise.sqlite", Data("SQLite format 3\0".utf8) + Data((0..<8000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }))
        let before = try sha256(noise)
        for arguments in [["stats", "--db", noise], ["review", noise], ["validate", noise], ["history", "--db", noise, "x"]] {
            expectDamage(try TrellisProcess.run(arguments), noise, "\(arguments[0])")
        }
        #expect(try sha256(noise) == before)
    }
}
