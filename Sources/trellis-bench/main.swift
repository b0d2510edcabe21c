import Foundation
import TrellisStore

// trellis-bench: builds corpora of the given sizes, measures every figure of docs/performance.md,
// and prints one JSON line per figure. Run with `swift run -c release trellis-bench` (see --help).

func runBench(_ options: Options) throws {
    guard FileManager.default.isExecutableFile(atPath: options.trellis) else {
        throw BenchError("no trellis binary at \(options.trellis): build it with `swift build -c release` (or pass --trellis PATH)")
    }
    try FileManager.default.createDirectory(atPath: options.dataDirectory, withIntermediateDirectories: true)
    let stamp = ISO8601DateFormatter().string(from: Date()).replacingOccurrences(of: ":", with: "")
    let report = Report(resultsPath: "\(options.dataDirectory)/results-\(stamp).jsonl")
    let parts = options.parts
    // Trellis's process-wide SQLite settings, applied as the app applies them: before any other
    // connection (the machine's description below opens one) starts SQLite, after which they
    // cannot take.
    _ = try AppDatabase.inMemory()
    let python = parts.contains(.baseline) ? try Baselines.python(scratch: options.dataDirectory) : nil
    report.emit(Machine.describe(options: options, python: python))
    let load = options.busy ? try BusyLoad() : nil
    defer { load?.end() }

    if parts.contains(.hostile) {
        for figure in try HostileBench.run(dataDirectory: options.dataDirectory, trellis: options.trellis, repetitions: options.quick ? 1 : 3) {
            report.emit(figure)
        }
    }
    if parts.contains(.huge) {
        for figure in try HugeBench.run(dataDirectory: options.dataDirectory, trellis: options.trellis, spans: options.quick && options.hugeSpans == 1_000_000 ? 20_000 : options.hugeSpans) {
            report.emit(figure)
        }
    }
    var growth = Growth()
    // The parts measured on corpora of each size (hostile lines and the huge document are not).
    let sized = !parts.subtracting([.hostile, .huge]).isEmpty
    for size in options.sizes where sized {
        let workspace = Workspace(options: options, size: size)
        if !options.keep { workspace.clean() }
        try workspace.prepare()
        let repetitions = options.repetitions(at: size)
        Report.progress("— \(size) documents —")
        let corpus = try Corpus.generate(workspace, trellis: options.trellis)

        var importSeconds: Double?
        if parts.contains(.import) {
            let runs = try ImportBench.run(workspace, corpus: corpus, trellis: options.trellis, repetitions: repetitions)
            let baseline = try python.map { try Baselines.importRuns(workspace, python: $0, repetitions: repetitions) }
            importSeconds = Samples(runs.map(\.seconds)).median
            for figure in ImportBench.figures(runs, baseline: baseline, corpus: corpus, size: size) {
                report.emit(figure)
                growth.record(figure)
            }
        } else {
            try ImportBench.ensureDatabase(workspace, trellis: options.trellis)
        }
        var figures: [Figure] = []
        if parts.contains(.index) {
            figures += try SearchIndexBench.run(workspace, importSeconds: importSeconds)
        }
        if parts.contains(.stats), try StatsBench.isUnreviewed(workspace) {
            figures += try StatsBench.run(workspace, trellis: options.trellis, repetitions: 3, name: "stats.before-review")
        }
        if !parts.isDisjoint(with: Options.Part.needingGold) {
            let (approved, approveMs) = try Clock.time { try GoldSetup.approveAll(databasePath: workspace.database) }
            Report.progress("approved \(approved) spans in \(Format.ms(approveMs)) (bulk SQL, for the exports)")
        }

        if parts.contains(.stats) {
            figures += try StatsBench.run(workspace, trellis: options.trellis, repetitions: 3, name: "stats")
        }
        if parts.contains(.export) {
            figures += try ExportBench.run(workspace, trellis: options.trellis, repetitions: repetitions, evalRepetitions: max(repetitions, 3),
                                           baseline: parts.contains(.baseline))
        }
        if parts.contains(.agreement) {
            figures += try AgreementBench.run(workspace, trellis: options.trellis, repetitions: options.repetitions ?? 3)
        }
        if parts.contains(.quality) {
            figures += try QualityBench.run(workspace, trellis: options.trellis, repetitions: options.repetitions ?? 3)
        }
        if parts.contains(.frame) {
            figures += try FrameBench.run(workspace, repetitions: options.quick ? 10 : 30)
        }
        if parts.contains(.list) {
            figures += try ListBench.run(workspace, pages: options.quick ? 100 : 500, repetitions: options.quick ? 2 : 5)
        }
        if parts.contains(.keys) {
            figures += try KeystrokeBench.run(workspace, documents: options.keyDocuments ?? (options.quick ? 100 : 1000))
        }
        if parts.contains(.pty) {
            figures += try PtyBench.run(workspace, trellis: options.trellis, keys: options.quick ? 60 : 300)
        }
        for figure in figures {
            report.emit(figure)
            growth.record(figure)
        }
        if !options.keep { workspace.clean() }
    }
    for figure in growth.figures(sizes: options.sizes) { report.emit(figure) }
    if let load { report.emit(try load.stop()) }

    let markdown = report.markdown(sizes: options.sizes)
    if let path = options.markdown {
        try markdown.write(toFile: path, atomically: true, encoding: .utf8)
        Report.progress("summary tables written to \(path)")
    }
    FileHandle.standardError.write(Data(markdown.utf8))
}

BenchCommand.main()
