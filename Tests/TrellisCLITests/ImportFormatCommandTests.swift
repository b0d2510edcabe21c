import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// `trellis import` and `trellis validate` on other tools' files: detected, or named with --from.
@Suite struct ImportFormatCommandTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    static let fixture = Fixtures.repositoryFile("Tests/Fixtures/import/label-studio-export.json").path

    @Test func aLabelStudioExportIsDetectedAndImported() throws {
        let db = directory.path("ls.sqlite")
        let outcome = try TrellisProcess.run(["import", "--db", db, Self.fixture])
        #expect(outcome.status == 0)
        #expect(outcome.stdout.contains("\(Self.fixture) (Label Studio JSON export): 4 imported (1 with schema problems to review), 0 unchanged, 0 rejected"))
        #expect(try AppDatabase.open(path: db).document(externalID: "ls-emoji")?.annotated.spans.map(\.label) == ["human", "ai", "quote"])

        // The same from standard input.
        let piped = try TrellisProcess.run(["import", "--db", directory.path("stdin.sqlite"), "-"], input: try String(contentsOfFile: Self.fixture, encoding: .utf8))
        #expect(piped.stdout.contains("- (Label Studio JSON export): 4 imported"))
    }

    @Test func aFileOfAnotherShapeGetsOneMessageNotOnePerLine() throws {
        let lines = (0..<500).map { "  {\"foo\": \($0)}" }.joined(separator: ",\n")
        let file = try directory.write("out.json", "[\n\(lines)\n]\n")
        let outcome = try TrellisProcess.run(["import", "--db", directory.path("x.sqlite"), file])
        #expect(outcome.status == 2)
        #expect(outcome.stderr.split(separator: "\n").count == 1)
        #expect(outcome.stderr.contains("\(file): a JSON array of 500 objects, the first with keys foo — not a Label Studio export"))

        let named = try TrellisProcess.run(["import", "--db", directory.path("x.sqlite"), "--from", "spacy", file])
        #expect(named.status == 2)
        #expect(named.stderr.contains("— not a spaCy Doc.to_json() file"))

        let validated = try TrellisProcess.run(["validate", "--from", "label-studio-min", file])
        #expect(validated.status == 1)
        #expect(validated.stdout.split(separator: "\n").count == 1)
        #expect(validated.stdout.contains("not a Label Studio JSON-MIN export"))
    }

    @Test func fromNamesTheFormatAndValidateChecksItWithPlaces() throws {
        // Without --from these lines look like text; with it, the bad tag is placed.
        let file = try directory.write("tags.txt", "Hello B-human\nthere I-human\n\nFine B-ai\nthanks X-ai\n")
        let validated = try TrellisProcess.run(["validate", "--from", "conll", file])
        #expect(validated.status == 1)
        #expect(validated.stdout.contains(#"\#(file):5:8: "X-ai" is not a tag (O, or B-, I-, E-, S-, L- or U- and a label) [tags-2]"#))
        #expect(validated.stdout.contains("\(file) (CoNLL/IOB file): 2 documents checked, 1 with problems, 1 problems"))

        let db = directory.path("c.sqlite")
        let imported = try TrellisProcess.run(["import", "--db", db, "--from", "conll", file])
        #expect(imported.status == 1)
        #expect(imported.stdout.contains("1 imported, 0 unchanged, 1 rejected"))
        #expect(try AppDatabase.open(path: db).document(externalID: "tags-1")?.record.text == "Hello there")

        let wrong = try TrellisProcess.run(["import", "--db", db, "--from", "label-studio", file])
        #expect(wrong.status == 2)
        #expect(wrong.stderr.contains(#"\#(file): text, not JSON (line 1: "Hello B-human") — not a Label Studio JSON export"#))
        let unknown = try TrellisProcess.run(["import", "--db", db, "--from", "doccano", file])
        #expect(unknown.status == 64)
    }

    @Test func aBratFolderImportsInsteadOfBeingRefusedAsADirectory() throws {
        let folder = try directory.writeFolder("brat", [
            "one.txt": "Hi there.\nLine one\nline two.",
            "one.ann": "T1\thuman 0 9\tHi there.\nT2\tai 10 18;19 28\tLine one line two.\n",
            "two.txt": "Bad.",
            "two.ann": "T1\tai 0\tBad\n",
        ])
        let db = directory.path("b.sqlite")
        let outcome = try TrellisProcess.run(["import", "--db", db, folder])
        #expect(outcome.status == 1)
        #expect(outcome.stdout.contains("\(folder) (brat folder): 1 imported, 0 unchanged, 1 rejected"))
        #expect(outcome.stderr.contains(#"\#(folder)/two.ann:1:7: "0" are not offsets inside the text"#))
        #expect(try AppDatabase.open(path: db).document(externalID: "one")?.annotated.spans == [Span(start: 0, end: 9, label: "human"), Span(start: 10, end: 28, label: "ai")])

        let validated = try TrellisProcess.run(["validate", folder])
        #expect(validated.stdout.contains("\(folder) (brat folder): 2 documents checked, 1 with problems, 1 problems"))
    }
}
