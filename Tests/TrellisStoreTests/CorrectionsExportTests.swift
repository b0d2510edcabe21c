import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// `trellis export --format corrections | preference`: reviewed documents whose gold differs from
/// what their rewriter wrote, as records a rewriter can be trained on, with manifest and validation.
@Suite struct CorrectionsExportTests {
    private func line(_ id: String, _ text: String, rewriter: String, source: String? = nil, stage: Int = 1) -> String {
        "{\"id\": \"\(id)\", \"stage\": \(stage), \"text\": \(ImportHelpers.quoted(text))"
            + (source.map { ", \"source\": \(ImportHelpers.quoted($0))" } ?? "") + ", \"meta\": {\"rewriter\": \"\(rewriter)\"}}"
    }

    /// relabelled: the reviewer relabels the ai turn human; moved: the human span's end moves back
    /// a word; right: approved as written; dropped: its ai span rejected; unsettled: not reviewed.
    private func reviewed() throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines([
            line("relabelled", "<human>Hi there.</human> <ai>I said so.</ai>", rewriter: "rw-7b", source: "Hi there. I said so."),
            line("moved", "<human>One two three four.</human>", rewriter: "rw-70b", stage: 2),
            line("right", "<human>Fine.</human> <ai>Good.</ai>", rewriter: "rw-7b", source: "Fine. Good."),
            line("dropped", "<human>Hello.</human> <ai>Bye &lt;ai&gt; & so.</ai>", rewriter: "rw-7b", source: "Hello."),
            line("unsettled", "<ai>Nobody looked.</ai>", rewriter: "rw-7b", source: "x"),
        ], into: database, in: try TemporaryDirectory())
        try ReviewHelpers.edit("relabelled", .relabel(span: 1, label: "human"), in: database, by: "ada")
        try ReviewHelpers.decideDocument("relabelled", in: database, by: "ada")
        try ReviewHelpers.edit("moved", .moveEdge(span: 0, edge: .end, direction: .backward, unit: .word), in: database, by: "bo")
        try ReviewHelpers.decideDocument("moved", in: database, by: "bo")
        try ReviewHelpers.decideDocument("right", in: database, by: "ada")
        let dropped = try database.document(externalID: "dropped")!
        _ = try database.decide(span: dropped.spans[0].id, in: dropped.record.id, decision: .approved, by: "ada", schema: Fixtures.defaultSchema)
        _ = try database.decide(span: dropped.spans[1].id, in: dropped.record.id, decision: .rejected, by: "ada", schema: Fixtures.defaultSchema)
        return database
    }

    private func readRecords(_ path: String) throws -> [JSONNode] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
    }

    @Test func correctionsHoldTheMachinesAndTheReviewersTextAndTheEditsBetween() throws {
        let database = try reviewed()
        let folder = try TemporaryDirectory()
        let path = folder.path("corrections.jsonl")
        let (summary, problems) = try ExportHelpers.export(database, .corrections, to: path)
        #expect(problems.isEmpty, "\(problems)")
        let records = try readRecords(path)
        #expect(records.map { $0["id"]?.stringValue } == ["relabelled", "moved", "dropped"])
        let relabelled = records[0]
        #expect(relabelled["rewriter"]?.stringValue == "rw-7b")
        #expect(relabelled["source"]?.stringValue == "Hi there. I said so.")
        #expect(relabelled["machine"]?.stringValue == "<human>Hi there.</human> <ai>I said so.</ai>")
        #expect(relabelled["gold"]?.stringValue == "<human>Hi there.</human> <human>I said so.</human>")
        let edit = try #require(relabelled["edits"]?.arrayValue?.first)
        #expect(relabelled["edits"]?.arrayValue?.count == 1)
        #expect(edit["kinds"]?.arrayValue?.map { $0.stringValue } == ["wrong-label"])
        #expect(edit["machine"]?.arrayValue?.first?["label"]?.stringValue == "ai")
        #expect(edit["gold"]?.arrayValue?.first?["label"]?.stringValue == "human")
        #expect(edit["gold"]?.arrayValue?.first?["text"]?.stringValue == "I said so.")
        #expect(edit["gold"]?.arrayValue?.first?["start"]?.intValue == 10)

        let moved = records[1]
        #expect(moved["source"]?.value == .null)
        #expect(moved["gold"]?.stringValue == "<human>One two three</human> four.")
        #expect(moved["edits"]?.arrayValue?.first?["kinds"]?.arrayValue?.map { $0.stringValue } == ["boundary-moved"])
        // A rejected span is not gold: the machine wrote it, the reviewer took it out. The text's
        // tag-like characters are escaped in both versions, as the tagged import format wants.
        let dropped = records[2]
        #expect(dropped["machine"]?.stringValue == "<human>Hello.</human> <ai>Bye &lt;ai&gt; & so.</ai>")
        #expect(dropped["gold"]?.stringValue == "<human>Hello.</human> Bye &lt;ai&gt; & so.")
        #expect(dropped["edits"]?.arrayValue?.first?["kinds"]?.arrayValue?.map { $0.stringValue } == ["spurious"])

        #expect(summary.records == 3 && summary.documentsExported == 3 && summary.documentsRead == 5)
        #expect(summary.excludedDocuments == ["unchanged": 1, "undecided": 1])
        #expect(summary.goldSpans == 4 && summary.spansByMode == ["human": 4] && summary.spansByStage == ["1": 3, "2": 1])
        let manifest = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: Exporter.manifestPath(for: path)))))
        #expect(manifest["options"]?["format"]?.stringValue == "corrections")
        #expect(manifest["counts"]?["excluded_documents"]?["unchanged"]?.intValue == 1)
        #expect(manifest["files"]?.arrayValue?.first?["sha256"]?.stringValue?.count == 64)
        #expect(ExportValidator.detectFormat(of: path) == .corrections)
        Golden.expect(try String(contentsOfFile: path, encoding: .utf8), matches: "exports/reviewed/corrections.jsonl")

        // Stage 2 alone; the same database gives the same bytes.
        let again = folder.path("again.jsonl")
        _ = try ExportHelpers.export(database, .corrections, to: again) { $0.stages = [2] }
        #expect(try readRecords(again).map { $0["id"]?.stringValue } == ["moved"])
        _ = try ExportHelpers.export(database, .corrections, to: again)
        #expect(FileManager.default.contents(atPath: again) == FileManager.default.contents(atPath: path))
    }

    @Test func preferencePairsAreSourceGoldAndMachineOfDocumentsWithASource() throws {
        let database = try reviewed()
        let folder = try TemporaryDirectory()
        let path = folder.path("preference.jsonl")
        let (summary, problems) = try ExportHelpers.export(database, .preference, to: path)
        #expect(problems.isEmpty, "\(problems)")
        let records = try readRecords(path)
        #expect(records.map { $0.objectMembers?.map { $0.key } } == [["prompt", "chosen", "rejected"], ["prompt", "chosen", "rejected"]])
        #expect(records[0]["prompt"]?.stringValue == "Hi there. I said so.")
        #expect(records[0]["chosen"]?.stringValue == "<human>Hi there.</human> <human>I said so.</human>")
        #expect(records[0]["rejected"]?.stringValue == "<human>Hi there.</human> <ai>I said so.</ai>")
        #expect(records[1]["prompt"]?.stringValue == "Hello.")
        #expect(summary.excludedDocuments == ["no-source": 1, "unchanged": 1, "undecided": 1])
        #expect(ExportValidator.detectFormat(of: path) == .preference)
        Golden.expect(try String(contentsOfFile: path, encoding: .utf8), matches: "exports/reviewed/preference.jsonl")
    }

    /// The validator refuses what a corrections or preference record must not be.
    @Test func recordsThatAreNotCorrectionsAreRefused() throws {
        let codec = TagCodec(schema: Fixtures.defaultSchema)
        func problems(_ json: String, preference: Bool = false) throws -> [String] {
            CorrectionRecords.problems(in: try JSONParser.parse(Array(json.utf8)), preference: preference, codec: codec)
        }
        let edits = "\"edits\": [{\"kinds\": [\"wrong-label\"], \"machine\": [], \"gold\": []}]"
        #expect(try problems("{\"id\": \"a\", \"rewriter\": \"rw\", \"source\": null, \"machine\": \"<ai>x</ai>\", \"gold\": \"<human>x</human>\", \(edits)}").isEmpty)
        #expect(try problems("{\"id\": \"a\", \"rewriter\": \"rw\", \"source\": null, \"machine\": \"<ai>x</ai>\", \"gold\": \"<ai>x</ai>\", \(edits)}")
            == ["\"gold\" is the same as \"machine\""])
        #expect(try problems("{\"id\": \"a\", \"rewriter\": \"rw\", \"source\": 3, \"machine\": \"<ai>x</ai>\", \"gold\": \"<human>y</human>\", \"edits\": []}")
            == ["\"source\" must be a string or null, found number", "\"edits\" must be a list of at least one edit", "\"machine\" and \"gold\" tag different texts"])
        #expect(try problems("{\"id\": \"a\", \"rewriter\": \"rw\", \"source\": null, \"machine\": \"<ai>x</ai>\", \"gold\": \"<human>x\", \(edits)}")
            .first?.hasPrefix("\"gold\": ") == true)
        #expect(try problems("{\"prompt\": \"\", \"chosen\": \"<human>x</human>\"}", preference: true)
            == ["\"prompt\" is empty", "a preference record needs \"rejected\""])
        let unknown = try problems("{\"prompt\": \"p\", \"chosen\": \"<bogus>x</bogus>\", \"rejected\": \"<ai>x</ai>\"}", preference: true)
        #expect(!unknown.isEmpty && unknown.allSatisfy { $0.hasPrefix("\"chosen\": ") }, "\(unknown)")
    }
}
