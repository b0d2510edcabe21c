import Foundation
import GRDB

/// The files of one corpus size: the generated JSONL, the imported database, exports, scratch.
struct Workspace {
    let options: Options
    let size: Int

    var folder: String { "\(options.dataDirectory)/\(size)-seed\(options.seed)" }
    var corpus: String { folder + "/corpus.jsonl" }
    /// The database the in-process figures and the exports use (imported by `trellis import`).
    var database: String { folder + "/trellis.sqlite" }
    var exports: String { folder + "/exports" }
    var scratch: String { folder + "/scratch" }

    func prepare() throws {
        for path in [folder, exports, scratch] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
    }

    /// Deletes everything of this size (unless `--keep`).
    func clean() {
        try? FileManager.default.removeItem(atPath: folder)
    }
}

/// Facts about a corpus and its database, for the throughput figures.
struct CorpusFacts {
    var bytes: Int
    var lines: Int
    var documents = 0
    var spans = 0
    var goldSpans = 0

    var megabytes: Double { Double(bytes) / 1_048_576 }
}

enum Corpus {
    /// Writes the corpus with `trellis gen` (reused with `--keep` when present).
    static func generate(_ workspace: Workspace, trellis: String) throws -> CorpusFacts {
        let path = workspace.corpus
        if !(workspace.options.keep && FileManager.default.fileExists(atPath: path)) {
            let (_, ms) = try Clock.time {
                try Child.check([trellis, "gen", "--docs", String(workspace.size), "--seed", String(workspace.options.seed), "--out", path],
                                scratch: workspace.scratch)
            }
            Report.progress("generated \(workspace.size) documents in \(Format.ms(ms)) → \(path)")
        }
        return CorpusFacts(bytes: FileSize.bytes(path), lines: try countLines(path))
    }

    static func countLines(_ path: String) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw BenchError("cannot read \(path)") }
        defer { try? handle.close() }
        var count = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            count += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        return count
    }

    /// Documents and live shared spans in a Trellis database.
    static func count(database path: String) throws -> (documents: Int, spans: Int) {
        let queue = try DatabaseQueue(path: path, configuration: readOnly())
        return try queue.read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document") ?? 0,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM span WHERE owner_id IS NULL AND deleted = 0") ?? 0)
        }
    }

    /// Runs bulk SQL on the database at `path` (what the bench sets up before it measures, as
    /// `sqlite3` would) on a connection of its own: Trellis's code reaches the file through
    /// `AppDatabase` only, whose connection is private.
    static func write<T>(database path: String, _ updates: (Database) throws -> T) throws -> T {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        return try DatabaseQueue(path: path, configuration: configuration).write(updates)
    }

    static func readOnly() -> Configuration {
        var configuration = Configuration()
        configuration.readonly = true
        return configuration
    }
}
