import Foundation

/// One import run as a child process: the time, the peak RSS, what it stored.
struct ImportRun {
    var seconds: Double
    var maxRSSBytes: Int
    var documents: Int
    var spans: Int
}

/// `trellis import` of the corpus into a fresh database, as a child process (peak RSS from wait4).
enum ImportBench {
    static func run(_ workspace: Workspace, corpus: CorpusFacts, trellis: String, repetitions: Int) throws -> [ImportRun] {
        var runs: [ImportRun] = []
        for repetition in 1...repetitions {
            let path = "\(workspace.scratch)/import.sqlite"
            FileSize.removeDatabase(path)
            let result = try Child.check(
                [trellis, "import", "--db", path, "--reviewer", "bench-import", "--quiet", workspace.corpus],
                scratch: workspace.scratch, allowing: [0, 1])
            let counts = try Corpus.count(database: path)
            runs.append(ImportRun(seconds: result.seconds, maxRSSBytes: result.maxRSSBytes, documents: counts.documents, spans: counts.spans))
            Report.progress("import \(repetition)/\(repetitions): \(Format.seconds(result.seconds)), \(Format.mb(result.maxRSSBytes)) peak")
            if repetition == repetitions {
                FileSize.removeDatabase(workspace.database)
                try FileManager.default.moveItem(atPath: path, toPath: workspace.database)
                for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                    try FileManager.default.moveItem(atPath: path + suffix, toPath: workspace.database + suffix)
                }
            } else {
                FileSize.removeDatabase(path)
            }
        }
        return runs
    }

    /// Imports once, unmeasured, when a part needs the database and the import part did not run.
    static func ensureDatabase(_ workspace: Workspace, trellis: String) throws {
        if FileManager.default.fileExists(atPath: workspace.database) { return }
        Report.progress("importing \(workspace.corpus) (unmeasured)")
        FileSize.removeDatabase(workspace.database)
        _ = try Child.check([trellis, "import", "--db", workspace.database, "--reviewer", "bench-import", "--quiet", workspace.corpus],
                            scratch: workspace.scratch, allowing: [0, 1])
    }

    static func figures(_ runs: [ImportRun], baseline: [BaselineImportRun]?, corpus: CorpusFacts, size: Int) -> [Figure] {
        let seconds = Samples(runs.map(\.seconds)).median
        let peak = runs.map(\.maxRSSBytes).max() ?? 0
        let spans = runs.last?.spans ?? 0
        let documents = runs.last?.documents ?? 0
        let megabytesPerSecond = corpus.megabytes / seconds
        let spansPerSecond = Double(spans) / seconds
        var fields: [(String, JSONValue)] = [
            ("runs", .int(runs.count)), ("corpus_mb", .round(corpus.megabytes)), ("lines", .int(corpus.lines)),
            ("documents", .int(documents)), ("spans", .int(spans)),
            ("seconds", .round(seconds, 3)), ("mb_per_s", .round(megabytesPerSecond)), ("spans_per_s", .round(spansPerSecond, 0)),
            ("documents_per_s", .round(Double(documents) / seconds, 0)), ("max_rss_mb", .round(Double(peak) / 1_048_576, 1)),
        ]
        var figures: [Figure] = []
        var baselineText: String?
        var ratioText: String?
        var met: Bool?
        if let baseline, !baseline.isEmpty {
            let baselineSeconds = Samples(baseline.map(\.seconds)).median
            let baselinePeak = baseline.map(\.maxRSSBytes).max() ?? 0
            let baselineMBps = corpus.megabytes / baselineSeconds
            let baselineSpans = baseline.last?.spans ?? 0
            let baselineSpansps = Double(baselineSpans) / baselineSeconds
            figures.append(Figure(
                name: "import.baseline-python", size: size,
                fields: [("runs", .int(baseline.count)), ("documents", .int(baseline.last?.documents ?? 0)), ("spans", .int(baselineSpans)),
                         ("seconds", .round(baselineSeconds, 3)), ("mb_per_s", .round(baselineMBps)), ("spans_per_s", .round(baselineSpansps, 0)),
                         ("max_rss_mb", .round(Double(baselinePeak) / 1_048_576, 1))],
                headline: String(format: "%.1f MB/s, %@ spans/s, %@ peak", baselineMBps, Format.number(baselineSpansps), Format.mb(baselinePeak))))
            let ratio = megabytesPerSecond / baselineMBps
            fields += [("baseline", .string("python3 bench/baseline_import.py")),
                       ("baseline_mb_per_s", .round(baselineMBps)), ("baseline_spans_per_s", .round(baselineSpansps, 0)),
                       ("ratio_throughput", .round(ratio, 3)), ("ratio_spans_per_s", .round(spansPerSecond / baselineSpansps, 3))]
            baselineText = String(format: "%.1f MB/s", baselineMBps)
            ratioText = Format.ratio(ratio)
            met = ratio >= 3 && peak < 150 << 20
        }
        figures.insert(Figure(
            name: "import", size: size, fields: fields,
            headline: String(format: "%.1f MB/s, %@ spans/s, %@ peak RSS", megabytesPerSecond, Format.number(spansPerSecond), Format.mb(peak)),
            baseline: baselineText, ratio: ratioText,
            target: "≥ 3× the Python baseline's throughput, peak RSS < 150 MB", met: met), at: 0)
        return figures
    }
}
