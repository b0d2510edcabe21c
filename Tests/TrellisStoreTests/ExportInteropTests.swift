import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// What the libraries people train with need from each export: brat lines that never break,
/// ids that round-trip through file names, eval that re-imports to the same bytes, hf folders
/// with splits, control tokens that stay one per segment, csv ids that join to eval.
@Suite struct ExportInteropTests {
    let directory: TemporaryDirectory
    let database: AppDatabase
    static let longID = String(repeating: "日", count: 200) + "/" + String(repeating: "x", count: 55)
    static let lines = [
        #"{"id": "tabs", "stage": 1, "text": "<human>Col\tumn\u2028next\u0085line\fpage</human> <ai>\tLeading tab, then <quote>a\u2029quote</quote>.\u000b</ai>", "source": "orig", "meta": {"b": [1, 2], "a": "x"}}"#,
        ImportHelpers.line(id: longID, text: "<human>Long id.</human> <ai>Reply.</ai>", stage: 1),
        ImportHelpers.line(id: "=cmd|' /C calc'!A0", text: "<human>=1+2, said the sheet.</human> <ai>-Minus first.</ai>", stage: 2),
        ImportHelpers.line(id: "tokens", text: "<human>I typed <|ai|> and <\\|human|> here.</human> <ai>Fine <|quote|>.</ai>", stage: 2),
    ]

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.inMemory(clock: { Date(timeIntervalSince1970: 1_790_000_000) })
        let summary = try ImportHelpers.importLines(Self.lines, into: database, in: directory)
        #expect(summary.imported == Self.lines.count)
        for id in ["tabs", Self.longID, "=cmd|' /C calc'!A0", "tokens"] {
            try ReviewHelpers.judgeAll(id, in: database, by: "ada", value: 5)
            try ReviewHelpers.judgeAll(id, in: database, by: "bo", value: 4)
            try ReviewHelpers.decideDocument(id, in: database, by: "ada")
        }
    }

    private func export(_ format: ExportFormat, _ name: String, _ configure: (inout ExportOptions) -> Void = { _ in }) throws -> (ExportSummary, String) {
        let path = directory.path(name)
        let (summary, problems) = try ExportHelpers.export(database, format, to: path, configure)
        #expect(problems.isEmpty, "\(format): \(problems)")
        return (summary, path)
    }

    private func records(_ path: String) throws -> [JSONNode] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { try JSONParser.parse(Array($0.utf8)) }
    }

    @Test func bratLinesNeverBreakAndIdsComeBackThroughIdsTSV() throws {
        let (_, path) = try export(.brat, "brat")
        let name = BratStandoff.fileName(for: "tabs")
        let ann = try String(contentsOfFile: "\(path)/\(name).ann", encoding: .utf8)
        // TAB, U+2028, NEL and FF are left out of the fragments; the leading tab keeps the span's start.
        #expect(ann.hasPrefix("T1\thuman 0 3;4 7;8 12;13 17;18 22\tCol umn next line page\n"))
        #expect(ann.contains("\tai 23 23;24 43;44 50;51 51\t Leading tab, then a quote. \n"))
        #expect(ann.contains("\tquote 42 43;44 49\ta quote\n"))
        #expect(!ann.unicodeScalars.contains { $0 != "\t" && $0 != "\n" && BratStandoff.breaksLine($0) })
        let ids = try String(contentsOfFile: "\(path)/ids.tsv", encoding: .utf8)
        #expect(ids.hasPrefix("file\tid\n"))
        #expect(ids.contains("\(BratStandoff.fileName(for: Self.longID)).txt\t\(Self.longID)\n"))

        // Imported back: the same ids, texts and spans.
        let fresh = try AppDatabase.inMemory()
        let summary = try Importer(database: fresh, schema: Fixtures.defaultSchema, reviewer: "t").run(path: path)
        #expect(summary.imported == 4 && summary.rejected == 0)
        for id in ["tabs", Self.longID, "=cmd|' /C calc'!A0", "tokens"] {
            #expect(try fresh.document(externalID: id)?.annotated == database.document(externalID: id)?.annotated, "\(id)")
        }
    }

    @Test func bratRulesCatchWhatBratWouldRefuse() throws {
        let (_, path) = try export(.brat, "brat-broken")
        let name = BratStandoff.fileName(for: "tabs")
        let ann = try String(contentsOfFile: "\(path)/\(name).ann", encoding: .utf8)
        try ann.replacingOccurrences(of: "Col umn", with: "Col\u{2028}umn").write(toFile: "\(path)/\(name).ann", atomically: true, encoding: .utf8)
        let conf = try String(contentsOfFile: "\(path)/annotation.conf", encoding: .utf8)
        try conf.replacingOccurrences(of: "<OVERLAP>", with: "#<OVERLAP>").write(toFile: "\(path)/annotation.conf", atomically: true, encoding: .utf8)
        let problems = try ExportValidator.problems(at: path, format: .brat, schema: Fixtures.defaultSchema)
        #expect(problems.contains { $0.contains("\(name).ann:1: the text field is not the text") })
        #expect(problems.contains { $0.contains("not an annotation line") }, "the line's end after U+2028")
        #expect(problems.contains { $0.contains("(ai) and T") && $0.contains("(quote) overlap in a way annotation.conf does not allow") })
    }

    @Test func evalReimportsToTheSameBytesExceptTheDatabaseID() throws {
        let (_, path) = try export(.eval, "eval.jsonl")
        let first = try records(path)
        let tabs = try #require(first.first { $0["id"]?.stringValue == "tabs" })
        #expect(tabs["source"]?.stringValue == "orig")
        #expect(tabs["meta"]?.stringValue == #"{"b": [1, 2], "a": "x"}"#)

        let fresh = try AppDatabase.inMemory(clock: { Date(timeIntervalSince1970: 1_790_000_000) })
        #expect(try Importer(database: fresh, schema: Fixtures.defaultSchema, reviewer: "t").run(path: path).imported == 4)
        for id in ["tabs", Self.longID, "=cmd|' /C calc'!A0", "tokens"] {
            try ReviewHelpers.judgeAll(id, in: fresh, by: "ada", value: 5)
            try ReviewHelpers.judgeAll(id, in: fresh, by: "bo", value: 4)
        }
        let again = directory.path("again.jsonl")
        _ = try ExportHelpers.export(fresh, .eval, to: again)
        let before = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: try database.databaseID(), with: "DB")
        let after = try String(contentsOfFile: again, encoding: .utf8).replacingOccurrences(of: try fresh.databaseID(), with: "DB")
        #expect(before == after)
    }

    @Test func hfFolderHasACardSplitsByDocumentAndValidates() throws {
        let splits = try DatasetSplits(parsing: "train=0.5,test=0.5", seed: 3)
        let (summary, path) = try export(.hf, "hf") { $0.split = splits }
        #expect(summary.splits.map(\.name) == ["train", "test"])
        #expect(summary.splits.map(\.documents) == [2, 2], "each stage of two documents split in half")
        let card = try String(contentsOfFile: "\(path)/README.md", encoding: .utf8)
        #expect(card.hasPrefix("---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: \"data/train.jsonl\"\n"))
        #expect(card.contains("    - name: \"label\"\n      dtype:\n        class_label:\n          names:\n            '0': \"human\"\n"))
        #expect(card.contains("      - name: \"aligned-conduct\"\n        dtype: float64\n"))
        let trainFile = try #require(summary.files.first { $0.name == "data/train.jsonl" })
        #expect(card.contains("| train | 2 | 2 | \(summary.splits[0].spans) | `data/train.jsonl` | \(trainFile.bytes) | `\(trainFile.sha256)` |"))
        var ids: [String] = []
        for split in ["train", "test"] { ids += try records("\(path)/data/\(split).jsonl").compactMap { $0["id"]?.stringValue } }
        #expect(Set(ids).count == 4)
        #expect(summary.files.map(\.name).sorted() == ["README.md", "data/test.jsonl", "data/train.jsonl"])
        #expect(ExportValidator.detectFormat(of: path) == .hf)
        #expect(try ManifestCheck.problems(forExportAt: path).isEmpty)
        // The same seed gives the same split, as a folder of eval files too.
        let (_, folder) = try export(.eval, "eval-split") { $0.split = splits }
        #expect(try records("\(folder)/train.jsonl").compactMap { $0["id"]?.stringValue } == records("\(path)/data/train.jsonl").compactMap { $0["id"]?.stringValue })
        #expect(ExportValidator.detectFormat(of: folder) == .eval)
    }

    /// `datasets.load_dataset(FOLDER)` refuses a split file without records ("corresponds to no
    /// data"): a split folder leaves it out, and the manifest lists only the files written.
    @Test func aSplitWithNoRecordHasNoFile() throws {
        let (summary, folder) = try export(.train, "train-split") { $0.split = try! DatasetSplits(parsing: "train=0.9,test=0.1", seed: 1) }
        #expect(summary.splits.map(\.documents) == [4, 0], "each stage of two documents: round(2 × 0.1) is 0")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["train.jsonl"])
        #expect(summary.files.map(\.name) == ["train.jsonl"])
        #expect(try ManifestCheck.problems(forExportAt: folder).isEmpty)
    }

    @Test func controlTokensInTheTextAreEscapedAndValidateChecksTheCount() throws {
        let (summary, path) = try export(.controlTokens, "ct.jsonl")
        #expect(summary.escapedTokens == 2)
        let record = try #require(try records(path).first { $0["id"]?.stringValue == "tokens" })
        #expect(record["text"]?.stringValue == #"<|human|>I typed <\|ai|> and <\\|human|> here. <|ai|>Fine <\|quote|>."#)
        let text = try #require(record["text"]?.stringValue)
        let escaping = try TokenEscaping(tokens: ControlTokens().all(modes: Fixtures.defaultSchema.tags.map(\.name)))
        #expect(escaping.occurrences(in: text) == record["segments"]?.arrayValue?.filter { $0["token"]?.stringValue != nil }.count)
        #expect(escaping.unescape(record["segments"]?.arrayValue?.first?["text"]?.stringValue ?? "") == #"I typed <|ai|> and <\|human|> here."#)

        // A record with a token left in its text is caught.
        let bad = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: #"<\\|ai|> and"#, with: "<|ai|> and")
        let badPath = try directory.write("bad-ct.jsonl", bad)
        let problems = try ExportValidator.problems(at: badPath, format: .controlTokens, schema: Fixtures.defaultSchema)
        #expect(problems.contains { $0.contains("holds a control token as it is") })
        #expect(problems.contains { $0.contains("holds 3 control tokens for 2 segments") })
    }

    /// With `--token` the default tokens are text like any other: the export escapes the
    /// configured ones only and validates against them (not the defaults), before and after
    /// its manifest exists.
    @Test func namedControlTokensLeaveTheDefaultsInTheTextAsTheyAre() throws {
        let (summary, path) = try export(.controlTokens, "named.jsonl") {
            $0.tokens = ControlTokens(tokens: ["ai": "<|aligned|>", "human": "<|misaligned|>"])
        }
        #expect(summary.escapedTokens == 1, "only the quote's <|quote|>, still its mode's token")
        let record = try #require(try records(path).first { $0["id"]?.stringValue == "tokens" })
        #expect(record["text"]?.stringValue == #"<|misaligned|>I typed <|ai|> and <\|human|> here. <|aligned|>Fine <\|quote|>."#)
        #expect(try ExportValidator.problems(at: path, format: .controlTokens, schema: Fixtures.defaultSchema).isEmpty)
        // Without its manifest, the tokens are those its segments carry.
        let alone = try directory.write("named-alone.jsonl", try String(contentsOfFile: path, encoding: .utf8))
        #expect(try ExportValidator.problems(at: alone, format: .controlTokens, schema: Fixtures.defaultSchema).isEmpty)
        let unescaped = try directory.write("named-bad.jsonl", try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(of: #"<\\|quote|>"#, with: "<|quote|>"))
        #expect(try ExportValidator.problems(at: unescaped, format: .controlTokens, schema: Fixtures.defaultSchema).contains { $0.contains("holds a control token as it is") })
    }

    @Test func csvGuardsFreeTextButNotIds() throws {
        let (_, path) = try export(.csv, "rows.csv")
        let csv = try String(contentsOfFile: path, encoding: .utf8)
        #expect(csv.contains("\r\n=cmd|' /C calc'!A0,2,0,21,human,\"'=1+2, said the sheet.\",ada,"))
        #expect(csv.contains(",ai,'-Minus first.,ada,"))
        let (_, plain) = try export(.csv, "plain.csv") { $0.formulaGuard = false }
        #expect(try String(contentsOfFile: plain, encoding: .utf8).contains("\r\n=cmd|' /C calc'!A0,2,0,21,human,\"=1+2, said the sheet.\",ada,"))
        let manifest = try JSONParser.parse([UInt8](try #require(FileManager.default.contents(atPath: Exporter.manifestPath(for: plain)))))
        #expect(manifest["options"]?["formula_guard"]?.boolValue == false)
    }
}
