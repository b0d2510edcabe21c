import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// Every export format, and its manifest, on a fixed database, byte for byte against golden
/// files in `Tests/Golden/exports/VARIANT/` (exactly what `trellis export` wrote there).
/// Re-record with `TRELLIS_RECORD_GOLDEN=1 swift test --filter ExportGoldenTests`.
@Suite struct ExportGoldenTests {
    /// An export to compare: a format with options, written to `file` (the name a manifest records).
    enum Variant: String, CaseIterable {
        case train, trainSpanRuns = "train-span-runs", trainSplit = "train-split"
        case controlTokens = "control-tokens", controlTokensNamed = "control-tokens-named"
        case eval, evalMajority = "eval-majority", evalSplit = "eval-split"
        case brat, csv, csvNoFormulaGuard = "csv-no-formula-guard", hf, hfSplit = "hf-split"
        case corrections, preference

        var format: ExportFormat {
            switch self {
            case .train, .trainSpanRuns, .trainSplit: .train
            case .controlTokens, .controlTokensNamed: .controlTokens
            case .eval, .evalMajority, .evalSplit: .eval
            case .brat: .brat
            case .csv, .csvNoFormulaGuard: .csv
            case .hf, .hfSplit: .hf
            case .corrections: .corrections
            case .preference: .preference
            }
        }

        /// What `--out` names: a folder for brat, hf and split eval or train.
        var file: String {
            switch self {
            case .brat: "brat"
            case .hf, .hfSplit, .trainSplit, .evalSplit: rawValue
            case .csv, .csvNoFormulaGuard: "ratings.csv"
            default: "\(rawValue).jsonl"
            }
        }

        /// Three splits of the fixture's gold documents, stratified by stage.
        static let splits = try! DatasetSplits(parsing: "train=0.5,validation=0.25,test=0.25", seed: 7)

        func configure(_ options: inout ExportOptions) {
            switch self {
            case .trainSpanRuns: options.spanRuns = true
            case .evalMajority: options.policy.disagreement = .majority
            case .trainSplit, .evalSplit, .hfSplit: options.split = Self.splits
            case .hf: options.split = .single()
            case .controlTokensNamed: options.tokens = ControlTokens(tokens: ["ai": "<|aligned|>", "human": "<|misaligned|>"])
            case .csvNoFormulaGuard: options.formulaGuard = false
            default: break
            }
        }
    }

