import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

@Suite struct ImportSourceTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func open(_ name: String, _ contents: String, format: ImportFormat? = nil, maxRecordBytes: Int = 1 << 20) throws -> ImportInput {
        try ImportInput.open(path: try directory.write(name, contents), format: format, maxRecordBytes: maxRecordBytes)
    }

    /// The converted input of another tool's format.
    private func source(_ name: String, _ contents: String, maxRecordBytes: Int = 1 << 20) throws -> ImportSource {
        guard case .converted(let source) = try open(name, contents, maxRecordBytes: maxRecordBytes) else { throw ImportError.cannotRead(path: name, reason: "read as JSONL") }
        return source
    }

    private func refusal(_ name: String, _ contents: String, format: ImportFormat? = nil) -> String? {
        do {
            _ = try open(name, contents, format: format)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func eachFormatIsRecognisedByItsContent() throws {
        #expect(try open("a.jsonl", ImportHelpers.line(id: "a", text: "<ai>x</ai>")).format == .jsonl)
        #expect(try open("b.jsonl", "").format == .jsonl)
        #expect(try open("c.jsonl", "{\"id\": \"a\", \"text\": oops}\n{\"id\": \"b\", \"text\": \"x\"}").format == .jsonl)
        #expect(try open("d.json", #"[{"id": 1, "data": {"text": "x"}}]"#).format == .labelStudio)
        #expect(try open("e.json", "[\n {\"id\": 1, \"text\": \"x\", \"label\": []}\n]").format == .labelStudioMin)
        #expect(try open("f.json", "{\n \"text\": \"x\",\n \"ents\": []\n}").format == .spacy)
        #expect(try open("g.jsonl", #"{"text": "x", "ents": []}"#).format == .spacy)
        #expect(try open("h.conll", "EU B-ORG\nrejects O\n").format == .conll)
        #expect(try open("i.json", "[]").format == .labelStudio)
        // A first line longer than what detection reads first is still a line.
        let long = ImportHelpers.line(id: "long", text: "<ai>" + String(repeating: "word ", count: 20_000) + "</ai>")
        #expect(try open("j.jsonl", long + "\n" + ImportHelpers.line(id: "b", text: "x")).format == .jsonl)
    }

    @Test func anUnrecognisedShapeIsOneMessageSayingWhatItIs() throws {
        let objects = "[\n" + (0..<8582).map { "  {\"foo\": \($0), \"bar\": \"x\"}" }.joined(separator: ",\n") + "\n]\n"
        let message = try #require(refusal("out.json", objects))
        #expect(message.hasSuffix("out.json: a JSON array of 8,582 objects, the first with keys foo, bar — not a Label Studio export (data.text), JSON-MIN export (text) or spaCy Doc.to_json() (text with ents, spans or tokens)"))
        #expect(refusal("named.json", objects, format: .labelStudio)?.hasSuffix("named.json: a JSON array of 8,582 objects, the first with keys foo, bar — not a Label Studio JSON export") == true)
        #expect(refusal("x.csv", "id,text\n1,hello\n")?.hasSuffix("x.csv: text that is neither JSON nor CoNLL (line 1: \"id,text\")") == true)
        #expect(refusal("sp.jsonl", #"{"text": "x", "ents": []}"#, format: .labelStudio)?.hasSuffix("JSON Lines whose first line is an object with keys text, ents — not a Label Studio JSON export") == true)
        #expect(refusal("j.jsonl", ImportHelpers.line(id: "a", text: "x"), format: .conll)?.contains("is not a CoNLL line") == true)
        #expect(refusal("k.jsonl", "x", format: .brat)?.hasSuffix("not a folder — --from brat reads a folder of .txt and .ann files") == true)
        let folder = try directory.writeFolder("empty", [:])
        #expect(throws: ImportError.unrecognised(path: folder, seen: "a folder without .txt or .ann files — not a brat folder")) {
            try ImportInput.open(path: folder, format: nil, maxRecordBytes: 1000)
        }
        // Trellis's own folders of JSONL (split eval or train, hf) are named, with what to import.
        let split = try directory.writeFolder("eval-split", ["train.jsonl": "", "test.jsonl": ""])
        #expect(throws: ImportError.unrecognised(path: split, seen: "a folder of JSONL files (test.jsonl, train.jsonl), not a brat folder — import the files: \(split)/*.jsonl")) {
            try ImportInput.open(path: split, format: nil, maxRecordBytes: 1000)
        }
        let hf = try directory.writeFolder("hf", ["README.md": "---\n"])
        try directory.writeFolder("hf/data", ["train.jsonl": ""])
        #expect(throws: ImportError.unrecognised(path: hf, seen: "a dataset folder (README.md and data/), not a brat folder — import its data files: \(hf)/data/*.jsonl")) {
            try ImportInput.open(path: hf, format: nil, maxRecordBytes: 1000)
        }
    }

    @Test func recordsAreReadAcrossChunksWithTheirPlacesAndLongOnesSkipped() throws {
        // Records spread over lines, past the first 64 KiB that detection reads; two too long to
        // read, one of them across that boundary.
        var text = "[\n", ids: [String] = [], lines: [Int] = [], skipped: [Int] = []
        var line = 2
        for index in 0..<1500 {
            if index == 10 || (skipped.count == 1 && text.utf8.count > 62_000) {
                skipped.append(line)
                text += "  {\"id\": \"long\", \"data\": {\"text\": \"" + String(repeating: "long ", count: 1000) + "\"}},\n"
                line += 1
            }
            ids.append(String(index))
            lines.append(line)
            text += "  {\"id\": \(index), \"data\": {\"text\": \"Document \(index) 😀 says hello.\"},\n   \"annotations\": []}" + (index == 1499 ? "\n" : ",\n")
            line += 2
        }
        text += "]\n"
        let source = try source("many.json", text, maxRecordBytes: 1000)
        #expect(source.format == .labelStudio)
        var foundIDs: [String] = [], foundLines: [Int] = [], problems: [String] = []
        try source.forEachDocument(schema: Fixtures.defaultSchema) { result in
            switch result {
            case .success(let document):
                foundIDs.append(document.input.externalID)
                foundLines.append(document.place.line)
            case .failure(let rejection):
                problems += rejection.problems.map { $0.formatted(file: "many.json") }
            }
            return true
        }
        #expect(foundIDs == ids)
        #expect(foundLines == lines)
        #expect(skipped.count == 2)
        #expect(problems == skipped.map { "many.json:\($0):3: a record of 5036 bytes, over the limit of 1000 bytes (--max-line-bytes)" })
    }

    @Test func aBratFolderIsReadWithItsIdMapAndItsProblemsNamedByFile() throws {
        let folder = try directory.writeFolder("brat", [
            "a.txt": "Hello there.",
            "a.ann": "T1\thuman 0 12\tHello there.\n",
            "b.txt": "Plain text.",
            "c.txt": "Broken.",
            "c.ann": "T1\tai 0 99\tBroken.\n",
            "orphan.ann": "T1\tai 0 1\tx\n",
            "ids.tsv": "a.txt\tdoc/α\n",
            "annotation.conf": "[entities]\nai\n",
        ])

        let database = try AppDatabase.inMemory()
        var problems: [String] = []
        let summary = try Importer(database: database, schema: Fixtures.defaultSchema, reviewer: "t")
            .run(path: folder, onProblem: { problems.append($0.formatted(file: folder)) })
        #expect(summary.format == .brat)
        #expect(summary.imported == 2 && summary.rejected == 2)
        #expect(try database.document(externalID: "doc/α")?.annotated.spans == [Span(start: 0, end: 12, label: "human")])
        #expect(try database.document(externalID: "b")?.annotated.spans == [])
        #expect(problems == [
            "\(folder)/orphan.ann:1:1: orphan.ann has no orphan.txt beside it",
            #"\#(folder)/c.ann:1:7: "0 99" are not offsets inside the text (START END, fragments separated by ';'; the text has 7 code points) [c]"#,
        ])
    }

    @Test func validationPlacesSchemaProblemsAtTheSpanInTheSourceFile() throws {
        let input = try open("v.json", """
            [
              {"id": 1, "data": {"text": "Alone quote."},
               "annotations": [{"result": [{"value": {"start": 0, "end": 12, "labels": ["quote"]}}]}]}
            ]
            """)
        var problems: [String] = []
        let summary = try FileValidator(schema: Fixtures.defaultSchema).run(input) { problems.append($0.formatted(file: "v.json")) }
        #expect(summary.documents == 1 && summary.problems == 1)
        #expect(problems == ["v.json:3:42: nesting: <quote> is not allowed at the top level (allowed only inside <ai>) (plain text offset 0, text line 1 column 1) [1]"])
    }
}

