import Foundation
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// Messages say what happened and what was left where: a full disk, a folder that is not a brat
/// folder, a folder or binary file given to validate, a folder that cannot be written.
@Suite struct TruthfulMessagesTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    private var leftovers: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.url.path)) ?? []).filter { $0.contains(".building-") || $0.contains(".partial") }
    }

    @Test func importingAFolderThatIsNotBratCreatesNothingAndSaysWhatItIs() throws {
        let folder = directory.path("corpus")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let db = directory.path("new.sqlite")
        let outcome = try TrellisProcess.run(["import", "--db", db, folder])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("\(folder): a folder without .txt or .ann files — not a brat folder"))
        #expect(outcome.stderr.contains("\(db) was not created"))
        #expect(!FileManager.default.fileExists(atPath: db))
        #expect(leftovers.isEmpty)
        let missing = try TrellisProcess.run(["import", "--db", db, directory.path("missing.jsonl")])
        #expect(missing.status == 2)
        #expect(!FileManager.default.fileExists(atPath: db), "a file that cannot be read creates no empty database either")
    }

    @Test func validateDoesNotCallAnyFolderABratExport() throws {
        let folder = directory.path("photos")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try directory.write("photos/cat.txt", "not an annotation")
        let outcome = try TrellisProcess.run(["validate", folder])
        #expect(outcome.status == 1)
        #expect(!outcome.stdout.contains("brat export,"))
        // Checked as what import would read it as: a brat folder whose text has no spans.
        #expect(outcome.stdout.contains("\(folder)/cat.ann:1:1: untagged-text: text outside any span"))
        #expect(outcome.stdout.contains("\(folder) (brat folder): 1 documents checked, 1 with problems, 1 problems"))
    }

    @Test func validateDoesNotReadABinaryFileAsJSONLines() throws {
        let binary = try directory.write("photo.jpg", Data([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x0A] + Array(repeating: 0x0A, count: 40)))
        let outcome = try TrellisProcess.run(["validate", binary])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("\(binary): neither a JSONL file nor a Trellis database (binary data: a NUL byte at offset 4)"))
        #expect(!outcome.stdout.contains("invalid JSON"))
        #expect(!outcome.stdout.contains("documents checked"))
    }

    @Test(.enabled(if: TestUser.canSwitch, "needs root and setpriv to run as an account that cannot write the folder"))
    func aFolderThatCannotBeWrittenIsSaidSo() throws {
        let corpus = try directory.write("c.jsonl", ImportHelpers.line(id: "a", text: "<ai>hello</ai>") + "\n")
        let folder = directory.path("locked")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        let db = folder + "/team.sqlite"
        #expect(try TrellisProcess.run(["import", "--db", db, corpus]).status == 0)
        // The folder and the file belong to root; nobody may read them but not write.
        for command in [["stats", "--db", db], ["validate", db], ["export", "--db", db, "--format", "eval", "--out", "/tmp/never-\(UUID()).jsonl"]] {
            let outcome = try TrellisProcess.run(command, environment: ["HOME": "/tmp"], as: .nobody)
            #expect(outcome.status == 1, "\(command[0])")
            #expect(outcome.stderr.contains("cannot open \(db): you cannot write in its folder \(folder)"), "\(command[0]): \(outcome.stderr)")
            #expect(!outcome.stderr.contains("SQLite error"), "\(command[0])")
        }
        let create = try TrellisProcess.run(["import", "--db", folder + "/new.sqlite", corpus], environment: ["HOME": "/tmp"], as: .nobody)
        #expect(create.status == 2)
        #expect(create.stderr.contains("cannot create \(folder)/new.sqlite: you cannot write in its folder \(folder)"), "\(create.stderr)")
    }

    /// Runs `trellis import` of many documents into `database` (copied in, if given) on a tmpfs
    /// with `spare` kilobytes beyond it; copies out the folder's files and the output.
    private func importOnAFullDisk(existing database: String?, spare: Int) throws -> (status: Int32, stderr: String, stdout: String, files: [String], copy: String) {
        let corpus = directory.path("many.jsonl")
        let lines = (0..<3000).map { ImportHelpers.line(id: "full-\($0)", text: "<human>\(String(repeating: "words ", count: 40))\($0)</human>") }
        try (lines.joined(separator: "\n") + "\n").write(toFile: corpus, atomically: false, encoding: .utf8)
        let disk = directory.path("disk"), out = directory.path("out")
        for folder in [disk, out] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let size = try database.map { try FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int ?? 0 } ?? 0
        let setup = database.map { "cp '\($0)' '\(disk)/db.sqlite' && " } ?? ""
        let script = setup + """
            '\(TrellisProcess.executable.path)' import --db '\(disk)/db.sqlite' --batch-size 50 --quiet '\(corpus)' > '\(out)/stdout' 2> '\(out)/stderr'; \
            echo $? > '\(out)/status'; ls -A '\(disk)' > '\(out)/files'; cp '\(disk)'/db.sqlite* '\(out)/' 2>/dev/null; true
            """
        let ran = try SmallDisk.run(folder: disk, kilobytes: size / 1024 + spare, script: script)
        #expect(ran.status == 0, "\(ran.output)")
        func read(_ name: String) throws -> String { try String(contentsOfFile: "\(out)/\(name)", encoding: .utf8) }
        return (Int32(try read("status").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1, try read("stderr"), try read("stdout"),
                try read("files").split(separator: "\n").map(String.init), "\(out)/db.sqlite")
    }

    @Test(.enabled(if: SmallDisk.isAvailable, "needs root and the right to mount a tmpfs (unshare -m)"))
    func anImportThatFillsTheDiskSaysWhatItCommitted() throws {
        let db = directory.path("team.sqlite")
        #expect(try TrellisProcess.run(["import", "--db", db, try directory.write("one.jsonl", ImportHelpers.line(id: "first", text: "<ai>x</ai>") + "\n")]).status == 0)
        // Room for a few batches: each commits its pages (16 KB) of the documents, spans, their
        // indexes, the running totals, the search tokens and the machine versions to the WAL.
        let result = try importOnAFullDisk(existing: db, spare: 1024)
        #expect(result.status == 2)
        #expect(result.stderr.contains("the disk is full"), "\(result.stderr)")
        #expect(!result.stderr.contains("nothing was changed"))
        let stored = try AppDatabase.open(path: result.copy).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document WHERE external_id LIKE 'full-%'") ?? 0 }
        #expect(stored > 0)
        #expect(result.stderr.contains("\(stored) documents of \(directory.path("many.jsonl")) had been imported before that and are committed in \(directory.path("disk"))/db.sqlite"), "\(result.stderr)")
    }

    @Test(.enabled(if: SmallDisk.isAvailable, "needs root and the right to mount a tmpfs (unshare -m)"))
    func anImportIntoANewDatabaseThatFillsTheDiskLeavesNothing() throws {
        // Full while the empty database is made, and part-way through the documents.
        for spare in [100, 1024] {
            let result = try importOnAFullDisk(existing: nil, spare: spare)
            #expect(result.status == 2)
            #expect(result.stderr.contains("the disk is full"), "\(result.stderr)")
            #expect(result.stderr.contains("Nothing was written: \(directory.path("disk"))/db.sqlite was not created"), "\(result.stderr)")
            #expect(result.files.isEmpty, "left \(result.files)")
        }
    }
}
