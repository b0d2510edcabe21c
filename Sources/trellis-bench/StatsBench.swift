import Foundation
import GRDB
import TrellisStore

/// Stats on the whole database: `trellis stats --db` as a child process (what a user runs:
/// counts by stage, status and label, review progress, ratings, activity), and the two store
/// queries behind it in process.
enum StatsBench {
    /// Whether nothing has been rated or decided yet (the database as imported).
    static func isUnreviewed(_ workspace: Workspace) throws -> Bool {
        try DatabaseQueue(path: workspace.database, configuration: Corpus.readOnly()).read { db in
            try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM rating) + (SELECT COUNT(*) FROM span_review)") == 0
        }
    }

    static func run(_ workspace: Workspace, trellis: String, repetitions: Int, name: String) throws -> [Figure] {
        var command = Samples()
        var peak = 0
        for _ in 0..<repetitions {
            let result = try Child.check([trellis, "stats", "--db", workspace.database], scratch: workspace.scratch)
            command.add(result.seconds * 1000)
            peak = max(peak, result.maxRSSBytes)
        }
        let database = try AppDatabase.open(path: workspace.database, readOnly: true)
        var counts = Samples(), reviews = Samples()
        for _ in 0..<repetitions {
            let (stats, countMs) = try Clock.time { try database.stats() }
            let (review, reviewMs) = try Clock.time { try database.reviewStats() }
            consume((stats, review))
            counts.add(countMs)
            reviews.add(reviewMs)
        }
        let spans = try database.stats().spans
        let (ratings, decisions) = try DatabaseQueue(path: workspace.database, configuration: Corpus.readOnly()).read { db in
            (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM rating") ?? 0, try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM span_review") ?? 0)
        }
        let seconds = command.median / 1000
        Report.progress("\(name): \(Format.seconds(seconds)) (counts \(Format.ms(counts.median)), review progress \(Format.ms(reviews.median)))")
        return [Figure(
            name: name, size: workspace.size,
            fields: [("spans", .int(spans)), ("ratings", .int(ratings)), ("span_decisions", .int(decisions)), ("runs", .int(repetitions)), ("seconds", .round(seconds, 3)), ("max_seconds", .round(command.max / 1000, 3)),
                     ("max_rss_mb", .round(Double(peak) / 1_048_576, 1)),
                     ("in_process_counts_ms", .ms(counts.median)), ("in_process_review_stats_ms", .ms(reviews.median))],
            headline: "\(Format.seconds(seconds)) over \(Format.number(Double(spans))) spans, \(Format.number(Double(ratings))) ratings (`trellis stats`; in process: counts \(Format.ms(counts.median)), review progress \(Format.ms(reviews.median)))",
            target: "< 1 s, also over 11M spans", met: seconds < 1)]
    }
}