extension ImportSourceTests {
    @Test func validationAppliesTheImportsRuleOnRepeatedIdsAndAgainstADatabase() throws {
        let database = try AppDatabase.inMemory()
        let stored = try directory.write("stored.jsonl", ImportHelpers.line(id: "kept", text: "<ai>Old text.</ai>") + "\n")
        _ = try Importer(database: database, schema: Fixtures.defaultSchema, reviewer: "t").run(path: stored)
        let input = try open("dupes.conll", "Hello B-ai\n\nAgain B-ai\n")
        let file = try directory.write("tasks.json", """
            [{"id": 1, "data": {"id": "kept", "text": "New text."}, "annotations": [{"result": [{"value": {"start": 0, "end": 9, "labels": ["ai"]}}]}]},
             {"id": 2, "data": {"id": "twice", "text": "One."}},
             {"id": 3, "data": {"id": "twice", "text": "Two."}}]
            """)
        var problems: [String] = []
        let summary = try FileValidator(schema: Fixtures.defaultSchema, database: database).run(path: file) { problems.append($0.formatted(file: "tasks.json")) }
        #expect(summary.documents == 3)
        #expect(problems.contains(#"tasks.json:1:2: document "kept" differs from the stored one, which was kept (--replace-changed overwrites it; its history keeps the old version) [kept]"#))
        #expect(problems.contains(#"tasks.json:3:2: duplicate id "twice" (first on line 2) [twice]"#))
        #expect(try FileValidator(schema: Fixtures.defaultSchema).run(input) { _ in }.problems == 0)
    }

