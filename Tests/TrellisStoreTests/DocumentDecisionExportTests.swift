import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// Document decisions count in every export, document notes reach them, and every export a
/// database gives passes its own validator.
@Suite struct DocumentDecisionExportTests {
    let directory: TemporaryDirectory
    let database: AppDatabase
    let schema = Fixtures.defaultSchema
    static let lines = [
        ImportHelpers.line(id: "a-kept", text: "<human>Stage one.</human> <ai>A reply.</ai>", stage: 1),
        ImportHelpers.line(id: "b-rejected", text: "<human>Rejected text.</human> <ai>Its reply.</ai>", stage: 1),
        // Two human spans with only white space between: a schema problem.
        ImportHelpers.line(id: "c-problem", text: "<human>One turn.</human>\n<human>Another turn.</human> <ai>Reply.</ai>", stage: 2),
    ]

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.inMemory(clock: { Date(timeIntervalSince1970: 1_790_000_000) })
        _ = try ImportHelpers.importLines(Self.lines, into: database, in: directory)
        for id in ["a-kept", "b-rejected", "c-problem"] { try ReviewHelpers.judgeAll(id, in: database, by: "ada") }
    }

    private static func suffix(_ format: ExportFormat) -> String { format == .csv ? "csv" : format == .brat || format == .hf ? "d" : "jsonl" }

    private func export(_ format: ExportFormat, _ name: String, policy: GoldPolicy? = nil, spanRuns: Bool = false) throws -> (ExportSummary, String) {
        let path = directory.path("\(name).\(Self.suffix(format))")
        let (summary, problems) = try ExportHelpers.export(database, format, to: path, policy: policy) { $0.spanRuns = spanRuns }
        #expect(problems.isEmpty, "\(format)")
        #expect(ExportValidator.detectFormat(of: path) == format)
        return (summary, path)
    }

    private func exportedIDs(_ format: ExportFormat, _ path: String) throws -> Set<String> {
        switch format {
        case .brat:
            return Set(try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".ann") }.map { String($0.dropLast(4)) })
        case .csv:
            return Set(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",")[0]) })
        case .hf:
            return try exportedIDs(.eval, "\(path)/data/train.jsonl")
        default:
            return Set(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
                String(try JSONParser.parse(Array($0.utf8))["id"]!.stringValue!.split(separator: "#")[0])
            })
        }
    }

    @Test func aRejectedOrFlaggedDocumentContributesNothingToAnyExport() throws {
        for id in ["a-kept", "b-rejected"] { try ReviewHelpers.decideDocument(id, in: database, by: "ada") }
        try ReviewHelpers.decideDocument("b-rejected", in: database, by: "bo", decision: .rejected)
        for format in ExportFormat.gold {
            let (summary, path) = try export(format, "rejected-\(format.rawValue)")
            #expect(try exportedIDs(format, path) == (format.writesDocuments ? ["a-kept"] : ["a-kept", "c-problem"]), "\(format)")
            #expect(summary.excluded["document-rejected"] == 2, "\(format)")
        }
        // Only counted reviewers' decisions count.
        let byAda = GoldPolicy(rubric: Fixtures.defaultRubric, reviewers: ["ada"])
        #expect(try exportedIDs(.train, export(.train, "by-ada", policy: byAda).1) == ["a-kept", "b-rejected"])

        try ReviewHelpers.decideDocument("b-rejected", in: database, by: "bo", decision: .flagged)
        let (flagged, path) = try export(.eval, "flagged")
        #expect(flagged.excluded["document-flagged"] == 2)
        #expect(try exportedIDs(.eval, path) == ["a-kept", "c-problem"])
    }

    @Test func wholeDocumentsNeedTheirApprovalsAndNoSchemaProblems() throws {
        // Every span of every document is gold; only approved documents without problems are whole.
        var (summary, path) = try export(.train, "none")
        #expect(summary.records == 0)
        #expect(summary.excluded == ["document-not-approved": 7])
        for id in ["a-kept", "c-problem"] { try ReviewHelpers.decideDocument(id, in: database, by: "ada") }
        (summary, path) = try export(.controlTokens, "approved")
        #expect(try exportedIDs(.controlTokens, path) == ["a-kept"])
        #expect(summary.excluded == ["document-has-problems": 3, "document-not-approved": 2])
        let two = GoldPolicy(rubric: Fixtures.defaultRubric, minApprovals: 2)
        #expect(try export(.train, "two", policy: two).0.excluded == ["too-few-approvals": 7])
        try ReviewHelpers.judgeAll("a-kept", in: database, by: "bo")
        try ReviewHelpers.decideDocument("a-kept", in: database, by: "bo")
        #expect(try exportedIDs(.train, export(.train, "two-approved", policy: two).1) == ["a-kept"])

        // Span runs take what keeps to the schema from the rest: never the two human spans together.
        (summary, path) = try export(.train, "runs", spanRuns: true)
        let records = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
        #expect(records.compactMap { $0["id"]?.stringValue } == ["a-kept", "b-rejected#1", "c-problem#1", "c-problem#2"])
        #expect(records.last?["text"]?.stringValue == "<human>Another turn.</human> <ai>Reply.</ai>")
        #expect(summary.goldSpans == 7)
    }

    @Test func documentNotesReachEvalBratAndCSV() throws {
        let document = try #require(try database.document(externalID: "a-kept"))
        _ = try database.annotate(document: document.record.id, note: "reads naturally, \"quoted\"", by: "ada", schema: schema)
        _ = try database.annotate(document: document.record.id, note: "=check the ending\nline two", by: "bo", schema: schema)
        let eval = try String(contentsOfFile: export(.eval, "notes").1, encoding: .utf8)
        let record = try #require(try eval.split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }.first { $0["id"]?.stringValue == "a-kept" })
        #expect(record["document_note"]?.stringValue == "ada: reads naturally, \"quoted\"\nbo: =check the ending\nline two")
        let onlyBo = try String(contentsOfFile: export(.eval, "bo-notes", policy: GoldPolicy(rubric: Fixtures.defaultRubric, reviewers: ["bo"])).1, encoding: .utf8)
        #expect(!onlyBo.contains("reads naturally"))

        let brat = try String(contentsOfFile: "\(export(.brat, "notes").1)/a-kept.ann", encoding: .utf8)
        #expect(brat.contains("#1\tDocumentNote T1\tada: reads naturally, \"quoted\"\n"))
        #expect(brat.contains("#2\tDocumentNote T1\tbo: =check the ending line two\n"))

        let csv = try String(contentsOfFile: export(.csv, "notes").1, encoding: .utf8)
        #expect(csv.contains(",document_note,"))
        #expect(csv.contains("a-kept,1,0,10,human,Stage one.,ada,approved,single,,,\"ada: reads naturally, \"\"quoted\"\"\nbo: =check the ending\nline two\",4,4,4,,4\r\n"))
    }

    /// A database as teams leave it: partly reviewed, partly rejected, with stale decisions,
    /// planted mistakes and schema problems. Every format, with and without span runs and
    /// whole documents, passes its own validator (`export` checks each), as `trellis validate` would.
    @Test func everyFormatOfAPartlyReviewedPartlyRejectedDatabaseValidates() throws {
        let sample = try AppDatabase.inMemory()
        _ = try Importer(database: sample, schema: schema, reviewer: "t").run(path: Fixtures.repositoryFile("sample-db/sample.jsonl").path)
        var ids: [String] = []
        try sample.forEachDocument { ids.append($0.record.externalId) }
        for (index, id) in ids.enumerated() {
            switch index % 6 {
            case 0:
                try ReviewHelpers.judgeAll(id, in: sample, by: "ada")
                try ReviewHelpers.decideDocument(id, in: sample, by: "ada")
            case 1:
                try ReviewHelpers.judgeAll(id, in: sample, by: "ada", only: ["ai"])
                try ReviewHelpers.judgeAll(id, in: sample, by: "bo", decision: .rejected, only: ["human"])
            case 2:
                try ReviewHelpers.judgeAll(id, in: sample, by: "ada")
                try ReviewHelpers.decideDocument(id, in: sample, by: "bo", decision: .rejected)
            case 3:
                try ReviewHelpers.judgeAll(id, in: sample, by: "ada")
                try ReviewHelpers.decideDocument(id, in: sample, by: "ada")
                _ = try? ReviewHelpers.edit(id, .moveEdge(span: 0, edge: .end, direction: .backward, unit: .word), in: sample, by: "bo")
            case 4:
                try ReviewHelpers.judgeAll(id, in: sample, by: "ada")
            default:
                break
            }
        }
        for format in ExportFormat.gold {
            for variant in 0..<3 {
                let path = directory.path("sample-\(format.rawValue)-\(variant).\(Self.suffix(format))")
                let (summary, problems) = try ExportHelpers.export(sample, format, to: path) { options in
                    options.spanRuns = variant == 1
                    options.wholeDocuments = variant == 2
                }
                #expect(problems.isEmpty, "\(format) \(variant)")
                #expect(summary.documentsRead == ids.count)
                if variant == 0 { #expect(summary.goldSpans > 0, "\(format)") }
            }
        }
    }
}
