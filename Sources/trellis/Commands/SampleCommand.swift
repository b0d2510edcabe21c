import ArgumentParser
import Foundation
import TrellisCore
import TrellisStore

struct SampleCommand: DatabaseCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw a stratified random sample: an audit of a database's unreviewed documents, or of a corpus too large to import.",
        discussion: """
            With --from FILE: every document of the JSONL corpus is read once and checked as import \
            would check it (invalid lines are reported as FILE:LINE:COLUMN and skipped); --size \
            documents are drawn, shared among the strata (--stratify stage,meta.rewriter) in \
            proportion to their size, uniformly within each, in bounded memory. Writes the sampled \
            lines, in file order, to --out and the size of every stratum to OUT.strata.json.

            Without --from: draws --size unreviewed documents of the database (strata: --stratify, \
            default stage,rewriter) and assigns them to the reviewers --to as the audit --name, which \
            trellis quality --audit NAME estimates over, weighting each stratum by its size in the \
            corpus (needs the adjudicator or admin role). --plan prints instead the sample size each \
            stratum needs for an interval of ± --margin.

            The same input and --seed give the same sample. See docs/quality.md.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: ArgumentHelp("The JSONL corpus to sample (- reads standard input); without it, the database's documents.", valueName: "path"))
    var from: String?

    @Option(help: ArgumentHelp("How many documents to draw.", valueName: "n"))
    var size: Int?

    @Option(help: ArgumentHelp("Fields whose values form the strata, comma-separated: stage, rewriter, meta.KEY (default without --from: stage,rewriter).", valueName: "fields"))
    var stratify: String?

    @Option(help: ArgumentHelp("The seed: the same input and seed give the same sample.", valueName: "s"))
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: ArgumentHelp("With --from: the file to write the sample to; the strata go to FILE.strata.json.", valueName: "path"))
    var out: String?

    @Option(help: ArgumentHelp("Audit: its name, for trellis quality --audit NAME.", valueName: "name"))
    var name: String?

    @Option(parsing: .upToNextOption, help: ArgumentHelp("Audit: the reviewers to assign its documents to (separated by spaces or commas).", valueName: "name"))
    var to: [String] = []

    @Flag(help: "Print the sample size each stratum needs for an interval of ± --margin, and draw nothing.")
    var plan = false

    @Option(help: ArgumentHelp("With --plan: the half-width of the interval wanted (0.02 for ±2%).", valueName: "p"))
    var margin = 0.02

    @Option(help: ArgumentHelp("With --plan: the proportion expected (0.5, the default, needs the most documents).", valueName: "p"))
    var expected = 0.5

    @Option(help: ArgumentHelp("Skip lines longer than this many bytes.", valueName: "bytes"))
    var maxLineBytes = 16 << 20

    func validate() throws {
        if let size, size < 0 { throw ValidationError("--size must be 0 or more") }
        do {
            _ = try StratumField.list(stratify ?? "")
        } catch {
            throw ValidationError(error.description)
        }
        if plan {
            guard from == nil else { throw ValidationError("--plan works on a database's strata (leave out --from)") }
            guard margin > 0, margin < 0.5 else { throw ValidationError("--margin is the interval's half-width, between 0 and 0.5 (0.02 for ±2%)") }
            guard (0...1).contains(expected) else { throw ValidationError("--expected is a proportion from 0 to 1") }
            return
        }
        guard size != nil else { throw ValidationError("give --size N (or --plan)") }
        if from != nil {
            guard out != nil else { throw ValidationError("--from needs --out FILE") }
        } else {
            guard name != nil else { throw ValidationError("an audit of the database needs --name NAME (or sample a file with --from)") }
            guard !to.isEmpty else { throw ValidationError("an audit of the database needs the reviewers to assign it to: --to NAME…") }
        }
    }

    func run() throws {
        guard let from, let out, let size else {
            return plan ? try printPlan() : try drawAudit()
        }
        let fields = try StratumField.list(stratify ?? "")
        var sampler = CorpusSampler(size: size, fields: fields, seed: seed, schema: try project.loadSchema(database: nil))
        let reader: LineReader
        do {
            reader = try LineReader(path: from, maxLineBytes: maxLineBytes)
        } catch {
            throw CLIError("\(error)")
        }
        let progress = ProgressLine(enabled: StandardError.isTerminal, label: "sampling \(from)")
        var lines = 0
        try reader.forEachLine { event in
            lines += 1
            switch event {
            case .tooLong(let number, let byteCount):
                report([sampler.addTooLong(number: number, byteCount: byteCount, limit: maxLineBytes)], progress: progress)
            case .line(let number, let bytes):
                if case .invalid(let rejection) = sampler.add(line: bytes, number: number) { report(rejection.problems, progress: progress) }
            }
            if lines % 1024 == 0 { progress.show(done: reader.bytesRead, total: reader.fileSize, detail: "\(sampler.documents) documents") }
        }
        progress.clear()

        let sample = sampler.draw()
        var output: [UInt8] = []
        for item in sample.items {
            output += item.bytes
            output.append(0x0A)
        }
        let manifestPath = out + ".strata.json"
        try write(output, to: out)
        try write(sampler.manifest(sample: sample, source: from, output: out, lines: lines), to: manifestPath)
        let drawn = sample.strata.reduce(0) { $0 + $1.items.count }
        StandardOutput.line("\(out): \(drawn) of \(sampler.documents) documents in \(sample.strata.count) strata (sizes in \(manifestPath)); \(sampler.invalid) invalid lines skipped")
    }

    private func report(_ problems: [ImportProblem], progress: ProgressLine) {
        progress.clear()
        for problem in problems { StandardError.line(problem.formatted(file: from ?? "-")) }
    }

    /// The strata of the database's documents: `--stratify`, else stage and rewriter.
    private var databaseFields: [StratumField] {
        get throws { try StratumField.list(stratify ?? "stage,rewriter") }
    }

    /// Draws an audit of the database's unreviewed documents and assigns it.
    private func drawAudit() throws {
        let database = try project.openDatabase()
        let request = AuditRequest(name: name ?? "", size: size ?? 0, fields: try databaseFields, seed: seed,
                                   reviewers: to.flatMap { $0.split(separator: ",").map(String.init) })
        let draw: AuditDraw
        do {
            draw = try database.drawAudit(request, by: try project.actingReviewer(database: database))
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
        StandardOutput.line(TextTable.render(
            header: ["stratum", "documents", "unreviewed", "drawn"],
            rows: draw.strata.map { [$0.key.display, "\($0.population)", "\($0.unreviewed)", "\($0.sampled)"] }).joined(separator: "\n"))
        let assigned = draw.assigned.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        StandardOutput.line("audit \(draw.name): \(draw.sampled) documents drawn in \(draw.strata.count) strata; assigned: \(assigned.isEmpty ? "none" : assigned)")
        StandardOutput.line("once reviewed: trellis quality --db \(databasePath) --audit \(draw.name)")
    }

    /// Prints the sample size each stratum needs for an interval of ± `margin`.
    private func printPlan() throws {
        let database = try project.openDatabase(readOnly: true)
        let fields = try databaseFields
        let strata = try database.corpusStrata(by: fields)
        let rows = strata.map { stratum in
            [stratum.key.display, "\(stratum.population)", "\(stratum.unreviewed)",
             "\(SamplePlan.size(population: stratum.unreviewed, margin: margin, expected: expected))"]
        }
        let separately = strata.reduce(0) { $0 + SamplePlan.size(population: $1.unreviewed, margin: margin, expected: expected) }
        let unreviewed = strata.reduce(0) { $0 + $1.unreviewed }
        let together = SamplePlan.size(population: unreviewed, margin: margin, expected: expected)
        let width = QualityFormat.percent(margin)
        StandardOutput.line("Sample sizes for a 95% interval of ±\(width) around a proportion of documents (expected \(QualityFormat.percent(expected, digits: 0))), by \(fields.map(\.description).joined(separator: ", ")):")
        StandardOutput.line(TextTable.render(header: ["stratum", "documents", "unreviewed", "needed"], rows: rows).joined(separator: "\n"))
        StandardOutput.line("every stratum to ±\(width) on its own: \(separately) documents; the whole corpus to ±\(width) (strata in proportion): \(together)")
        StandardOutput.line("draw it with: trellis sample --db \(databasePath) --size N --stratify \(fields.map(\.description).joined(separator: ",")) --seed S --name NAME --to REVIEWERS")
    }

    /// Writes `bytes` beside `path`, then moves them into place, so that `path` never holds half a file.
    private func write(_ bytes: [UInt8], to path: String) throws {
        let partial = "\(path).partial-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try Data(bytes).write(to: URL(fileURLWithPath: partial))
            guard rename(partial, path) == 0 else { throw CLIError(String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            throw CLIError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
