import Foundation
import TrellisCore

/// A value in a result line.
enum JSONValue {
    case int(Int)
    case number(Double)
    case string(String)
    case bool(Bool)
    case null
    /// Already-encoded JSON (objects are encoded when made, which keeps the enum non-recursive).
    case raw(String)

    /// A JSON object of `fields`, in order.
    static func object(_ fields: [(String, JSONValue)]) -> JSONValue {
        .raw("{" + fields.map { JSONValue.string($0.0).json() + ":" + $0.1.json() }.joined(separator: ",") + "}")
    }

    func json() -> String {
        switch self {
        case .int(let value): return String(value)
        case .number(let value):
            guard value.isFinite else { return "null" }
            return String(format: "%.6g", value)
        case .string(let value):
            var bytes: [UInt8] = []
            JSONString.append(value, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        case .bool(let value): return value ? "true" : "false"
        case .null: return "null"
        case .raw(let json): return json
        }
    }

    /// Milliseconds, kept to microseconds.
    static func ms(_ value: Double) -> JSONValue { .number((value * 1000).rounded() / 1000) }
    /// A number rounded to `digits` decimals.
    static func round(_ value: Double, _ digits: Int = 2) -> JSONValue {
        let scale = pow(10, Double(digits))
        return .number((value * scale).rounded() / scale)
    }

    /// median, p99, max (and mean, count) of samples in milliseconds.
    static func latency(_ samples: Samples) -> [(String, JSONValue)] {
        [("n", .int(samples.count)), ("median_ms", .ms(samples.median)), ("p99_ms", .ms(samples.p99)),
         ("max_ms", .ms(samples.max)), ("mean_ms", .ms(samples.mean))]
    }
}

/// One figure: a name, the corpus size it was measured at, its numbers, and where it has one,
/// its target and whether it was met. Printed as one JSON line.
struct Figure {
    var name: String
    var size: Int?
    var fields: [(String, JSONValue)]
    /// One short line for the summary table: the headline number.
    var headline: String
    var baseline: String?
    var ratio: String?
    var target: String?
    var met: Bool?

    func json() -> String {
        var all: [(String, JSONValue)] = [("figure", .string(name))]
        if let size { all.append(("size", .int(size))) }
        all += fields
        if let target { all.append(("target", .string(target))) }
        if let met { all.append(("met", .bool(met))) }
        return JSONValue.object(all).json()
    }
}

/// Prints figures as JSON lines (standard output and a results file) and keeps them for the
/// Markdown summary; progress goes to standard error.
final class Report {
    private(set) var figures: [Figure] = []
    private let file: FileHandle?

    init(resultsPath: String?) {
        if let resultsPath, FileManager.default.createFile(atPath: resultsPath, contents: nil) {
            file = FileHandle(forWritingAtPath: resultsPath)
        } else {
            file = nil
        }
    }

    func emit(_ figure: Figure) {
        figures.append(figure)
        let line = figure.json() + "\n"
        FileHandle.standardOutput.write(Data(line.utf8))
        file?.write(Data(line.utf8))
    }

    static func progress(_ message: String) {
        FileHandle.standardError.write(Data("trellis-bench: \(message)\n".utf8))
    }

    /// A Markdown table per size, and the growth table.
    func markdown(sizes: [Int]) -> String {
        var out = ""
        for size in sizes {
            let rows = figures.filter { $0.size == size }
            guard !rows.isEmpty else { continue }
            out += "\n### \(size) documents\n\n| figure | measured | baseline | ratio | target | met |\n|---|---|---|---|---|---|\n"
            for figure in rows {
                let met = figure.met.map { $0 ? "met" : "**missed**" } ?? ""
                out += "| \(figure.name) | \(figure.headline) | \(figure.baseline ?? "") | \(figure.ratio ?? "") | \(figure.target ?? "") | \(met) |\n"
            }
        }
        let unsized = figures.filter { $0.size == nil && !$0.name.hasPrefix("growth.") }
        out += Self.table("Hostile input", unsized.filter { $0.name.hasPrefix("hostile.") }, dropping: "hostile.")
        // The huge document's, the machine's and the busy load's figures belong to no corpus size.
        out += Self.table("Other figures", unsized.filter { !$0.name.hasPrefix("hostile.") }, dropping: "")
        let growth = figures.filter { $0.name.hasPrefix("growth.") }
        if !growth.isEmpty {
            out += "\n### Growth\n\n| figure | smallest → largest |\n|---|---|\n"
            for figure in growth { out += "| \(figure.name.dropFirst("growth.".count)) | \(figure.headline) |\n" }
        }
        return out
    }

    /// A table of `figures` under `title`, each named without `prefix`; nothing when there are none.
    private static func table(_ title: String, _ figures: [Figure], dropping prefix: String) -> String {
        guard !figures.isEmpty else { return "" }
        var out = "\n### \(title)\n\n| figure | measured | target | met |\n|---|---|---|---|\n"
        for figure in figures {
            out += "| \(figure.name.dropFirst(prefix.count)) | \(figure.headline) | \(figure.target ?? "") | \(figure.met.map { $0 ? "met" : "**missed**" } ?? "") |\n"
        }
        return out
    }
}

/// Formatting for headlines.
enum Format {
    static func ms(_ value: Double) -> String {
        value < 10 ? String(format: "%.2f ms", value) : String(format: "%.0f ms", value)
    }
    static func seconds(_ value: Double) -> String { String(format: "%.2f s", value) }
    static func mb(_ bytes: Int) -> String { String(format: "%.1f MB", Double(bytes) / 1_048_576) }
    static func number(_ value: Double) -> String {
        if value >= 1_000_000 { return String(format: "%.2fM", value / 1_000_000) }
        if value >= 10_000 { return String(format: "%.0fk", value / 1000) }
        if value >= 1000 { return String(format: "%.1fk", value / 1000) }
        return String(format: "%.0f", value)
    }
    static func ratio(_ value: Double) -> String { String(format: "%.2f×", value) }
}
