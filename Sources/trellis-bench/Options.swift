import ArgumentParser
import Foundation
import TrellisModel

/// The benchmark's command line, resolved into `Options`.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trellis-bench",
        abstract: "Measures Trellis on generated corpora and prints one JSON line per figure.",
        discussion: """
            Run it with `swift run -c release trellis-bench`. The figures also go to the data folder \
            (results-<time>.jsonl), and the summary tables to standard error. See docs/performance.md.
            """)

    @Option(help: ArgumentHelp("Corpus sizes in documents, comma-separated; 10k is 10000, 1000k a million (trellis gen makes about 11 spans per document).", valueName: "n,n,…"))
    var sizes: String?

    @Option(help: "The corpus seed (the same seed, the same corpus).")
    var seed: UInt64 = 1

    @Flag(help: "Reuse corpora and databases from an earlier --keep run, and leave them in the data folder afterwards (default: generate afresh, delete at the end).")
    var keep = false

    @Flag(help: "A smoke run: sizes 200,2000 and fewer repetitions.")
    var quick = false

    @Option(help: ArgumentHelp("Run only these parts (a database is imported unmeasured when needed): \(Options.Part.allCases.map(\.rawValue).joined(separator: ",")).", valueName: "part,…"))
    var only: String?

    @Option(name: .customLong("reps"), help: "Repetitions of each child-process figure (default 3, 1 from 100k documents; the eval export and its baseline at least 3; agreement and quality 3 unless --reps is given).")
    var repetitions: Int?

    @Option(help: ArgumentHelp("Export formats to measure (default: all): \(ExportBench.formats.joined(separator: ",")).", valueName: "format,…"))
    var formats: String?

    @Option(help: "Documents the keystroke figure visits (default 1000, 100 with --quick; about 16 keys each).")
    var keyDocuments: Int?

    @Option(help: "Spans of the one document the `huge` part imports and reviews (default 1000000, 20000 with --quick).")
    var hugeSpans: Int?

    @Flag(help: "A busy host: keep one core loaded by another process (a shell loop) while measuring, as other jobs on a shared host do.")
    var busy = false

    @Option(name: .customLong("data"), help: "The data folder (default: .build-bench-data in the repository).")
    var dataDirectory: String?

    @Option(help: "The trellis binary to run as a child (default: the one beside this binary).")
    var trellis: String?

    @Option(help: "Also write the summary tables to this file.")
    var markdown: String?

    func run() throws {
        try runBench(try options())
    }

    /// The options this command line asks for.
    func options() throws -> Options {
        let binaryFolder = URL(fileURLWithPath: CommandLine.executablePath).deletingLastPathComponent().path
        var options = Options(dataDirectory: dataDirectory ?? Options.repositoryRoot + "/.build-bench-data", trellis: trellis ?? binaryFolder + "/trellis")
        options.seed = seed
        options.keep = keep
        options.quick = quick
        options.markdown = markdown
        options.busy = busy
        if let sizes {
            options.sizes = try sizes.split(separator: ",").map { part in
                guard let size = Int(part.replacingOccurrences(of: "k", with: "000")), size > 0 else { throw ValidationError("bad size \(part) in --sizes") }
                return size
            }
        } else if quick {
            options.sizes = [200, 2000]
        }
        if let only {
            options.parts = Set(try only.split(separator: ",").map { name in
                guard let part = Options.Part(rawValue: String(name)) else { throw ValidationError("unknown part \(name) in --only") }
                return part
            })
        }
        if let repetitions {
            guard repetitions > 0 else { throw ValidationError("--reps takes a number ≥ 1") }
            options.repetitions = repetitions
        }
        if let formats {
            options.formats = try formats.split(separator: ",").map { name in
                guard ExportBench.formats.contains(String(name)) else { throw ValidationError("unknown format \(name) in --formats") }
                return String(name)
            }
        }
        if let keyDocuments {
            guard keyDocuments > 0 else { throw ValidationError("--key-documents takes a number ≥ 1") }
            options.keyDocuments = keyDocuments
        }
        if let hugeSpans {
            guard hugeSpans > DocumentWindow.wholeLimit else { throw ValidationError("--huge-spans takes a number above \(DocumentWindow.wholeLimit)") }
            options.hugeSpans = hugeSpans
        }
        return options
    }
}

/// What one benchmark run measures, and where.
struct Options {
    /// The parts of the harness, in the order they run for each size.
    enum Part: String, CaseIterable {
        case `import`, baseline, index, frame, keys, list, stats, export, agreement, quality, pty
        /// Single hostile lines, once, whatever the sizes.
        case hostile
        /// One document of a million spans (`--huge-spans`), once, whatever the sizes.
        case huge

        /// The parts measured on a reviewed corpus (`GoldSetup` approves it first, which takes
        /// minutes at a million documents; the others skip it).
        static let needingGold: Set<Part> = [.stats, .export, .quality]
    }

    var sizes = [1000, 10000, 100_000]
    var seed: UInt64 = 1
    var keep = false
    var quick = false
    /// Whether one core is kept loaded by another process while measuring (`BusyLoad`).
    var busy = false
    var parts = Set(Part.allCases)
    /// Where corpora, databases and exports go.
    var dataDirectory: String
    /// The `trellis` binary run as a child.
    var trellis: String
    /// Writes the Markdown summary tables here too.
    var markdown: String?
    /// Runs of the child-process figures (import, exports, stats); `nil`: by size.
    var repetitions: Int?
    /// Export formats measured.
    var formats = ExportBench.formats
    /// Documents visited by the keystroke figure; `nil`: 1000 (100 with --quick).
    var keyDocuments: Int?
    /// Spans of the huge document (`huge`).
    var hugeSpans = 1_000_000

    /// Runs of a child-process figure at `size` documents.
    func repetitions(at size: Int) -> Int {
        repetitions ?? (quick ? 1 : size >= 100_000 ? 1 : 3)
    }

    /// The repository this harness was built from (for the baseline scripts and the commit).
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
}

extension CommandLine {
    /// This program's own path, resolved.
    static var executablePath: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return arguments[0] }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
