import Foundation

/// Single hostile lines, as child processes: `trellis validate` and `trellis import` of one
/// line of 400 KB of nested tags never closed, and of 64 KB of unknown tags. Parsing,
/// validation and error reporting are linear in the input, so each stays under a second where
/// they once took minutes (docs/performance.md, "Hostile input").
enum HostileBench {
    /// The lines measured: a name and the text of the one document.
    static let lines: [(name: String, text: String, what: String)] = [
        ("unclosed-tags-400kb", String(repeating: "<ai><human>", count: 400 * 1024 / 11 + 1), "400 KB of nested <ai><human> never closed"),
        ("unknown-tags-64kb", String(repeating: "<zz>", count: 64 * 1024 / 4), "64 KB of unknown tags <zz>"),
    ]

    static func run(dataDirectory: String, trellis: String, repetitions: Int) throws -> [Figure] {
        let folder = dataDirectory + "/hostile"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var figures: [Figure] = []
        for (name, text, what) in lines {
            let file = "\(folder)/\(name).jsonl"
            var line: [UInt8] = Array(#"{"id": "hostile", "text": ""#.utf8) + Array(text.utf8) + Array("\"}\n".utf8)
            try Data(line).write(to: URL(fileURLWithPath: file))
            line.removeAll()
            var validate = Samples(), importing = Samples()
            var reported = 0, peak = 0
            for _ in 0..<repetitions {
                // Both exit 1: the line is rejected, with its problems reported.
                let checked = try Child.check([trellis, "validate", file], scratch: folder, allowing: [1])
                validate.add(checked.seconds)
                reported = checked.stdout.split(separator: "\n").count
                let database = "\(folder)/\(name).sqlite"
                FileSize.removeDatabase(database)
                let imported = try Child.check([trellis, "import", "--quiet", "--db", database, file], scratch: folder, allowing: [1])
                importing.add(imported.seconds)
                peak = max(peak, checked.maxRSSBytes, imported.maxRSSBytes)
                FileSize.removeDatabase(database)
            }
            let slowest = max(validate.median, importing.median)
            Report.progress("hostile \(name): validate \(Format.seconds(validate.median)), import \(Format.seconds(importing.median)), \(reported) lines reported")
            figures.append(Figure(
                name: "hostile.\(name)", size: nil,
                fields: [("line_bytes", .int(FileSize.bytes(file))), ("runs", .int(repetitions)),
                         ("validate_seconds", .round(validate.median, 3)), ("import_seconds", .round(importing.median, 3)),
                         ("lines_reported", .int(reported)), ("max_rss_mb", .round(Double(peak) / 1_048_576, 1))],
                headline: "validate \(Format.seconds(validate.median)), import \(Format.seconds(importing.median)) (\(what); \(reported) lines reported)",
                target: "< 1 s each", met: slowest < 1))
        }
        return figures
    }
}
