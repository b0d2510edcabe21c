import Foundation

/// `trellis export` of the approved gold in every format, as a child process (peak RSS from
/// wait4), and the sqlite3 shell's eval baseline, alternated run by run.
enum ExportBench {
    static let formats = ["train", "control-tokens", "eval", "brat", "csv"]

    private struct Run {
        var seconds: Double
        var maxRSSBytes: Int
        var bytes: Int
        var records: Int
        var goldSpans: Int
    }

    /// `repetitions` runs of each format; the eval export and its baseline `evalRepetitions` runs each.
    static func run(_ workspace: Workspace, trellis: String, repetitions: Int, evalRepetitions: Int, baseline: Bool) throws -> [Figure] {
        var figures: [Figure] = []
        for format in workspace.options.formats {
            let repetitions = format == "eval" ? evalRepetitions : repetitions
            let out = "\(workspace.exports)/\(format == "brat" ? "brat" : "gold.\(format)")"
            var runs: [Run] = []
            var baselineRuns: [ChildResult] = []
            var baselineBytes = 0
            var baselineLines = 0
            for _ in 0..<repetitions {
                let result = try Child.check([trellis, "export", "--db", workspace.database, "--format", format, "--out", out, "--force", "--quiet"],
                                             scratch: workspace.scratch)
                let (records, spans) = parse(result.stdout)
                runs.append(Run(seconds: result.seconds, maxRSSBytes: result.maxRSSBytes, bytes: FileSize.bytes(out), records: records, goldSpans: spans))
                try? FileManager.default.removeItem(atPath: out)
                if format == "eval", baseline {
                    let output = "\(workspace.exports)/baseline.eval.jsonl"
                    baselineRuns.append(try Baselines.evalExport(workspace, output: output))
                    baselineBytes = FileSize.bytes(output)
                    baselineLines = try Corpus.countLines(output)
                    try? FileManager.default.removeItem(atPath: output)
                }
            }
            let seconds = Samples(runs.map(\.seconds)).median
            let peak = runs.map(\.maxRSSBytes).max() ?? 0
            let last = runs.last!
            let megabytesPerSecond = Double(last.bytes) / 1_048_576 / seconds
            var fields: [(String, JSONValue)] = [
                ("runs", .int(runs.count)), ("records", .int(last.records)), ("gold_spans", .int(last.goldSpans)),
                ("output_mb", .round(Double(last.bytes) / 1_048_576)), ("seconds", .round(seconds, 3)),
                ("mb_per_s", .round(megabytesPerSecond)), ("records_per_s", .round(Double(last.records) / seconds, 0)),
                ("gold_spans_per_s", .round(Double(last.goldSpans) / seconds, 0)), ("max_rss_mb", .round(Double(peak) / 1_048_576, 1)),
            ]
            var figure = Figure(
                name: "export.\(format)", size: workspace.size, fields: fields,
                headline: String(format: "%@ (%.1f MB/s, %@ gold spans/s), %@ peak RSS", Format.seconds(seconds), megabytesPerSecond,
                                 Format.number(Double(last.goldSpans) / seconds), Format.mb(peak)))
            if !baselineRuns.isEmpty {
                let baselineSeconds = Samples(baselineRuns.map(\.seconds)).median
                let baselinePeak = baselineRuns.map(\.maxRSSBytes).max() ?? 0
                let ratio = seconds / baselineSeconds
                figures.append(Figure(
                    name: "export.eval.baseline-sqlite3", size: workspace.size,
                    fields: [("runs", .int(baselineRuns.count)), ("records", .int(baselineLines)), ("output_mb", .round(Double(baselineBytes) / 1_048_576)),
                             ("seconds", .round(baselineSeconds, 3)), ("mb_per_s", .round(Double(baselineBytes) / 1_048_576 / baselineSeconds)),
                             ("max_rss_mb", .round(Double(baselinePeak) / 1_048_576, 1))],
                    headline: String(format: "%@ (%.1f MB/s), %@ peak RSS", Format.seconds(baselineSeconds),
                                     Double(baselineBytes) / 1_048_576 / baselineSeconds, Format.mb(baselinePeak))))
                fields += [("baseline", .string("sqlite3 -batch DB < bench/baseline_eval_export.sql")), ("baseline_seconds", .round(baselineSeconds, 3)),
                           ("baseline_records", .int(baselineLines)), ("ratio_time", .round(ratio, 3))]
                figure.fields = fields
                figure.baseline = Format.seconds(baselineSeconds)
                figure.ratio = Format.ratio(ratio) + " the time"
                figure.target = "time ≤ 1.5× the sqlite3 shell's (bounded memory: see growth)"
                figure.met = ratio <= 1.5
            }
            Report.progress("export \(format): \(figure.headline)\(figure.ratio.map { ", \($0) of sqlite3" } ?? "")")
            figures.insert(figure, at: figures.count - (baselineRuns.isEmpty ? 0 : 1))
        }
        return figures
    }

    /// "OUT: N records from X of Y documents, Z gold spans …"
    private static func parse(_ output: String) -> (records: Int, spans: Int) {
        func number(before word: String) -> Int {
            guard let range = output.range(of: " \(word)") else { return 0 }
            let digits = output[..<range.lowerBound].reversed().prefix { $0.isNumber }
            return Int(String(digits.reversed())) ?? 0
        }
        return (number(before: "records"), number(before: "gold spans"))
    }
}
