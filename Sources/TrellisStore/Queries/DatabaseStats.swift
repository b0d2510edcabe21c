import GRDB
import TrellisModel

/// Counts over the whole database, for `trellis stats`.
public struct DatabaseStats: Hashable, Sendable {
    public struct StageRow: Hashable, Sendable {
        public var stage: Int?
        public var documents: Int
        public var spans: Int
        public var approved: Int
        public var rejected: Int
        public var withProblems: Int
    }

    public var documents: Int
    public var spans: Int
    public var documentsWithProblems: Int
    public var reviewers: Int
    public var historyEntries: Int
    public var byStage: [StageRow]
    public var byStatus: [DocumentStatus: Int]
    public var spansByLabel: [String: Int]
}

extension AppDatabase {
    /// Counts by stage, status and label; uses the denormalised counts and indexes, no scan of texts.
    public func stats() throws -> DatabaseStats {
        try read { db in
            let stageRows = try Row.fetchAll(db, sql: """
                SELECT stage, COUNT(*) AS documents, SUM(span_count) AS spans,
                       SUM(status = 'approved') AS approved, SUM(status = 'rejected') AS rejected,
                       SUM(problem_count > 0) AS with_problems
                FROM document GROUP BY stage ORDER BY stage IS NULL, stage
                """).map { row in
                    DatabaseStats.StageRow(
                        stage: try row.decode(forColumn: "stage"), documents: try row.decode(forColumn: "documents"), spans: try row.decode(forColumn: "spans") ?? 0,
                        approved: try row.decode(forColumn: "approved") ?? 0, rejected: try row.decode(forColumn: "rejected") ?? 0, withProblems: try row.decode(forColumn: "with_problems") ?? 0)
                }
            var byStatus: [DocumentStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, COUNT(*) AS n FROM document GROUP BY status") {
                if let status = DocumentStatus(rawValue: try row.decode(forColumn: "status")) { byStatus[status] = try row.decode(forColumn: "n") }
            }
            var byLabel: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT label, COUNT(*) AS n FROM span WHERE deleted = 0 AND owner_id IS NULL GROUP BY label") {
                byLabel[try row.decode(forColumn: "label")] = try row.decode(forColumn: "n")
            }
            return DatabaseStats(
                documents: stageRows.reduce(0) { $0 + $1.documents },
                spans: stageRows.reduce(0) { $0 + $1.spans },
                documentsWithProblems: stageRows.reduce(0) { $0 + $1.withProblems },
                reviewers: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM reviewer") ?? 0,
                historyEntries: try Int.fetchOne(db, sql: "SELECT MAX(id) FROM history") ?? 0,
                byStage: stageRows,
                byStatus: byStatus,
                spansByLabel: byLabel)
        }
    }
}
