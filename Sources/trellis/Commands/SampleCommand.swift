import ArgumentParser
import Foundation
import TrellisCore
import TrellisStore

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Draw a stratified random sample of a corpus too large to import, reading it once in bounded memory.",
        discussion: """
            Every document of --from is read once and checked as import would check it (invalid lines
            are reported as FILE:LINE:COLUMN and skipped); --size documents are drawn, shared among the
            strata (--stratify stage,meta.rewriter) in proportion to their size, uniformly within each.
            Only the kept lines are held in memory (at most --size per stratum). Writes the sampled
            lines, in file order, to --out and the size of every stratum (for weighting estimates) to
            OUT.strata.json. The same file and --seed give the same sample. See docs/quality.md.
            """
    )

    @OptionGroup var project: ProjectOptions

    @Option(help: ArgumentHelp("The JSONL corpus to sample (- reads standard input).", valueName: "path"))
    var from: String

    @Option(help: ArgumentHelp("How many documents to draw.", valueName: "n"))
    var size: Int

    @Option(help: ArgumentHelp("Fields whose values form the strata, comma-separated: stage, meta.KEY.", valueName: "fields"))
    var stratify: String?

    @Option(help: ArgumentHelp("The seed: the same file and seed give the same sample.", valueName: "s"))
    var seed: UInt64 = 1

    @Option(name: .shortAndLong, help: ArgumentHelp("The file to write the sample to; the strata go to FILE.strata.json.", valueName: "path"))
    var out: String

    @Option(help: ArgumentHelp("Skip lines longer than this many bytes.", valueName: "bytes"))
    var maxLineBytes = 16 << 20

    func validate() throws {
        guard size >= 0 else { throw ValidationError("--size must be 0 or more") }
        do {
            _ = try StratumField.list(stratify ?? "")
        } catch {
            throw ValidationError(error.description)
        }
    }

    func run() throws {
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
        for problem in problems { StandardError.line(problem.formatted(file: from)) }
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
