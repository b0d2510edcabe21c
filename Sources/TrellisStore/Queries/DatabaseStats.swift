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
    /// Counts by stage, status and label, from the running totals (`RunningTotals`): a few
    /// dozen rows whatever the size of the corpus.
    public func stats() throws -> DatabaseStats {
        try read { db in
            let stageRows = try Row.fetchAll(db, sql: """
                SELECT stage, SUM(documents) AS documents, SUM(spans) AS spans,
                       SUM(CASE WHEN status = 'approved' THEN documents END) AS approved, SUM(CASE WHEN status = 'rejected' THEN documents END) AS rejected,
                       SUM(CASE WHEN with_problems THEN documents END) AS with_problems
                FROM document_total GROUP BY stage HAVING SUM(documents) > 0 ORDER BY stage IS NULL, stage
                """).map { row in
                    DatabaseStats.StageRow(
                        stage: try row.decode(forColumn: "stage"), documents: try row.decode(forColumn: "documents"), spans: try row.decode(forColumn: "spans") ?? 0,
                        approved: try row.decode(forColumn: "approved") ?? 0, rejected: try row.decode(forColumn: "rejected") ?? 0, withProblems: try row.decode(forColumn: "with_problems") ?? 0)
                }
            var byStatus: [DocumentStatus: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT status, SUM(documents) AS n FROM document_total GROUP BY status HAVING SUM(documents) > 0") {
                if let status = DocumentStatus(rawValue: try row.decode(forColumn: "status")) { byStatus[status] = try row.decode(forColumn: "n") }
            }
            var byLabel: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT label, spans FROM span_total WHERE spans > 0") {
                byLabel[try row.decode(forColumn: "label")] = try row.decode(forColumn: "spans")
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
