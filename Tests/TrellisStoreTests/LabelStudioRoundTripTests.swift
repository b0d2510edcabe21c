import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// Label Studio → Trellis → eval keeps every span of the annotations that count, at code-point
/// offsets, and none of those that do not (a cancelled annotation, an older one).
@Suite struct LabelStudioRoundTripTests {
    let directory: TemporaryDirectory
    let database: AppDatabase

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.inMemory(clock: { Date(timeIntervalSince1970: 1_790_000_000) })
    }

    /// A region as the test expects to find it in eval: label, code-point offsets, text.
    struct Region: Hashable, CustomStringConvertible {
        var label: String
        var start: Int
        var end: Int
        var text: String
        var description: String { "\(label) \(start)-\(end) \(text)" }
    }

    /// The regions of the result that should count in each task of the fixture, read straight from
    /// the file (the fixture's comments: which annotation is the latest usable one, which task an
    /// old Label Studio wrote in UTF-16 units).
    private func expectedRegions(_ tasks: [JSONNode]) throws -> [String: Set<Region>] {
        let chosen: [Int: (key: String, id: Int)] = [101: ("annotations", 13), 102: ("predictions", 21), 103: ("annotations", 31)]
        let utf16Tasks: Set<Int> = [103]
        var expected: [String: Set<Region>] = [:]
        for task in tasks {
            let taskID = try #require(task["id"]?.intValue)
            let text = try #require(task["data"]?["text"]?.stringValue)
            let id = task["data"]?["id"]?.stringValue ?? String(taskID)
            guard let (key, resultID) = chosen[taskID] else { continue }
            let result = try #require(task[key]?.arrayValue?.first { $0["id"]?.intValue == resultID }?["result"]?.arrayValue)
            for item in result {
                guard let value = item["value"], let labels = value["labels"]?.arrayValue else { continue }
                var start = try #require(value["start"]?.intValue), end = try #require(value["end"]?.intValue)
                if utf16Tasks.contains(taskID) {
                    let scalars = { (units: Int) in text.unicodeScalars.distance(from: text.startIndex, to: String.Index(utf16Offset: units, in: text)) }
                    (start, end) = (scalars(start), scalars(end))
                }
                for label in labels {
                    expected[id, default: []].insert(Region(label: try #require(label.stringValue), start: start, end: end, text: try #require(value["text"]?.stringValue)))
                }
            }
        }
        return expected
    }

    @Test func everySpanOfTheChosenAnnotationsReachesEvalAtCodePointOffsets() throws {
        let fixture = Fixtures.repositoryFile("Tests/Fixtures/import/label-studio-export.json").path
        let summary = try Importer(database: database, schema: Fixtures.defaultSchema, reviewer: "t").run(path: fixture)
        #expect(summary.format == .labelStudio)
        #expect(summary.imported == 4 && summary.rejected == 0)

        for id in ["ls-emoji", "102", "ls-legacy-utf16"] { try ReviewHelpers.judgeAll(id, in: database, by: "ada") }
        let path = directory.path("eval.jsonl")
        let options = ExportOptions(format: .eval, policy: GoldPolicy(rubric: Fixtures.defaultRubric))
        _ = try Exporter(database: database, schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric, options: options).run(to: path)

        var exported: [String: Set<Region>] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            let record = try JSONParser.parse(Array(line.utf8))
            let id = try #require(record["id"]?.stringValue)
            let text = Array(try #require(record["text"]?.stringValue).unicodeScalars)
            for span in record["spans"]?.arrayValue ?? [] {
                let start = try #require(span["start"]?.intValue), end = try #require(span["end"]?.intValue)
                var slice = String.UnicodeScalarView()
                slice.append(contentsOf: text[start..<end])
                // Python's text[start:end] is the span's text.
                #expect(String(slice) == span["text"]?.stringValue)
                exported[id, default: []].insert(Region(label: try #require(span["label"]?.stringValue), start: start, end: end, text: String(slice)))
            }
        }
        let tasks = try #require(try JSONParser.parse([UInt8](Data(contentsOf: URL(fileURLWithPath: fixture)))).arrayValue)
        let expected = try expectedRegions(tasks)
        #expect(expected.values.map(\.count).reduce(0, +) == 9)
        #expect(exported == expected)
        // The emoji before the quote: 👋🏽 and 😀 are three code points but five UTF-16 units.
        #expect(exported["ls-emoji"]?.contains(Region(label: "quote", start: 43, end: 53, text: "\"I'm fine\"")) == true)
        #expect(exported["ls-skipped"] == nil)
    }

    @Test func reimportingTheExportChangesNothingAndTheStageAndMetaCameThrough() throws {
        let fixture = Fixtures.repositoryFile("Tests/Fixtures/import/label-studio-export.json").path
        let importer = Importer(database: database, schema: Fixtures.defaultSchema, reviewer: "t")
        _ = try importer.run(path: fixture)
        let again = try importer.run(path: fixture, format: .labelStudio)
        #expect(again.unchanged == 4 && again.imported == 0)
        let document = try #require(try database.document(externalID: "ls-emoji"))
        #expect(document.record.stage == 1)
        #expect(document.record.meta == #"{"rewriter":"rw-7b"}"#)
    }
}
