import Foundation
import GRDB
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

    @Test func aNegativeTextWidthIsAUsageError() throws {
        let outcome = try TrellisProcess.run(["review", "--text-width=-3", "--no-advance"])
        #expect(outcome.status == 64)
        #expect(outcome.stderr.contains("--text-width must be 0 (the whole terminal) or a number of columns, not -3"))
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

    /// Every format Trellis writes, exported from a partly reviewed, partly rejected, partly
    /// adjudicated database with stale decisions, passes `trellis validate`, which knows the
    /// format from the manifest, else from the content, or from `--format`.
    @Test func validateRecognisesEveryExportFormatAndFreshExportsPassIt() throws {
        let db = directory.path("team.sqlite")
        let file = try directory.write("in.jsonl", [
            ImportHelpers.line(id: "a", text: "<human>Hello there.</human> <ai>Hi, how can I help?</ai>", stage: 1),
            ImportHelpers.line(id: "b", text: "<human>Rejected.</human> <ai>Reply.</ai>", stage: 1),
            ImportHelpers.line(id: "c", text: "<human>Half.</human> <ai>Reviewed.</ai>", stage: 2),
            ImportHelpers.line(id: "d", text: "<human>Both agree.</human> <ai>So it is accepted.</ai>", stage: 3),
            ImportHelpers.line(id: "e", text: "<human>Adjudicated, then changed.</human> <ai>It was gold once.</ai>", stage: 3),
        ].joined(separator: "\n"))
        #expect(try TrellisProcess.run(["import", "--db", db, file]).status == 0)
        let database = try AppDatabase.open(path: db)
        for id in ["a", "b"] {
            try ReviewHelpers.judgeAll(id, in: database, by: "ada")
            try ReviewHelpers.decideDocument(id, in: database, by: "ada")
        }
        try ReviewHelpers.decideDocument("b", in: database, by: "bo", decision: .rejected)
        try ReviewHelpers.judgeAll("c", in: database, by: "ada", only: ["ai"])
        try adjudicateStage3(database)

        for format in ExportFormat.gold {
            let out = directory.path("gold-\(format.rawValue)" + (format == .csv ? ".csv" : format == .brat || format == .hf ? "" : ".jsonl"))
            let export = try TrellisProcess.run(["export", "--db", db, "--format", format.rawValue, "--out", out])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stdout.contains("document-rejected"), "\(format): \(export.stdout)")
            #expect(export.stdout.contains(format == .train || format == .controlTokens ? "document-changed-since-decision" : " changed-since-decision"),
                    "\(format): \(export.stdout)")
            let validate = try TrellisProcess.run(["validate", out])
            #expect(validate.status == 0, "\(format): \(validate.stdout)")
            #expect(validate.stdout.contains(format == .train ? "2 documents checked, 0 with problems" : "\(format.rawValue) export, 0 problems"), "\(validate.stdout)")
        }
        let train = try String(contentsOfFile: directory.path("gold-train.jsonl"), encoding: .utf8)
        #expect(train.contains("\"id\":\"d\""), "accepted automatically, approved by the adjudicator as the reviewers approved it")
        #expect(!train.contains("\"id\":\"e\""), "changed after its adjudication")
        let evalRecords = try String(contentsOfFile: directory.path("gold-eval.jsonl"), encoding: .utf8)
        let adjudicated = try evalRecords.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }.first { $0["id"]?.stringValue == "e" }
        let spans = try #require(adjudicated?["spans"]?.arrayValue)
        #expect(spans.map { $0["label"]?.stringValue } == ["ai"], "the human span changed after the adjudication")
        #expect(spans.first?["reviewers"]?.arrayValue?.map(\.stringValue) == ["ada"], "bo approved the ai span before changing it")
        #expect(spans.first?["adjudicator"]?.stringValue == "lead")
        // Without its manifest an eval export is known by its content, not taken for an import file.
        let eval = directory.path("gold-eval.jsonl")
        try FileManager.default.removeItem(atPath: eval + ".manifest.json")
        let byContent = try TrellisProcess.run(["validate", eval])
        #expect(byContent.status == 0)
        #expect(byContent.stdout.contains("eval export, 0 problems"))
        // hf, eval and train with splits: folders, known without their manifest too.
        for (format, split) in [("hf", "train=0.6,validation=0.2,test=0.2"), ("eval", "train=0.5,test=0.5"), ("train", "train=0.5,test=0.5")] {
            let out = directory.path("split-\(format)")
            let export = try TrellisProcess.run(["export", "--db", db, "--format", format, "--split", split, "--split-seed", "2", "--out", out])
            #expect(export.status == 0, "\(export.stderr)")
            #expect(export.stdout.contains("splits: train "), "\(export.stdout)")
            try FileManager.default.removeItem(atPath: out + ".manifest.json")
            let validate = try TrellisProcess.run(["validate", out])
            #expect(validate.status == 0 && validate.stdout.contains("\(format) export, 0 problems"), "\(validate.stdout)")
        }
        for (arguments, message) in [(["--format", "csv", "--split", "train=1"], "--split applies to eval, train and hf"),
                                     (["--format", "eval", "--split", "train=0.5"], "add up to"),
                                     (["--format", "control-tokens", "--token", "ai=<|x|>", "--token", "human=<|x|>y"], "--token"),
                                     (["--format", "eval", "--no-formula-guard"], "csv only")] {
            let refused = try TrellisProcess.run(["export", "--db", db, "--out", directory.path("refused")] + arguments)
            #expect(refused.status != 0 && refused.stderr.contains(message), "\(arguments): \(refused.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.path("refused")))
        }
        // --format says how to read it: as whole documents, the partly reviewed one breaks the schema.
        let asTrain = try TrellisProcess.run(["validate", "--format", "train", eval])
        #expect(asTrain.status == 1)
        #expect(asTrain.stdout.contains("untagged-text"))
    }

    /// Stage 3 reviewed independently by ada and bo, each approving all and the document: "d"
    /// is accepted automatically; on "e" bo moved the ai span's end after approving it (his
    /// approvals are stale), the lead takes ada's version, and ada then changes the adjudicated
    /// human span (the adjudicator's approvals of it and of the document are stale).
    private func adjudicateStage3(_ database: AppDatabase) throws {
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 1, stage: 3), by: "lead")
        for id in ["d", "e"] {
            let documentID = try #require(try database.document(externalID: id)).record.id
            for reviewer in ["ada", "bo"] {
                try ReviewHelpers.judgeWorking(try #require(try database.workingDocument(id: documentID, for: reviewer)), in: database, by: reviewer)
                _ = try database.decide(document: documentID, decision: .approved, by: reviewer, schema: Fixtures.defaultSchema)
            }
        }
        try ReviewHelpers.edit("e", .moveEdge(span: 1, edge: .end, direction: .backward, unit: .word), in: database, by: "bo")
        #expect(try database.autoAdjudicate(by: "lead", schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric) == ["d"])
        let e = try #require(try database.document(externalID: "e")).record.id
        let comparison = VersionComparison(versions: try database.versionsToAdjudicate(of: e, by: "lead"), rubric: Fixtures.defaultRubric)
        #expect(comparison.documentDifferences == [.documentDecisions], "bo's approval of the document predates his change")
        _ = try database.adjudicate(document: e, version: comparison.resolve(comparison.regions.map { _ in 0 }, document: 0), by: "lead",
                                    schema: Fixtures.defaultSchema)
        try ReviewHelpers.edit("e", .moveEdge(span: 0, edge: .end, direction: .backward, unit: .word), in: database, by: "ada")
    }

    /// `trellis history` names the span each rating, decision and edit touched, as it was then.
    @Test func historyRowsNameTheSpanTheyTouched() throws {
        let file = try directory.write("h.jsonl", ImportHelpers.line(id: "h", text: "<human>Hi there.</human> <ai>Hello, how can I help?</ai>"))
        let db = directory.path("h.sqlite")
        #expect(try TrellisProcess.run(["import", "--db", db, file]).status == 0)
        let database = try AppDatabase.open(path: db)
        _ = try ReviewHelpers.edit("h", .moveEdge(span: 1, edge: .end, direction: .backward, unit: .word), in: database, by: "ada")
        _ = try ReviewHelpers.judgeAll("h", in: database, by: "ada", only: ["ai"])
        let outcome = try TrellisProcess.run(["history", "--db", db, "h"])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("  ada  move-end  ai 10–32 → 10–26\n"))
        #expect(outcome.stdout.contains("  ada  rate  ai 10–26: honesty – → 4\n"))
        #expect(outcome.stdout.contains("  ada  decide  ai 10–26: – → approved\n"))
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
                let id = try #require(try database.document(externalID: external)).record.id
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
        // The command keeps its sums, and the next report, taken from them, says the same.
        #expect(try DatabaseQueue(path: db).read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM agreement_leaf") } == 1)
        #expect(try TrellisProcess.run(["agreement", "--db", db, "--json"]).stdout == agreement.stdout)

        let listed = try TrellisProcess.run(["adjudicate", "--db", db, "--reviewer", "lead"])
        #expect(listed.status == 0)
        #expect(listed.stdout == """
            t1 (ada, bo): the versions agree in everything; --auto accepts it
            t2 (ada, bo): 1 difference — 14–29 boundaries
            2 documents await adjudication; 1 can be accepted with --auto, the others in the review screen (V on the document).

            """)
        let adjudicated = try TrellisProcess.run(["adjudicate", "--db", db, "--auto", "--reviewer", "lead"])
        #expect(adjudicated.stdout.contains("1 document accepted: t1"))
        #expect(try TrellisProcess.run(["adjudicate", "--db", db, "--reviewer", "lead"]).stdout.hasPrefix("t2 (ada, bo): 1 difference"))
        let export = directory.path("gold.jsonl")
        #expect(try TrellisProcess.run(["export", "--db", db, "--format", "eval", "--out", export]).status == 0)
        let lines = try String(contentsOfFile: export, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.contains("\"resolution\":\"adjudicated\"") == true)
        #expect(lines.first?.contains("\"reviewers\":[\"ada\",\"bo\"],\"decision\":\"approved\",\"resolution\":\"adjudicated\",\"adjudicator\":\"lead\"") == true)
    }
}
