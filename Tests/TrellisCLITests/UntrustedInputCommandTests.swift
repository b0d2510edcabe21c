import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// The command line on hostile documents and broken configuration files.
@Suite struct UntrustedInputCommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func aNULRoundTripsThroughImportValidateAndTheCSVAndBratExports() throws {
        let text = "<human>before\u{0}after</human> <ai>reply\u{0}</ai>"
        let file = try directory.write("nul.jsonl", ImportHelpers.line(id: "n1", text: text, source: "src\u{0}tail"))
        let db = directory.path("nul.sqlite")
        #expect(try TrellisProcess.run(["validate", file]).status == 0)
        #expect(try TrellisProcess.run(["import", "--db", db, file]).status == 0)
        let checked = try TrellisProcess.run(["validate", db])
        #expect(checked.status == 0, "\(checked.stdout)")
        #expect(checked.stdout.contains("1 documents checked, 0 with problems"))

        let database = try AppDatabase.open(path: db)
        let stored = try #require(try database.document(externalID: "n1"))
        #expect(stored.record.text == "before\u{0}after reply\u{0}")
        #expect(stored.record.source == "src\u{0}tail")
        try ReviewHelpers.judgeAll("n1", in: database, by: "ada")

        let csv = directory.path("gold.csv")
        #expect(try TrellisProcess.run(["export", "--db", db, "--format", "csv", "--out", csv]).status == 0)
        let rows = try Data(contentsOf: URL(fileURLWithPath: csv))
        #expect(rows.range(of: Data("n1,,0,12,human,before\u{0}after,ada,".utf8)) != nil)
        #expect(rows.range(of: Data("n1,,13,19,ai,reply\u{0},ada,".utf8)) != nil)

        let brat = directory.path("brat")
        let exported = try TrellisProcess.run(["export", "--db", db, "--format", "brat", "--out", brat])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: brat + "/n1.txt")) == Data("before\u{0}after reply\u{0}".utf8))
        let annotations = try String(contentsOfFile: brat + "/n1.ann", encoding: .utf8)
        #expect(annotations.contains("T1\thuman 0 12\tbefore\u{0}after\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")).allSatisfy { !$0.contains(".partial") })
        #expect(try TrellisProcess.run(["validate", brat]).status == 0)
    }

    @Test func validateReportsARepeatedIdAsImportDoes() throws {
        let file = try directory.write("dup.jsonl", [
            ImportHelpers.line(id: "a", text: "<ai>one</ai>"),
            ImportHelpers.line(id: "a", text: "<ai>two</ai>"),
        ].joined(separator: "\n"))
        let validated = try TrellisProcess.run(["validate", file])
        #expect(validated.status == 1)
        #expect(validated.stdout.contains("\(file):2:1: duplicate id \"a\" (first on line 1) [a]"))
        let imported = try TrellisProcess.run(["import", "--db", directory.path("d.sqlite"), file])
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("\(file):2:1: duplicate id \"a\" (first on line 1) [a]"))
    }

    @Test func validateChecksAFileAgainstTheDatabaseItWouldBeImportedInto() throws {
        let db = directory.path("into.sqlite")
        let first = try directory.write("first.jsonl", ImportHelpers.line(id: "a", text: "<ai>one</ai>"))
        #expect(try TrellisProcess.run(["import", "--db", db, first]).status == 0)
        let second = try directory.write("second.jsonl", ImportHelpers.line(id: "a", text: "<ai>changed</ai>"))
        #expect(try TrellisProcess.run(["validate", second]).status == 0)
        let against = try TrellisProcess.run(["validate", "--db", db, second])
        #expect(against.status == 1)
        #expect(against.stdout.contains("\(second):1:1: document \"a\" differs from the stored one, which was kept"))
    }

    @Test func aLineOfThousandsOfBadTagsIsReportedBriefly() throws {
        let file = try directory.write("tags.jsonl", ImportHelpers.line(id: "x", text: String(repeating: "<bot>", count: 16_000)))
        let validated = try TrellisProcess.run(["validate", file])
        #expect(validated.status == 1)
        let lines = validated.stdout.split(separator: "\n")
        #expect(lines.count == 22)
        #expect(lines[20].hasSuffix(": … and 15,980 more problems on this line [x]"))
        #expect(lines[21] == "\(file): 1 documents checked, 1 with problems, 16000 problems")
    }

    @Test func everyCommandChecksTheConfigurationFilesItIsGiven() throws {
        let file = try directory.write("ok.jsonl", ImportHelpers.line(id: "a", text: "<ai>one</ai>"))
        let db = directory.path("c.sqlite")
        #expect(try TrellisProcess.run(["import", "--db", db, file]).status == 0)
        let badRubric = try directory.write("invalid.json", "{\"dimensions\": [{\"name\": \"a\", \"key\": \"\\u001b\"}]}")
        let badSchema = try directory.write("schema.json", "{\"tags\": []}")
        let badKeymap = try directory.write("keymap.json", "{\"global\": {\"quit\": [], \"back\": []}}")
        for arguments in [
            ["stats", "--db", db, "--rubric", badRubric], ["stats", "--db", db, "--schema", badSchema],
            ["reviewers", "--db", db, "--rubric", badRubric], ["history", "--db", db, "a", "--rubric", badRubric],
            ["validate", file, "--rubric", badRubric], ["validate", db, "--rubric", badRubric],
            ["import", "--db", directory.path("new.sqlite"), file, "--rubric", badRubric],
            ["review", "--db", db, "--keymap", badKeymap], ["review", "--db", db, "--rubric", badRubric],
        ] {
            let outcome = try TrellisProcess.run(arguments)
            #expect(outcome.status != 0, "\(arguments)")
            #expect(outcome.stderr.contains(badRubric) || outcome.stderr.contains(badSchema) || outcome.stderr.contains(badKeymap), "\(arguments): \(outcome.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("new.sqlite")), "a broken rubric stops import before a new database is begun")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")).allSatisfy { !$0.contains(".building-") })
    }
}
