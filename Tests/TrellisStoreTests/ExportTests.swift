import Crypto
import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

@Suite struct ExportTests {
    let directory: TemporaryDirectory
    let database: AppDatabase
    static let lines = [
        ImportHelpers.line(id: "b-second", text: "<human>Je suis là 👋🏽</human>\n<ai>Bonjour, e\u{301}coute <quote>ça</quote>.</ai>", stage: 1),
        ImportHelpers.line(id: "a-first", text: "<human>=SUM(A1), 日本語</human> <ai>Plain \"quoted\", reply.</ai>", stage: 1),
        ImportHelpers.line(id: "c-later", text: "<human>Stage two.</human> <ai>Line one\nline two.</ai>", stage: 2),
    ]

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.inMemory(clock: { Date(timeIntervalSince1970: 1_790_000_000) })
        _ = try ImportHelpers.importLines(Self.lines, into: database, in: directory)
    }

    private func export(_ format: ExportFormat, to name: String, policy: GoldPolicy? = nil, _ configure: (inout ExportOptions) -> Void = { _ in }) throws -> (ExportSummary, String) {
        var options = ExportOptions(format: format, policy: policy ?? GoldPolicy(rubric: Fixtures.defaultRubric))
        configure(&options)
        let path = directory.path(name)
        let summary = try Exporter(database: database, schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric, options: options).run(to: path)
        return (summary, path)
    }

    private func lines(_ path: String) throws -> [JSONNode] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
    }

    @Test func trainHasOnlyFullyGoldDocumentsInStageThenIdOrder() throws {
        for id in ["a-first", "b-second", "c-later"] { try ReviewHelpers.judgeAll(id, in: database, by: "ada") }
        #expect(try export(.train, to: "unapproved.jsonl").0.excluded == ["document-not-approved": 7])
        for id in ["a-first", "b-second", "c-later"] { try ReviewHelpers.decideDocument(id, in: database, by: "ada") }
        let (summary, path) = try export(.train, to: "train.jsonl")
        let records = try lines(path)
        #expect(records.map { $0["id"]?.stringValue } == ["a-first", "b-second", "c-later"])
        #expect(records[1]["text"]?.stringValue == "<human>Je suis là 👋🏽</human>\n<ai>Bonjour, e\u{301}coute <quote>ça</quote>.</ai>")
        #expect(summary.goldSpans == 7)
        #expect(summary.spansByMode == ["human": 3, "ai": 3, "quote": 1])

        let fresh = try AppDatabase.inMemory()
        let reimported = try Importer(database: fresh, schema: Fixtures.defaultSchema, reviewer: "t").run(path: path)
        #expect(reimported.imported == 3 && reimported.rejected == 0)
        #expect(try fresh.document(externalID: "b-second")?.annotated == database.document(externalID: "b-second")?.annotated)
    }

    @Test func spanRunsExportTheGoldPartsOfPartlyReviewedDocuments() throws {
        try ReviewHelpers.judgeAll("c-later", in: database, by: "ada", only: ["ai"])
        #expect(try export(.train, to: "whole.jsonl").0.records == 0)
        let (summary, path) = try export(.train, to: "runs.jsonl") { $0.spanRuns = true }
        #expect(summary.records == 1)
        #expect(try lines(path).first?["id"]?.stringValue == "c-later#1")
        #expect(try lines(path).first?["text"]?.stringValue == "<ai>Line one\nline two.</ai>")
    }

    @Test func evalOffsetsAreCodePointsAndCarryJudgements() throws {
        try ReviewHelpers.judgeAll("b-second", in: database, by: "ada", value: 5)
        try ReviewHelpers.judgeAll("b-second", in: database, by: "bo", value: 4)
        let (_, path) = try export(.eval, to: "eval.jsonl")
        let record = try #require(try lines(path).first)
        let text = try #require(record["text"]?.stringValue)
        let scalars = Array(text.unicodeScalars)
        for span in record["spans"]?.arrayValue ?? [] {
            let start = try #require(span["start"]?.intValue), end = try #require(span["end"]?.intValue)
            var slice = String.UnicodeScalarView()
            slice.append(contentsOf: scalars[start..<end])
            #expect(String(slice) == span["text"]?.stringValue)
        }
        let quote = try #require(record["spans"]?.arrayValue?.first { $0["label"]?.stringValue == "quote" })
        #expect(quote["start"]?.intValue == 31)
        #expect(quote["ratings"]?["honesty"].map { String(decoding: JSONWriter.write($0), as: UTF8.self) } == "4.5")
        #expect(quote["reviewers"]?.arrayValue?.compactMap(\.stringValue) == ["ada", "bo"])
        #expect(quote["resolution"]?.stringValue == "unanimous")
        #expect(quote["adjudicator"]?.stringValue == "")
        // Every dimension, as a float, null where it does not apply; each reviewer's own judgement as a record.
        #expect(quote["ratings"]?.objectMembers?.map(\.key) == Fixtures.defaultRubric.dimensions.map(\.name))
        #expect(quote["ratings"]?["aligned-conduct"]?.typeName == "null")
        let judgements = try #require(quote["judgements"]?.arrayValue)
        #expect(judgements.map { $0["reviewer"]?.stringValue } == ["ada", "bo"])
        #expect(judgements.map { $0["decision"]?.stringValue } == ["approved", "approved"])
        #expect(judgements.first?["ratings"]?["care"].map { String(decoding: JSONWriter.write($0), as: UTF8.self) } == "5.0")
        #expect(record["source"]?.stringValue == "" && record["meta"]?.stringValue == "" && record["document_note"]?.stringValue == "")
        #expect(record["provenance"]?["schema"]?.stringValue == "model-raising@1")
        #expect(record["provenance"]?["import_sha256"]?.stringValue?.count == 64)

        let fresh = try AppDatabase.inMemory()
        #expect(try Importer(database: fresh, schema: Fixtures.defaultSchema, reviewer: "t").run(path: path).imported == 1)
        #expect(try fresh.document(externalID: "b-second")?.annotated == database.document(externalID: "b-second")?.annotated)
    }

    @Test func theSameDatabaseAndOptionsGiveByteIdenticalFilesAndAManifestOfThem() throws {
        for id in ["a-first", "b-second"] { try ReviewHelpers.judgeAll(id, in: database, by: "ada") }
        for format in ExportFormat.allCases {
            let suffix = format == .csv ? "csv" : format == .brat || format == .hf ? "d" : "jsonl"
            let (_, first) = try export(format, to: "one-\(format.rawValue).\(suffix)") { $0.shuffleSeed = 7 }
            let (_, second) = try export(format, to: "two-\(format.rawValue).\(suffix)") { $0.shuffleSeed = 7 }
            if format == .brat || format == .hf {
                let names = try #require(FileManager.default.subpaths(atPath: first))
                #expect(names.count > 2)
                for name in names {
                    #expect(FileManager.default.contents(atPath: "\(first)/\(name)") == FileManager.default.contents(atPath: "\(second)/\(name)"))
                }
            } else {
                let bytes = try #require(FileManager.default.contents(atPath: first))
                #expect(bytes == FileManager.default.contents(atPath: second))
                let manifest = try JSONParser.parse([UInt8](try #require(FileManager.default.contents(atPath: Exporter.manifestPath(for: first)))))
                #expect(manifest["files"]?.arrayValue?.first?["sha256"]?.stringValue == SHA256.hexDigest([UInt8](bytes)))
                #expect(manifest["options"]?["format"]?.stringValue == format.rawValue)
                #expect(manifest["database_id"]?.stringValue == (try database.databaseID()))
            }
            #expect(try ExportValidator.problems(at: first, format: format, schema: Fixtures.defaultSchema).isEmpty)
            #expect(ExportValidator.detectFormat(of: first) == format)
        }
    }

    @Test func filtersAndDisagreementPolicies() throws {
        try ReviewHelpers.judgeAll("a-first", in: database, by: "ada", value: 5)
        try ReviewHelpers.judgeAll("a-first", in: database, by: "bo", decision: .rejected, value: 2)
        try ReviewHelpers.judgeAll("a-first", in: database, by: "cy", value: 3)
        try ReviewHelpers.judgeAll("c-later", in: database, by: "ada", value: 2)

        let excluded = try export(.eval, to: "x.jsonl").0
        #expect(excluded.excluded["disagreement"] == 2)
        #expect(excluded.goldSpans == 2)

        let majority = try export(.eval, to: "m.jsonl", policy: GoldPolicy(rubric: Fixtures.defaultRubric, disagreement: .majority)).0
        #expect(majority.goldSpans == 4)
        #expect(majority.resolutions["majority"] == 2)

        #expect(throws: ExportError.self) {
            _ = try export(.eval, to: "r.jsonl", policy: GoldPolicy(rubric: Fixtures.defaultRubric, disagreement: .refuse))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("r.jsonl")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).allSatisfy { !$0.contains(".partial-") })

        let strict = try export(.eval, to: "s.jsonl", policy: GoldPolicy(rubric: Fixtures.defaultRubric, minRatings: ["honesty": 3])).0
        #expect(strict.goldSpans == 0)
        #expect(strict.excluded["below-minimum-rating"] == 2)
        #expect(try export(.eval, to: "st.jsonl") { $0.stages = [1] }.0.goldSpans == 0)
        #expect(try export(.eval, to: "mo.jsonl") { $0.modes = ["ai"] }.0.goldSpans == 1)
        #expect(try export(.eval, to: "rv.jsonl", policy: GoldPolicy(rubric: Fixtures.defaultRubric, reviewers: ["ada", "cy"])).0.goldSpans == 4)
        #expect(try export(.eval, to: "two.jsonl", policy: GoldPolicy(rubric: Fixtures.defaultRubric, minApprovals: 2, reviewers: ["ada", "cy"])).0.goldSpans == 2)
        #expect(try export(.eval, to: "late.jsonl", policy: GoldPolicy(rubric: Fixtures.defaultRubric, from: "2030-01-01")).0.goldSpans == 0)
    }

    @Test func bratSplitsSpansAtLineBreaksAndDeclaresItsAttributes() throws {
        try ReviewHelpers.judgeAll("c-later", in: database, by: "ada")
        let (_, path) = try export(.brat, to: "brat")
        let annotations = try String(contentsOfFile: "\(path)/c-later.ann", encoding: .utf8)
        #expect(annotations.contains("T2\tai 11 19;20 29\tLine one line two."))
        #expect(annotations.contains("A1\tcare T1 4"))
        #expect(try String(contentsOfFile: "\(path)/c-later.txt", encoding: .utf8) == "Stage two. Line one\nline two.")
        #expect(try String(contentsOfFile: "\(path)/annotation.conf", encoding: .utf8).contains("aligned-conduct\tArg:ai, Value:1|2|3|4|5"))
        #expect(BratStandoff.fileName(for: "../etc/passwd").hasPrefix("_._etc_passwd-"))
    }

    @Test func bratListsEveryFilesSumAndTheCheckFindsAChangedOne() throws {
        for id in ["a-first", "c-later"] { try ReviewHelpers.judgeAll(id, in: database, by: "ada") }
        let (summary, path) = try export(.brat, to: "brat")
        let list = try String(contentsOfFile: "\(path)/SHA256SUMS", encoding: .utf8)
        let listed = list.split(separator: "\n").map { line in (sum: String(line.prefix(64)), name: String(line.dropFirst(66))) }
        #expect(Set(listed.map(\.name)) == Set(try FileManager.default.contentsOfDirectory(atPath: path)).subtracting(["SHA256SUMS"]))
        #expect(listed.map(\.name).last == "ids.tsv")
        for file in listed {
            #expect(file.sum == SHA256.hexDigest([UInt8](try #require(FileManager.default.contents(atPath: "\(path)/\(file.name)")))))
        }
        #expect(summary.files.map(\.name) == ["SHA256SUMS"])
        #expect(summary.files.first?.sha256 == SHA256.hexDigest([UInt8](list.utf8)))

        #expect(try ExportValidator.problems(at: path, format: .brat, schema: Fixtures.defaultSchema).isEmpty)
        let conf = try String(contentsOfFile: "\(path)/annotation.conf", encoding: .utf8)
        try (conf + "\n").write(toFile: "\(path)/annotation.conf", atomically: true, encoding: .utf8)
        #expect(try ExportValidator.problems(at: path, format: .brat, schema: Fixtures.defaultSchema)
            == ["\(path)/SHA256SUMS:1: annotation.conf does not match its SHA-256"])
    }

    @Test func csvQuotesAndDefusesFormulas() throws {
        try ReviewHelpers.judgeAll("a-first", in: database, by: "ada")
        let (_, path) = try export(.csv, to: "rows.csv")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("document_id,stage,start,end,label,text,reviewer,decision,resolution,adjudicator,note,document_note,honesty,care,harmlessness,aligned-conduct,human-realism\r\n"))
        #expect(text.contains("a-first,1,0,13,human,\"'=SUM(A1), 日本語\",ada,approved,single,,,,4,4,4,,4\r\n"))
        #expect(text.contains("\"Plain \"\"quoted\"\", reply.\""))
    }

    @Test func controlTokensAreConfigurable() throws {
        try ReviewHelpers.judgeAll("b-second", in: database, by: "ada")
        try ReviewHelpers.decideDocument("b-second", in: database, by: "ada")
        let (_, path) = try export(.controlTokens, to: "ct.jsonl") { $0.tokens = ControlTokens(tokens: ["ai": "<|aligned|>", "human": "<|misaligned|>"]) }
        let record = try #require(try lines(path).first)
        #expect(record["text"]?.stringValue == "<|misaligned|>Je suis là 👋🏽\n<|aligned|>Bonjour, e\u{301}coute <|quote|>ça<|aligned|>.")
        #expect(record["segments"]?.arrayValue?.count == 5)
    }

    @Test func pythonSeesTheSameOffsets() throws {
        guard (try? Subprocess.isAvailable("python3")) == true else { return }
        try ReviewHelpers.judgeAll("b-second", in: database, by: "ada")
        try ReviewHelpers.judgeAll("a-first", in: database, by: "ada")
        let (_, path) = try export(.eval, to: "py.jsonl")
        let script = Fixtures.repositoryFile("Tests/interop/check_eval_offsets.py").path
        let outcome = try Subprocess.run(["python3", script, path], captureOutput: true)
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("2 records, 5 spans: every span matches str slicing"))
    }
}