    @Test func aHostileRecordIsReportedInTwentyProblemsAndACount() throws {
        let regions = (0..<5000).map { #"{"value": {"start": \#($0), "end": \#($0 + 1), "labels": ["bot"]}}"# }.joined(separator: ",")
        let text = String(repeating: "x", count: 5000)
        let source = try source("hostile.json", #"[{"id": 1, "data": {"text": "\#(text)"}, "annotations": [{"result": ["# + regions + "]}]}]")
        var problems: [ImportProblem] = []
        try source.forEachDocument(schema: Fixtures.defaultSchema) { result in
            if case .failure(let rejection) = result { problems += rejection.problems }
            return true
        }
        #expect(problems.count == ProblemLimit.perLine + 1)
        #expect(problems.last?.message == "… and 4,980 more problems in this document")
        #expect(ImportProblem.count(problems) == 5000)
    }
}

/// What spaCy 3.8 itself wrote (`Tests/interop/make_spacy_fixture.py`), imported.
@Suite struct SpacyFixtureTests {
    @Test func spaCysOwnOutputImportsWithItsNestedQuoteAndIds() throws {
        let database = try AppDatabase.inMemory()
        let fixture = Fixtures.repositoryFile("Tests/Fixtures/import/spacy-docs.jsonl").path
        let summary = try Importer(database: database, schema: Fixtures.defaultSchema, reviewer: "t").run(path: fixture)
        #expect(summary.format == .spacy && summary.imported == 2 && summary.rejected == 0)
        let french = try #require(try database.document(externalID: "fr-1"))
        #expect(french.annotated.spans == [Span(start: 0, end: 14, label: "human"), Span(start: 15, end: 47, label: "ai"), Span(start: 25, end: 32, label: "quote", depth: 1)])
        #expect(french.annotated.text(in: 25..<32) == "« non »")
        #expect(try database.document(externalID: "spacy-docs-2")?.annotated.text(in: 0..<20) == "Thanks 🙂 for asking!")
    }
}
