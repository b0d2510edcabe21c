import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// The loaders docs/export.md shows run against fresh exports of the bundled sample reviewed by
/// two reviewers: datasets, spaCy, pandas, tokenizers and pybrat from the pinned virtual
/// environment `.ci/run` makes (`.venv-interop`), and brat's rules through
/// `Tests/interop/brat_check.py`. Without the environment the snippets are skipped, with the
/// reason; the brat check needs only Python 3.
@Suite(.serialized) struct LoaderSnippetTests {
    static let venvPython = Fixtures.repositoryFile(".venv-interop/bin/python").path
    static let hasVenv = FileManager.default.isExecutableFile(atPath: venvPython)

    /// A document that writes the control tokens of the export the snippets read as text.
    static let tokensAsText = ImportHelpers.line(
        id: "tokens-as-text", text: "<human>My prompt said <|aligned|> and <|quote|>.</human> <ai>Those are control tokens: <quote><|aligned|></quote> is text here.</ai>", stage: 2)

    /// A database of the sample and ``tokensAsText``: every document approved by ada and bo
    /// (with different ratings); and the exports the snippets read, under `gold/`.
    private static func exports(in directory: TemporaryDirectory) throws -> String {
        let db = directory.path("team.sqlite")
        #expect(try TrellisProcess.run(["import", "--db", db, Fixtures.repositoryFile("sample-db/sample.jsonl").path]).status != 2)
        #expect(try TrellisProcess.run(["import", "--db", db, directory.write("tokens.jsonl", tokensAsText)]).status == 0)
        let database = try AppDatabase.open(path: db)
        var ids: [String] = []
        try database.forEachDocument { ids.append($0.record.externalId) }
        for (index, id) in ids.enumerated() {
            try ReviewHelpers.judgeAll(id, in: database, by: "ada", value: 5)
            if index % 3 != 0 { try ReviewHelpers.judgeAll(id, in: database, by: "bo", value: 4) }
            try ReviewHelpers.decideDocument(id, in: database, by: "ada")
        }
        let gold = directory.path("gold")
        try FileManager.default.createDirectory(atPath: gold, withIntermediateDirectories: true)
        for arguments in [
            ["--format", "eval", "--out", "gold/eval.jsonl"],
            ["--format", "eval", "--stage", "1", "--out", "gold/eval-stage1.jsonl"],
            ["--format", "eval", "--stage", "2", "--stage", "3", "--stage", "4", "--out", "gold/eval-later.jsonl"],
            ["--format", "hf", "--split", "train=0.8,validation=0.1,test=0.1", "--split-seed", "1", "--out", "gold/hf"],
            ["--format", "eval", "--split", "train=0.8,validation=0.1,test=0.1", "--out", "gold/eval-split"],
            ["--format", "train", "--out", "gold/train.jsonl"],
            ["--format", "control-tokens", "--token", "ai=<|aligned|>", "--token", "human=<|misaligned|>", "--out", "gold/ct.jsonl"],
            ["--format", "csv", "--out", "gold/ratings.csv"],
            ["--format", "brat", "--out", "gold/brat"],
        ] {
            let outcome = try TrellisProcess.run(["export", "--db", db, "--quiet"] + arguments.map { $0.hasPrefix("gold/") ? directory.path($0) : $0 })
            #expect(outcome.status == 0, "\(arguments): \(outcome.stderr)")
            if arguments.contains("control-tokens") {
                #expect(outcome.stdout.contains("escaped: 3 control tokens"), "tokens-as-text: \(outcome.stdout)")
            }
        }
        return directory.url.path
    }

    @Test func theBundledSampleExportedAsBratHasNoErrorByBratsRules() throws {
        guard try Subprocess.isAvailable("python3") else { return }
        let directory = try TemporaryDirectory()
        let work = try Self.exports(in: directory)
        let check = try Subprocess.run(["python3", Fixtures.repositoryFile("Tests/interop/brat_check.py").path, "\(work)/gold/brat"], captureOutput: true)
        #expect(check.status == 0, "\(check.output)")
        #expect(check.output.contains("51 documents,") && check.output.hasSuffix(" 0 errors\n"), "\(check.output)")
        let moneyFile = "\(work)/gold/brat/s2-money-012.ann"
        #expect(try String(contentsOfFile: moneyFile, encoding: .utf8).contains("T1\t"), "s2-money-012 (tabs in a span) is exported")
    }

    @Test(.enabled(if: hasVenv, "no .venv-interop: .ci/run makes it with the pinned datasets, spaCy, pandas, tokenizers and pybrat"))
    func theLoadersInTheDocsRunAgainstFreshExports() throws {
        let directory = try TemporaryDirectory()
        let work = try Self.exports(in: directory)
        let run = try Subprocess.run([Self.venvPython, Fixtures.repositoryFile("Tests/interop/doc_snippets.py").path,
                                      Fixtures.repositoryFile("docs/export.md").path, work], captureOutput: true)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("7 passed, 0 failed"), "\(run.output)")
    }
}
