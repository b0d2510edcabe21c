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
            // Spans rated, per reviewer, in one pass over the ratings (a subquery per reviewer
            // would read them all once for each).
            let rated = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
                SELECT reviewer_id, COUNT(*) FROM (SELECT DISTINCT span_id, reviewer_id FROM rating) GROUP BY reviewer_id
                """).map { row -> (Int64, Int) in (try row.decode(atIndex: 0), try row.decode(atIndex: 1)) })
            let byReviewer = try Row.fetchAll(db, sql: """
                SELECT v.id, v.name AS grp,
                       (SELECT COUNT(*) FROM span_review r WHERE r.reviewer_id = v.id AND r.decision IS NOT NULL) AS reviewed,
                       (SELECT COUNT(*) FROM span_review r WHERE r.reviewer_id = v.id AND r.decision = 'approved') AS approved,
                       (SELECT COUNT(*) FROM span_review r WHERE r.reviewer_id = v.id AND r.decision = 'rejected') AS rejected,
                       (SELECT COUNT(*) FROM span_review r WHERE r.reviewer_id = v.id AND r.decision = 'flagged') AS flagged
                FROM reviewer v ORDER BY v.name
                """).map { row in
                    ReviewStats.Decisions(group: try row.decode(forColumn: "grp"), reviewed: try row.decode(forColumn: "reviewed"), approved: try row.decode(forColumn: "approved"),
                                          rejected: try row.decode(forColumn: "rejected"), flagged: try row.decode(forColumn: "flagged"), rated: rated[try row.decode(forColumn: "id")] ?? 0)
                }.filter { $0.reviewed + $0.rated > 0 }
            let byStage = try decisions("""
                SELECT COALESCE(CAST(d.stage AS TEXT), '-') AS grp,
                       SUM(r.decision IS NOT NULL) AS reviewed, SUM(r.decision = 'approved') AS approved,
                       SUM(r.decision = 'rejected') AS rejected, SUM(r.decision = 'flagged') AS flagged,
                       0 AS rated
                FROM span_review r JOIN span s ON s.id = r.span_id JOIN document d ON d.id = s.document_id
                WHERE s.deleted = 0
                GROUP BY d.stage ORDER BY d.stage IS NULL, d.stage
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
                SELECT substr(h.at, 1, 10) AS day, v.name AS reviewer, COUNT(*) AS n
                FROM history h JOIN reviewer v ON v.id = h.reviewer_id
                WHERE h.action <> 'reimport' AND substr(h.at, 1, 10) IN (
                    SELECT DISTINCT substr(at, 1, 10) FROM history ORDER BY 1 DESC LIMIT ?)
                GROUP BY day, v.name ORDER BY day, v.name
                """, arguments: [days]).map { row in
                    ReviewStats.Activity(day: try row.decode(forColumn: "day"), reviewer: try row.decode(forColumn: "reviewer"), changes: try row.decode(forColumn: "n"))
                }
            return ReviewStats(byReviewer: byReviewer, byStage: byStage, meanRatings: means, activity: activity)
        }
    }
}
