import ArgumentParser
import Foundation
import TrellisCore
import TrellisStore

extension ExportFormat: ExpressibleByArgument {}
extension GoldPolicy.Disagreement: ExpressibleByArgument {}

struct ExportCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the approved gold as training or evaluation data, with a manifest.",
        discussion: """
            Gold: spans approved with the rubric complete, as they are now (a decision made before a
            change counts once re-confirmed; an adjudicator's decision wins). Documents rejected or
            flagged give nothing; train and control-tokens records are whole documents, approved as
            they are now and free of schema problems. The same database and options give
            byte-identical files. The file is written under a temporary
            name, validated, then renamed; OUT.manifest.json lists counts, options and SHA-256 sums.
            Formats and examples: docs/export.md.

            corrections and preference feed reviewers' corrections back to the rewriter: one record \
            per reviewed document (approved as a whole, or every span decided) whose spans differ \
            from what its rewriter wrote; only --stage applies to them. See docs/quality.md.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: "train, control-tokens, eval, brat, csv, hf, corrections or preference.")
    var format: ExportFormat

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write (a folder for brat, hf, and eval or train with --split).", valueName: "path"))
    var out: String

    @Flag(help: "Replace an existing export.")
    var force = false

    @Flag(help: "train/control-tokens: one record per run of gold spans, not only per fully gold document.")
    var spanRuns = false

    @Option(help: ArgumentHelp("Shuffle documents within each stage with this seed.", valueName: "n"))
    var shuffleSeed: UInt64?

    @Flag(help: "Only documents whose every span has been decided.")
    var wholeDocuments = false

    @Option(help: ArgumentHelp("Approvals a span needs (each with the rubric complete); whole documents need as many document approvals.", valueName: "n"))
    var minApprovals = 1

    @Option(parsing: .singleValue, help: ArgumentHelp("A minimum mean rating, e.g. honesty=4 (repeatable).", valueName: "dimension=n"))
    var minRating: [String] = []

    @Option(parsing: .singleValue, help: ArgumentHelp("Only this curriculum stage (repeatable).", valueName: "n"))
    var stage: [Int] = []

    @Option(parsing: .singleValue, help: ArgumentHelp("Only spans of this mode (repeatable).", valueName: "mode"))
    var mode: [String] = []

    @Option(name: .customLong("by"), parsing: .singleValue, help: ArgumentHelp("Only these reviewers' judgements count (repeatable).", valueName: "reviewer"))
    var reviewers: [String] = []

    @Option(help: ArgumentHelp("Only judgements made on or after this date (YYYY-MM-DD).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("Only judgements made on or before this date (YYYY-MM-DD).", valueName: "date"))
    var until: String?

    @Option(help: "When reviewers disagree and nobody adjudicated: exclude, majority or refuse.")
    var onDisagreement: GoldPolicy.Disagreement = .exclude

    @Option(parsing: .singleValue, help: ArgumentHelp("control-tokens: the token of a mode, e.g. ai=<|aligned|> (repeatable).", valueName: "mode=token"))
    var token: [String] = []

    @Option(help: ArgumentHelp("eval, train, hf: splits by document, stratified by stage, e.g. train=0.8,validation=0.1,test=0.1 (eval and train then write a folder of SPLIT.jsonl).", valueName: "name=fraction,…"))
    var split: String?

    @Option(help: ArgumentHelp("The seed that ranks documents for --split (default 0).", valueName: "n"))
    var splitSeed: UInt64 = 0

    @Flag(help: "csv: write free text as it is, without the ' that keeps a spreadsheet from running it as a formula (for data pipelines).")
    var noFormulaGuard = false

    @Flag(help: "Print no progress.")
    var quiet = false

    func validate() throws {
        guard minApprovals >= 1 else { throw ValidationError("--min-approvals must be at least 1") }
        for date in [since, until].compactMap({ $0 }) where date.range(of: #"^\d{4}-\d{2}-\d{2}"#, options: .regularExpression) == nil {
            throw ValidationError("dates are written YYYY-MM-DD, found \(date)")
        }
        if format.comparesRewriter {
            let given = [("--span-runs", spanRuns), ("--shuffle-seed", shuffleSeed != nil), ("--whole-documents", wholeDocuments),
                         ("--min-approvals", minApprovals != 1), ("--min-rating", !minRating.isEmpty), ("--mode", !mode.isEmpty),
                         ("--by", !reviewers.isEmpty), ("--since", since != nil), ("--until", until != nil),
                         ("--on-disagreement", onDisagreement != .exclude), ("--token", !token.isEmpty), ("--split", split != nil),
                         ("--split-seed", splitSeed != 0), ("--no-formula-guard", noFormulaGuard)]
            if let option = given.first(where: \.1)?.0 {
                throw ValidationError("\(option) does not apply to --format \(format.rawValue): its documents are those reviewed (approved as a whole, or every span decided); only --stage narrows them")
            }
        }
    }

    func run() throws {
        // A damaged file is refused, with nothing published: the whole file is checked beside the export.
        let (database, check) = try project.openDatabaseCheckingBeside()
        do {
            try export(database: database, beforePublishing: check.require)
        } catch {
            throw check.explaining(error)
        }
    }

    private func export(database: AppDatabase, beforePublishing: () throws -> Void) throws {
        let schema = try project.loadSchema(database: database)
        let rubric = try project.loadRubric(schema: schema, database: database)
        var minRatings: [String: Int] = [:]
        for pair in minRating {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Int(parts[1]), rubric.dimension(parts[0]) != nil else {
                throw ValidationError("--min-rating takes DIMENSION=N with a dimension of the rubric (\(rubric.dimensions.map(\.name).joined(separator: ", "))), found \(pair)")
            }
            minRatings[parts[0]] = value
        }
        var tokens: [String: String] = [:]
        for pair in token {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, schema.hasTag(parts[0]), !parts[1].isEmpty else {
                throw ValidationError("--token takes MODE=TOKEN with a mode of the schema, found \(pair)")
            }
            tokens[parts[0]] = parts[1]
        }
        for name in mode where !schema.hasTag(name) { throw ValidationError("unknown mode \(name)") }
        let controlTokens = ControlTokens(tokens: tokens)
        do throws(TokenError) {
            _ = try TokenEscaping(tokens: controlTokens.all(modes: schema.tags.map(\.name)))
        } catch {
            throw ValidationError("--token: \(error.description)")
        }
        var splits: DatasetSplits?
        if let split {
            guard format.splits else { throw ValidationError("--split applies to eval, train and hf, not \(format.rawValue)") }
            do throws(SplitError) {
                splits = try DatasetSplits(parsing: split, seed: splitSeed)
            } catch {
                throw ValidationError("--split: \(error.description)")
            }
        } else if format == .hf {
            splits = .single(seed: splitSeed)
        }
        if noFormulaGuard, format != .csv { throw ValidationError("--no-formula-guard applies to csv only") }
        let policy = GoldPolicy(
            rubric: rubric, minApprovals: minApprovals, minRatings: minRatings, reviewers: reviewers.isEmpty ? nil : Set(reviewers),
            from: since, until: until.map { $0 + "T23:59:59.999Z" }, disagreement: onDisagreement)
        let options = ExportOptions(
            format: format, policy: policy, spanRuns: spanRuns, shuffleSeed: shuffleSeed, wholeDocuments: wholeDocuments,
            stages: stage.isEmpty ? nil : Set(stage), modes: mode.isEmpty ? nil : Set(mode), tokens: controlTokens,
            split: splits, formulaGuard: !noFormulaGuard)
        let progress = ProgressLine(enabled: StandardError.isTerminal && !quiet, label: "exporting")
        let summary: ExportSummary
        do {
            summary = try Exporter(database: database, schema: schema, rubric: rubric, options: options)
                .run(to: out, force: force, beforePublishing: beforePublishing) { progress.show(done: $0, total: nil, detail: "documents") }
        } catch let error as ExportError {
            progress.clear()
            throw CLIError(error.description)
        }
        progress.clear()
        let modes = summary.spansByMode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        StandardOutput.line("\(out): \(summary.records) records from \(summary.documentsExported) of \(summary.documentsRead) documents, \(summary.goldSpans) gold spans\(modes.isEmpty ? "" : " (\(modes))")")
        if !summary.splits.isEmpty {
            StandardOutput.line("splits: " + summary.splits.map { "\($0.name) \($0.documents) documents, \($0.records) records, \($0.spans) spans" }.joined(separator: "; "))
        }
        if summary.escapedTokens > 0 {
            StandardOutput.line("escaped: \(summary.escapedTokens) control tokens written literally in the text (\\ after their first character; see docs/export.md)")
        }
        if !summary.excluded.isEmpty {
            StandardOutput.line("left out: " + summary.excluded.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        if !summary.excludedDocuments.isEmpty {
            StandardOutput.line("documents left out: " + summary.excludedDocuments.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        StandardOutput.line("manifest: \(Exporter.manifestPath(for: out))")
    }
}
