import GRDB

/// Review progress for `trellis stats`: per reviewer, per stage, ratings per dimension and mode,
/// and activity per day.
public struct ReviewStats: Hashable, Sendable {
    /// Span decisions of one group (a reviewer, or a stage).
    public struct Decisions: Hashable, Sendable {
        public var group: String
        public var reviewed: Int
        public var approved: Int
        public var rejected: Int
        public var flagged: Int
        public var rated: Int
    }

    /// The mean rating of one dimension over spans of one mode.
    public struct MeanRating: Hashable, Sendable {
        public var dimension: String
        public var mode: String
        public var mean: Double
        public var count: Int
    }

    /// History entries of one reviewer on one day.
    public struct Activity: Hashable, Sendable {
        public var day: String
        public var reviewer: String
        public var changes: Int
    }

    public var byReviewer: [Decisions]
    public var byStage: [Decisions]
    public var meanRatings: [MeanRating]
    public var activity: [Activity]
}

extension AppDatabase {
    /// Review progress; `days` limits the activity table to the most recent days with changes.
    public func reviewStats(days: Int = 14) throws -> ReviewStats {
        try read { db in
            func decisions(_ sql: String) throws -> [ReviewStats.Decisions] {
                try Row.fetchAll(db, sql: sql).map { row in
                    ReviewStats.Decisions(group: try row.decode(forColumn: "grp"), reviewed: try row.decode(forColumn: "reviewed") ?? 0, approved: try row.decode(forColumn: "approved") ?? 0,
                                          rejected: try row.decode(forColumn: "rejected") ?? 0, flagged: try row.decode(forColumn: "flagged") ?? 0, rated: try row.decode(forColumn: "rated") ?? 0)
                }
            }
            // From the running totals (`RunningTotals`), not a pass over every decision and rating.
            let rated = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: "SELECT reviewer_id, spans FROM rated_total").map { row -> (Int64, Int) in
                (try row.decode(atIndex: 0), try row.decode(atIndex: 1))
            })
            let byReviewer = try Row.fetchAll(db, sql: """
                SELECT v.id, v.name AS grp,
                       (SELECT SUM(spans) FROM review_total t WHERE t.reviewer_id = v.id) AS reviewed,
                       (SELECT spans FROM review_total t WHERE t.reviewer_id = v.id AND t.decision = 'approved') AS approved,
                       (SELECT spans FROM review_total t WHERE t.reviewer_id = v.id AND t.decision = 'rejected') AS rejected,
                       (SELECT spans FROM review_total t WHERE t.reviewer_id = v.id AND t.decision = 'flagged') AS flagged
                FROM reviewer v ORDER BY v.name
                """).map { row in
                    ReviewStats.Decisions(group: try row.decode(forColumn: "grp"), reviewed: try row.decode(forColumn: "reviewed") ?? 0, approved: try row.decode(forColumn: "approved") ?? 0,
                                          rejected: try row.decode(forColumn: "rejected") ?? 0, flagged: try row.decode(forColumn: "flagged") ?? 0, rated: rated[try row.decode(forColumn: "id")] ?? 0)
                }.filter { $0.reviewed + $0.rated > 0 }
            let byStage = try decisions("""
                SELECT COALESCE(CAST(stage AS TEXT), '-') AS grp,
                       SUM(spans) AS reviewed, SUM(CASE WHEN decision = 'approved' THEN spans END) AS approved,
                       SUM(CASE WHEN decision = 'rejected' THEN spans END) AS rejected, SUM(CASE WHEN decision = 'flagged' THEN spans END) AS flagged,
                       0 AS rated
                FROM stage_review_total GROUP BY stage HAVING SUM(spans) > 0 ORDER BY stage IS NULL, stage
                """)
            // Running totals the rating triggers keep (migration v4), not a pass over every rating.
            let means = try Row.fetchAll(db, sql: """
                SELECT dimension, label, CAST(total AS REAL) / count AS mean, count FROM rating_total
                WHERE count > 0 ORDER BY dimension, label
                """).map { row in
                    ReviewStats.MeanRating(dimension: try row.decode(forColumn: "dimension"), mode: try row.decode(forColumn: "label"),
                                           mean: try row.decode(forColumn: "mean"), count: try row.decode(forColumn: "count"))
                }
            let activity = try Row.fetchAll(db, sql: """
                SELECT a.day, v.name AS reviewer, a.changes AS n
                FROM activity_total a JOIN reviewer v ON v.id = a.reviewer_id
                WHERE a.changes > 0 AND a.day IN (SELECT DISTINCT day FROM activity_total ORDER BY day DESC LIMIT ?)
                ORDER BY a.day, v.name
                """, arguments: [days]).map { row in
                    ReviewStats.Activity(day: try row.decode(forColumn: "day"), reviewer: try row.decode(forColumn: "reviewer"), changes: try row.decode(forColumn: "n"))
                }
            return ReviewStats(byReviewer: byReviewer, byStage: byStage, meanRatings: means, activity: activity)
        }
    }
}
