import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

@Suite struct CommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    @Test func importReportsBadLinesWithFileLineColumnAndExitsOne() throws {
        let file = try directory.write("mixed.jsonl", [
            ImportHelpers.line(id: "a", text: "<ai>fine</ai>"),
            #"{"id": "b", "text": "<ai>unclosed"}"#,
            ImportHelpers.line(id: "c", text: "<human>fine too</human>"),
        ].joined(separator: "\n"))
        let db = directory.path("t.sqlite")
        let outcome = try TrellisProcess.run(["import", "--db", db, file])
        #expect(outcome.status == 1)
        #expect(outcome.stderr.contains("\(file):2:22: <ai> is never closed (tag at text offset 0) [b]"))
        #expect(outcome.stdout.contains("2 imported"))
        #expect(outcome.stdout.contains("1 rejected"))

        let again = try TrellisProcess.run(["import", "--db", db, file])
        #expect(again.stdout.contains("0 imported"))
        #expect(again.stdout.contains("2 unchanged"))

        let stats = try TrellisProcess.run(["stats", "--db", db])
        #expect(stats.status == 0)
        #expect(stats.stdout.contains("documents: 2"))
        #expect(stats.stdout.contains("ai 1, human 1"))
    }

    @Test func aNewDatabaseKeepsWhatImportedBeforeAFileThatCannotBeRead() throws {
        let good = try directory.write("good.jsonl", ImportHelpers.line(id: "kept", text: "<ai>kept</ai>"))
        let db = directory.path("fresh.sqlite")
        let outcome = try TrellisProcess.run(["import", "--db", db, good, directory.path("missing.jsonl")])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.contains("missing.jsonl"))
        #expect(try AppDatabase.open(path: db).document(externalID: "kept")?.record.text == "kept")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path("")).filter { $0.contains(".building-") }.isEmpty)
    }

    @Test func noArgumentsOpensACopyOfTheSampleDatabase() throws {
        let data = directory.path("data")
        let outcome = try TrellisProcess.run([], environment: ["XDG_DATA_HOME": data])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("documents: 50"))
        #expect(outcome.stdout.contains("not a terminal"))
        #expect(FileManager.default.fileExists(atPath: data + "/trellis/sample.sqlite"))
    }

    @Test func aMissingOrForeignDatabaseIsAClearError() throws {
        let missing = try TrellisProcess.run(["stats", "--db", directory.path("nope.sqlite")])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no database at \(directory.path("nope.sqlite"))"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("nope.sqlite")), "nothing is created by mistake")
        let garbage = try directory.write("garbage.sqlite", "this is not a database at all, just text")
        let foreign = try TrellisProcess.run(["review", garbage])
        #expect(foreign.status == 2)
        #expect(foreign.stderr.contains("\(garbage) is damaged (file is not a database)"))
    }

    @Test func importWithoutADatabaseIsAUsageError() throws {
        let outcome = try TrellisProcess.run(["import", "x.jsonl"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--db"))
    }

    @Test func validateAFilePlacesSchemaViolations() throws {
        let file = try directory.write("v.jsonl", ImportHelpers.line(id: "q", text: "<ai>ok</ai> <quote>alone</quote>") + "\n")
        let outcome = try TrellisProcess.run(["validate", file])
        #expect(outcome.status == 1)
        // The <quote> tag is at text offset 12; the text value starts at column 22.
        #expect(outcome.stdout.contains("\(file):1:\(22 + 12): nesting: <quote> is not allowed at the top level"))
        #expect(outcome.stdout.contains("1 documents checked, 1 with problems, 1 problems"))
    }

    @Test func validateADatabaseListsEveryViolation() throws {
        let file = try directory.write("v.jsonl", ImportHelpers.line(id: "two", text: "<ai>a</ai> <ai>b</ai>\nloose") + "\n")
        let db = directory.path("v.sqlite")
        _ = try TrellisProcess.run(["import", "--db", db, file])
        let outcome = try TrellisProcess.run(["validate", db])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("two @0 (1:1): banned-transition"))
        #expect(outcome.stdout.contains("two @4 (2:1): untagged-text"))
    }

    @Test func aBadSchemaFileIsReportedWithItsLine() throws {
        let schema = try directory.write("bad-schema.json", "{\n  \"tags\": [\n    {\"name\": \"ai\"}\n  ]\n}\n")
        let file = try directory.write("x.jsonl", ImportHelpers.line(id: "x", text: "<ai>x</ai>"))
        let outcome = try TrellisProcess.run(["validate", "--schema", schema, file])
        #expect(outcome.status != 0)
        #expect(outcome.stderr.contains("\(schema):3:5: tag \"ai\" needs \"key\""))
    }
}

