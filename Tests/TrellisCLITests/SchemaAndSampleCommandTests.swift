import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct SchemaAndSampleCommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func schemaExportsTheGrammarAndTheTable() throws {
        let gbnf = try TrellisProcess.run(["schema", "--export", "gbnf"])
        #expect(gbnf.status == 0)
        Golden.expect(gbnf.stdout, matches: "model-raising.gbnf")

        let out = directory.path("table.json")
        let json = try TrellisProcess.run(["schema", "--export", "json", "--out", out])
        #expect(json.status == 0 && json.stdout.isEmpty)
        let table = try TransitionTable.load(file: out, bytes: [UInt8](Data(contentsOf: URL(fileURLWithPath: out))))
        #expect(table == TransitionTable(schema: Fixtures.defaultSchema))

        let schema = try directory.write("turns.json", """
            {"name": "turns", "allowUntaggedText": true, "tags": [{"name": "user", "key": "u"}, {"name": "bot", "key": "b"}]}
            """)
        let custom = try TrellisProcess.run(["schema", "--export", "gbnf", "--schema", schema])
        #expect(custom.stdout.contains("span-bot ::= \"<bot>\" in-bot-start"))

        let bad = try TrellisProcess.run(["schema", "--export", "xml"])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("xml"))
    }

    private func corpus() throws -> String {
        var generator = CorpusGenerator(seed: 12)
        var lines = (1...600).map { generator.nextLine(index: $0) }
        // Rewriters in meta, one line broken.
        lines = lines.enumerated().map { index, line in
            line.replacingOccurrences(of: "\"meta\":{", with: "\"meta\":{\"rewriter\":\"\(index % 3 == 0 ? "rw-70b" : "rw-7b")\",")
        }
        lines[41] = "{\"id\": \"broken\", \"text\": 12}"
        return try directory.write("corpus.jsonl", lines.joined(separator: "\n") + "\n")
    }

    @Test func sampleDrawsTheSameStratifiedSampleForASeed() throws {
        let file = try corpus()
        let out = directory.path("sample.jsonl")
        let run = try TrellisProcess.run(["sample", "--from", file, "--size", "60", "--stratify", "stage,meta.rewriter", "--seed", "9", "--out", out])
        #expect(run.status == 0)
        #expect(run.stderr.contains("\(file):42:26: \"text\" must be a string, found number [broken]"))
        #expect(run.stdout.contains("60 of "))
        let sample = try String(contentsOfFile: out, encoding: .utf8)
        let lines = sample.split(separator: "\n")
        #expect(lines.count == 60)
        let original = Set(try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n"))
        #expect(lines.allSatisfy(original.contains))

        let manifest = try JSONParser.parse([UInt8](Data(contentsOf: URL(fileURLWithPath: out + ".strata.json"))))
        let strata = try #require(manifest["strata"]?.arrayValue)
        #expect(strata.count == 8)  // four stages, two rewriters
        #expect(strata.reduce(0) { $0 + ($1["sampled"]?.intValue ?? 0) } == 60)
        #expect(strata.reduce(0) { $0 + ($1["population"]?.intValue ?? 0) } == manifest["documents"]?.intValue)
        #expect(manifest["invalid"]?.intValue ?? 0 >= 1)
        #expect(manifest["seed"]?.intValue == 9)

        let again = directory.path("again.jsonl")
        _ = try TrellisProcess.run(["sample", "--from", file, "--size", "60", "--stratify", "stage,meta.rewriter", "--seed", "9", "--out", again])
        #expect(try String(contentsOfFile: again, encoding: .utf8) == sample)
        let other = directory.path("other.jsonl")
        _ = try TrellisProcess.run(["sample", "--from", file, "--size", "60", "--stratify", "stage,meta.rewriter", "--seed", "10", "--out", other])
        #expect(try String(contentsOfFile: other, encoding: .utf8) != sample)
    }

    @Test func sampleRefusesUnknownFieldsAndMissingFiles() throws {
        let badField = try TrellisProcess.run(["sample", "--from", "x.jsonl", "--size", "5", "--stratify", "writer", "--out", directory.path("s")])
        #expect(badField.status != 0)
        #expect(badField.stderr.contains("cannot stratify or group by \"writer\": use stage, rewriter or meta.KEY"))
        let missing = try TrellisProcess.run(["sample", "--from", directory.path("none.jsonl"), "--size", "5", "--out", directory.path("s")])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("none.jsonl"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("s")))
    }
}
