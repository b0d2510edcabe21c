import Foundation

/// The benchmark's command line.
struct Options {
    /// The parts of the harness, in the order they run for each size.
    enum Part: String, CaseIterable {
        case `import`, baseline, frame, keys, list, stats, export, pty
    }

    var sizes = [1000, 10000, 100_000]
    var seed: UInt64 = 1
    var keep = false
    var quick = false
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

    static let usage = """
        usage: trellis-bench [--sizes 1000,10000,100000] [--seed N] [--keep] [--quick]
                             [--only import,baseline,frame,keys,list,stats,export,pty]
                             [--reps N] [--formats train,control-tokens,eval,brat,csv]
                             [--key-documents N] [--data DIR] [--trellis PATH] [--markdown FILE]

          --sizes     corpus sizes in documents (trellis gen makes about 11 spans per document)
          --seed      the corpus seed (the same seed, the same corpus)
          --keep      reuse corpora and databases from an earlier --keep run, and leave them
                      in the data folder afterwards (default: generate afresh, delete at the end)
          --quick     a smoke run: sizes 200,2000 and fewer repetitions
          --only      run only these parts (a database is imported unmeasured when needed)
          --reps      repetitions of each child-process figure (default 3, 1 from 100k documents;
                      the eval export and its baseline at least 3)
          --formats   export formats to measure (default: all five)
          --key-documents  documents the keystroke figure visits (default 1000, about 16 keys each)
          --data      the data folder (default: .build-bench-data in the repository)
          --trellis   the trellis binary (default: the one beside this binary)
          --markdown  also write the summary tables to FILE

        Prints one JSON line per figure on standard output (also saved in the data folder).
        """

    static func parse(_ arguments: [String]) throws -> Options {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let binaryFolder = URL(fileURLWithPath: CommandLine.executablePath).deletingLastPathComponent().path
        var options = Options(dataDirectory: root + "/.build-bench-data", trellis: binaryFolder + "/trellis")
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let next = rest.popFirst() else { throw BenchError("\(name) needs a value\n\(usage)") }
            return next
        }
        var sizesGiven = false
        while let argument = rest.popFirst() {
            switch argument {
            case "--sizes":
                let text = try value(argument)
                options.sizes = try text.split(separator: ",").map { part in
                    guard let size = Int(part.replacingOccurrences(of: "k", with: "000")), size > 0 else { throw BenchError("bad size \(part)") }
                    return size
                }
                sizesGiven = true
            case "--seed":
                guard let seed = UInt64(try value(argument)) else { throw BenchError("--seed takes a whole number") }
                options.seed = seed
            case "--keep": options.keep = true
            case "--quick": options.quick = true
            case "--only":
                options.parts = Set(try value(argument).split(separator: ",").map { name in
                    guard let part = Part(rawValue: String(name)) else { throw BenchError("unknown part \(name)\n\(usage)") }
                    return part
                })
            case "--reps":
                guard let count = Int(try value(argument)), count > 0 else { throw BenchError("--reps takes a number ≥ 1") }
                options.repetitions = count
            case "--formats":
                options.formats = try value(argument).split(separator: ",").map { name in
                    guard ExportBench.formats.contains(String(name)) else { throw BenchError("unknown format \(name)") }
                    return String(name)
                }
            case "--key-documents":
                guard let count = Int(try value(argument)), count > 0 else { throw BenchError("--key-documents takes a number ≥ 1") }
                options.keyDocuments = count
            case "--data": options.dataDirectory = try value(argument)
            case "--trellis": options.trellis = try value(argument)
            case "--markdown": options.markdown = try value(argument)
            case "-h", "--help":
                print(usage)
                exit(0)
            default:
                throw BenchError("unknown argument \(argument)\n\(usage)")
            }
        }
        if options.quick, !sizesGiven { options.sizes = [200, 2000] }
        return options
    }

    /// Runs of a child-process figure at `size` documents.
    func repetitions(at size: Int) -> Int {
        repetitions ?? (quick ? 1 : size >= 100_000 ? 1 : 3)
    }

    var repositoryRoot: String {
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