/// Several processes writing to one database at the same time.
@Suite struct ConcurrentProcessTests {
    @Test func fourImportsAtOnceLoseNothing() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("shared.sqlite")
        _ = try TrellisProcess.run(["import", "--db", db, try directory.write("seed.jsonl", ImportHelpers.line(id: "seed", text: "<ai>x</ai>"))])
        let files = try (0..<4).map { batch in
            try directory.write("part\(batch).jsonl", (0..<150).map { ImportHelpers.line(id: "p\(batch)-\($0)", text: "<human>Line \($0).</human> <ai>Reply.</ai>") }.joined(separator: "\n"))
        }
        let outcomes = Outcomes()
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let outcome = try? TrellisProcess.run(["import", "--db", db, "--batch-size", "10", files[index]])
            outcomes.add(outcome?.status ?? -1)
        }
        #expect(outcomes.all == [0, 0, 0, 0])
        let stats = try TrellisProcess.run(["stats", "--db", db])
        #expect(stats.stdout.contains("documents: 601"))
        #expect(stats.stdout.contains("spans:     1201"))
    }
}

/// Exit statuses collected from several threads.
private final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var statuses: [Int32] = []
    func add(_ status: Int32) { lock.withLock { statuses.append(status) } }
    var all: [Int32] { lock.withLock { statuses } }
}

/// The team workflow from the command line: assign, review independently, measure agreement,
/// adjudicate, export the adjudicated gold.
@Suite struct TeamWorkflowTests {
    @Test func fromAssignmentToAdjudicatedGold() throws {
        let directory = try TemporaryDirectory()
        let db = directory.path("team.sqlite")
        let corpus = try directory.write("c.jsonl", [
            ImportHelpers.line(id: "t1", text: "<human>Please help.</human> <ai>Of course I will.</ai>"),
            ImportHelpers.line(id: "t2", text: "<human>Thanks a lot.</human> <ai>You're welcome.</ai>"),
        ].joined(separator: "\n"))
        #expect(try TrellisProcess.run(["import", "--db", db, corpus]).status == 0)
        let assigned = try TrellisProcess.run(["assign", "--db", db, "--to", "ada", "bo", "--per-document", "2", "--overlap", "1"])
        #expect(assigned.stdout.contains("ada: 2 documents"))

        let database = try AppDatabase.open(path: db)
        for reviewer in ["ada", "bo"] {
            for external in ["t1", "t2"] {
                let id = try #require(try database.document(externalID: external)).record.id!
                var document = try #require(try database.workingDocument(id: id, for: reviewer))
                if external == "t2", reviewer == "bo",
                   case .success(let edit) = SpanEditor(schema: Fixtures.defaultSchema, annotated: document.annotated).apply(.moveEdge(span: 1, edge: .end, direction: .backward, unit: .word)) {
                    document = try database.applyEdit(edit, named: "move-end", to: document, by: reviewer, schema: Fixtures.defaultSchema)
                }
                try ReviewHelpers.judgeWorking(document, in: database, by: reviewer)
            }
        }
        let agreement = try TrellisProcess.run(["agreement", "--db", db, "--json"])
        #expect(agreement.status == 0)
        let json = try JSONParser.parse(Array(agreement.stdout.utf8))
        #expect(json["documents"]?.intValue == 2)
        #expect(json["worst"]?.arrayValue?.first?["id"]?.stringValue == "t2")
        #expect(try TrellisProcess.run(["agreement", "--db", db]).stdout.contains("ada · bo"))

        let adjudicated = try TrellisProcess.run(["adjudicate", "--db", db, "--auto", "--reviewer", "lead"])
        #expect(adjudicated.stdout.contains("1 document accepted: t1"))
        let export = directory.path("gold.jsonl")
        #expect(try TrellisProcess.run(["export", "--db", db, "--format", "eval", "--out", export]).status == 0)
        let lines = try String(contentsOfFile: export, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\"resolution\":\"adjudicated\"") == true)
    }
}
