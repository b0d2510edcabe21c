import GRDB

/// A report that keeps what it worked out between runs (`trellis agreement`, `trellis quality`),
/// run as a child process twice over: with what it kept forgotten (everything worked out), then
/// as after a day's work (`change` applied before each run).
struct KeptReportRuns {
    let full: ChildRuns
    let changed: ChildRuns

    /// Documents a day's work changes between two measured reports, spread over the corpus.
    static let changedDocuments = 100

    /// Runs `command` `repetitions` times after `forget` (SQL that drops what the report kept),
    /// then `repetitions` times after `change`; `marker` must appear in each report printed.
    init(_ command: [String], workspace: Workspace, repetitions: Int, forget: String, marker: String,
         change: @escaping (Database, Int64) throws -> Void) throws {
        func check(_ result: ChildResult) throws {
            guard result.stdout.contains(marker) else { throw BenchError("\(command[1]) printed no report: \(result.stdout.prefix(200))") }
        }
        full = try ChildRuns(command, repetitions: repetitions, scratch: workspace.scratch, prepare: {
            try Corpus.write(database: workspace.database) { db in try db.execute(sql: forget) }
        }, check: check)
        changed = try ChildRuns(command, repetitions: repetitions, scratch: workspace.scratch, prepare: {
            try Corpus.write(database: workspace.database) { db in
                for document in try Self.spreadDocuments(in: db) { try change(db, document) }
            }
        }, check: check)
    }

    /// `changedDocuments` document ids spread evenly over the corpus.
    private static func spreadDocuments(in db: Database) throws -> [Int64] {
        let last = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM document") ?? 0
        let step = max(1, last / Int64(changedDocuments))
        return Array(stride(from: Int64(1), through: last, by: Int(step)).prefix(changedDocuments))
    }
}
