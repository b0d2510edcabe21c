import Foundation
import GRDB

/// The machine and the versions the figures were measured with: the first result line.
enum Machine {
    static func describe(options: Options, python: String?) -> Figure {
        let scratch = options.dataDirectory
        let cpu = firstValue(in: "/proc/cpuinfo", key: "model name") ?? "unknown"
        let memory = firstValue(in: "/proc/meminfo", key: "MemTotal") ?? "unknown"
        var name = utsname()
        uname(&name)
        let kernel = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let linkedSQLite = (try? DatabaseQueue().read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") }) ?? nil
        let commit = Baselines.version(["git", "-C", Options.repositoryRoot, "rev-parse", "--short", "HEAD"], scratch: scratch)
        let dirty = (try? Child.run(["git", "-C", Options.repositoryRoot, "status", "--porcelain", "--untracked-files=no"], scratch: scratch).stdout.isEmpty) == false
        let fields: [(String, JSONValue)] = [
            ("cpu", .string(cpu)), ("cores", .int(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))), ("memory", .string(memory)),
            ("kernel", .string(kernel)),
            ("load_average", .string((try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "unknown")),
            ("swift", .string(Baselines.version(["swift", "--version"], scratch: scratch))),
            ("sqlite_linked", .string(linkedSQLite ?? "unknown")),
            ("sqlite3_shell", .string(Baselines.version(["sqlite3", "--version"], scratch: scratch))),
            ("python", .string(python.map { Baselines.version([$0, "--version"], scratch: scratch) } ?? "not run")),
            ("commit", .string(commit + (dirty ? "+changes" : ""))), ("trellis", .string(options.trellis)),
            ("sizes", .string(options.sizes.map(String.init).joined(separator: ","))), ("seed", .int(Int(options.seed))),
            ("host", .string(options.busy ? "busy: one core kept loaded by another process (BusyLoad)" : "quiet")),
        ]
        return Figure(name: "machine", size: nil, fields: fields, headline: "\(cpu), \(fields[1].1.json()) cores")
    }

    private static func firstValue(in file: String, key: String) -> String? {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(key) {
            return line.split(separator: ":", maxSplits: 1).last.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        return nil
    }
}

/// How figures change with corpus size: the smallest size's value against the largest's.
struct Growth {
    /// Figure name → the fields followed, with whether a bounded growth is a target.
    static let followed: [String: [String]] = [
        "import": ["mb_per_s", "spans_per_s", "max_rss_mb", "ratio_throughput"],
        "import.baseline-python": ["mb_per_s", "max_rss_mb"],
        "open.list": ["median_ms", "max_ms"],
        "open.resume": ["median_ms", "max_ms"],
        "keystroke": ["median_ms", "p99_ms"],
        "list.page-down": ["median_ms", "p99_ms"],
        "filter.problems": ["median_ms"],
        "search.text": ["median_ms"],
        "search.mode": ["median_ms"],
        "search.id-prefix": ["median_ms"],
        "search.rating": ["median_ms"],
        "search.stage-problems": ["median_ms"],
        "search-index": ["index_mb", "build_seconds"],
        "agreement": ["seconds"],
        "agreement.full": ["seconds"],
        "stats": ["seconds"],
        "stats.before-review": ["seconds"],
        "export.train": ["seconds", "mb_per_s", "max_rss_mb"],
        "export.control-tokens": ["seconds", "mb_per_s", "max_rss_mb"],
        "export.eval": ["seconds", "mb_per_s", "max_rss_mb", "ratio_time"],
        "export.eval.baseline-sqlite3": ["seconds", "max_rss_mb"],
        "export.brat": ["seconds", "mb_per_s", "max_rss_mb"],
        "export.csv": ["seconds", "mb_per_s", "max_rss_mb"],
        "terminal.bytes-per-span-move": ["mean_bytes"],
        "terminal.start-to-first-screen": ["first_screen_ms"],
    ]

    private var values: [String: [Int: Double]] = [:]
    private var order: [String] = []

    mutating func record(_ figure: Figure) {
        guard let size = figure.size, let wanted = Self.followed[figure.name] else { return }
        for (key, value) in figure.fields where wanted.contains(key) {
            let number: Double
            switch value {
            case .number(let x): number = x
            case .int(let x): number = Double(x)
            default: continue
            }
            let name = "\(figure.name).\(key)"
            if values[name] == nil { order.append(name) }
            values[name, default: [:]][size] = number
        }
    }

    func figures(sizes: [Int]) -> [Figure] {
        let measured = sizes.sorted()
        guard measured.count >= 2, let smallest = measured.first, let largest = measured.last else { return [] }
        return order.compactMap { name in
            guard let bySize = values[name], let low = bySize[smallest], let high = bySize[largest] else { return nil }
            let ratio = high / low
            let text = measured.compactMap { size in bySize[size].map { "\(size): \(String(format: "%.4g", $0))" } }.joined(separator: " → ")
            var figure = Figure(
                name: "growth.\(name)", size: nil,
                fields: [("values", .object(measured.compactMap { size in bySize[size].map { (String(size), JSONValue.number($0)) } })),
                         ("largest_over_smallest", .round(ratio, 3)), ("documents_ratio", .round(Double(largest) / Double(smallest), 1))],
                headline: "\(text) (×\(String(format: "%.2f", ratio)))")
            if name == "export.eval.max_rss_mb" || name == "import.max_rss_mb" {
                figure.target = "bounded: peak RSS grows < 1.5× while the corpus grows \(largest / smallest)×"
                figure.met = ratio < 1.5
            }
            return figure
        }
    }
}