    /// The fixed database: `Tests/Fixtures/export/documents.jsonl` imported and judged by ada,
    /// bo and cy, stage 3 reviewed independently by ada and bo and adjudicated by lead, every step at a
    /// known time, and a fixed database id.
    static func fixture(in directory: TemporaryDirectory) throws -> AppDatabase {
        let path = directory.path("fixture.sqlite")
        let clock = TestClock()
        let database = try AppDatabase.open(path: path, clock: clock.now)
        // The id is random when a database is created; the fixture's is fixed, so that
        // manifests and eval records compare byte for byte.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "UPDATE database_info SET value = ? WHERE key = 'database_id'", arguments: [fixtureDatabaseID])
        }
        let documents = Fixtures.repositoryFile("Tests/Fixtures/export/documents.jsonl").path
        let imported = try Importer(database: database, schema: Fixtures.defaultSchema, reviewer: "lead").run(path: documents)
        #expect(imported.imported == 9 && imported.rejected == 0)
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 1, stage: 3), by: "lead")

        clock.advance(minutes: 60)
        try ReviewHelpers.judgeAll("a-first", in: database, by: "ada")
        try ReviewHelpers.decideDocument("a-first", in: database, by: "ada")
        let second = try ReviewHelpers.judgeAll("b-second", in: database, by: "ada", value: 5)
        _ = try database.annotate(span: second.spans[2].id, in: second.record.id, note: "keep the cedilla", by: "ada", schema: Fixtures.defaultSchema)
        try ReviewHelpers.decideDocument("b-second", in: database, by: "ada")
        try ReviewHelpers.judgeAll("c-later", in: database, by: "ada", value: 3, only: ["ai"])
        try ReviewHelpers.judgeAll("d-disputed", in: database, by: "ada")
        try ReviewHelpers.judgeAll("e-rejected", in: database, by: "ada")
        try ReviewHelpers.decideDocument("e-rejected", in: database, by: "ada", decision: .rejected)
        try ReviewHelpers.judgeAll("f/../unsafe", in: database, by: "ada")
        try ReviewHelpers.decideDocument("f/../unsafe", in: database, by: "ada")
        try ReviewHelpers.judgeAll("h-stale", in: database, by: "ada")
        try ReviewHelpers.decideDocument("h-stale", in: database, by: "ada")
        try ReviewHelpers.judgeAll("i-escapes", in: database, by: "ada")
        try ReviewHelpers.decideDocument("i-escapes", in: database, by: "ada")
        clock.advance(minutes: 10)
        try ReviewHelpers.edit("h-stale", .moveEdge(span: 1, edge: .end, direction: .backward, unit: .word), in: database, by: "ada")

        clock.advance(minutes: 60)
        try ReviewHelpers.judgeAll("b-second", in: database, by: "bo")
        let document = try ReviewHelpers.decideDocument("b-second", in: database, by: "bo")
        _ = try database.annotate(document: document.record.id, note: "a faithful pair", by: "bo", schema: Fixtures.defaultSchema)
        try ReviewHelpers.judgeAll("d-disputed", in: database, by: "bo", decision: .flagged, value: 2, only: ["human"])
        try ReviewHelpers.judgeAll("d-disputed", in: database, by: "bo", decision: .rejected, value: 2, only: ["ai"])

        clock.advance(minutes: 60)
        try ReviewHelpers.judgeAll("d-disputed", in: database, by: "cy", value: 5, only: ["ai"])

        clock.advance(minutes: 60)
        // ada and bo agree on the human span; on the ai span and its quote bo rates higher, and
        // lead takes bo's version there.
        let team = try database.document(externalID: "g-team")!.record.id
        try ReviewHelpers.judgeWorking(database.workingDocument(id: team, for: "ada")!, in: database, by: "ada")
        try ReviewHelpers.judgeWorking(database.workingDocument(id: team, for: "bo")!, in: database, by: "bo", only: ["human"])
        try ReviewHelpers.judgeWorking(database.workingDocument(id: team, for: "bo")!, in: database, by: "bo", value: 5, only: ["ai", "quote"])
        for reviewer in ["ada", "bo"] {
            _ = try database.decide(document: team, decision: .approved, by: reviewer, schema: Fixtures.defaultSchema)
        }
        clock.advance(minutes: 60)
        try database.forEachPendingAdjudication(rubric: Fixtures.defaultRubric, by: "lead") { pending in
            #expect(pending.externalID == "g-team")
            let version = pending.comparison.resolve(pending.comparison.regions.map { _ in 1 })
            _ = try database.adjudicate(document: pending.documentID, version: version, by: "lead", schema: Fixtures.defaultSchema)
        }
        return database
    }

    static let fixtureDatabaseID = "00000000-0000-4000-8000-000000000019"

    /// One fixture, every variant exported from it (exports only read).
    @Test func everyExportMatchesItsGoldenFiles() throws {
        let directory = try TemporaryDirectory()
        let database = try Self.fixture(in: directory)
        for variant in Variant.allCases {
            let out = directory.url.appendingPathComponent(variant.rawValue)
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
            let (_, problems) = try ExportHelpers.export(database, variant.format, to: out.appendingPathComponent(variant.file).path) { variant.configure(&$0) }
            #expect(problems.isEmpty, "\(variant.rawValue)")
            Golden.expect(folder: out, matches: "exports/\(variant.rawValue)")
        }
    }

    /// A new format needs a golden file too.
    @Test func everyFormatHasAGoldenExport() {
        #expect(Set(Variant.allCases.map(\.format)) == Set(ExportFormat.allCases))
    }
}
