import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// `trellis export` publishes an export and its manifest together, and `trellis validate` finds
/// a manifest that does not belong to its export.
@Suite struct ExportPairTests {
    let directory: TemporaryDirectory
    let db: String

    init() throws {
        directory = try TemporaryDirectory()
        db = directory.path("team.sqlite")
        let lines = (1...40).map { index in
            ImportHelpers.line(id: "doc-\(index)", text: "<human>\(String(repeating: "Someone says a thing. ", count: 12))</human> <ai>\(String(repeating: "A careful answer. ", count: 20))\(index)</ai>", stage: index % 2 + 1)
        }
        let database = try AppDatabase.open(path: db)
        _ = try ImportHelpers.importLines(lines, into: database, in: directory)
        for index in 1...40 { try ReviewHelpers.judgeAll("doc-\(index)", in: database, by: "ada") }
    }

    @Test func validateFindsAManifestFromAnotherExport() throws {
        let first = directory.path("first.jsonl"), second = directory.path("second.jsonl")
        #expect(try TrellisProcess.run(["export", "--db", db, "--format", "eval", "--stage", "1", "--out", first]).status == 0)
        #expect(try TrellisProcess.run(["export", "--db", db, "--format", "eval", "--out", second]).status == 0)
        #expect(try TrellisProcess.run(["validate", first]).status == 0)
        // The second export's data beside the first one's manifest: what a half-published export left.
        try FileManager.default.removeItem(atPath: first)
        try FileManager.default.copyItem(atPath: second, toPath: first)
        let outcome = try TrellisProcess.run(["validate", first])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("they are not from the same export"), "\(outcome.stdout)")
    }

    /// Exports on a tmpfs with room for `old` (if given) and `spare` KB more; returns the files
    /// left there, the export's bytes and the exit status.
    private func exportOnASmallDisk(over old: String?, spare: Int, name: String) throws -> (files: [String], data: Data?, status: String) {
        let disk = directory.path("disk-\(name)"), out = directory.path("out-\(name)")
        for folder in [disk, out] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let oldSize = try old.map { try FileManager.default.attributesOfItem(atPath: $0)[.size] as! Int + 8192 } ?? 0
        let setup = old.map { "cp '\($0)' '\($0).manifest.json' '\(disk)/' && " } ?? ""
        let script = setup + """
            '\(TrellisProcess.executable.path)' export --db '\(db)' --format eval --out '\(disk)/old.jsonl' --force --quiet > '\(out)/stdout' 2>&1; \
            echo $? > '\(out)/status'; cp -a '\(disk)/.' '\(out)/'
            """
        let ran = try SmallDisk.run(folder: disk, kilobytes: oldSize / 1024 + spare, script: script)
        #expect(ran.status == 0, "\(ran.output)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out).filter { !["stdout", "status"].contains($0) }.sorted()
        let status = try String(contentsOfFile: "\(out)/status", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        return (files, try? Data(contentsOf: URL(fileURLWithPath: "\(out)/old.jsonl")), status)
    }

    @Test(.enabled(if: SmallDisk.isAvailable, "needs root and the right to mount a tmpfs (unshare -m)"))
    func aDiskThatFillsAtAnyPointLeavesTheOldPairOrTheNew() throws {
        let reference = directory.path("reference.jsonl")
        #expect(try TrellisProcess.run(["export", "--db", db, "--format", "eval", "--out", reference]).status == 0)
        let new = try Data(contentsOf: URL(fileURLWithPath: reference))
        let old = directory.path("old.jsonl")
        #expect(try TrellisProcess.run(["export", "--db", db, "--format", "eval", "--stage", "1", "--out", old]).status == 0)
        let oldBytes = try Data(contentsOf: URL(fileURLWithPath: old))
        for over in [old, nil] {
            var outcomes: Set<String> = []
            // From no room for the new file to room for all of it, in steps of tmpfs pages.
            for spare in stride(from: 4, through: new.count / 1024 + 16, by: 4) {
                let result = try exportOnASmallDisk(over: over, spare: spare, name: "\(over == nil ? "first" : "over")-\(spare)")
                let context = "\(over == nil ? "a first export" : "over an old one"), \(spare) KB spare"
                if result.files.isEmpty, over == nil {
                    #expect(result.status != "0", "\(context)")
                    outcomes.insert("none")
                    continue
                }
                #expect(result.files == ["old.jsonl", "old.jsonl.manifest.json"], "\(context) left \(result.files)")
                #expect(try ManifestCheck.problems(forExportAt: directory.path("out-\(over == nil ? "first" : "over")-\(spare)/old.jsonl")).isEmpty, "\(context): a mixed pair")
                if result.data == oldBytes, over != nil {
                    #expect(result.status != "0", "\(context)")
                    outcomes.insert("old")
                } else {
                    #expect(result.data == new, "\(context)")
                    #expect(result.status == "0", "\(context)")
                    outcomes.insert("new")
                }
            }
            #expect(outcomes == [over == nil ? "none" : "old", "new"], "the sizes tried reach both ends")
        }
    }
}
