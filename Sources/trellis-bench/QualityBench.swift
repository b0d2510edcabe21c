import Foundation
import GRDB
import TrellisStore

/// `trellis quality --db --json` as a child process over the documents the gold setup approved
/// (every document without schema problems, approved as a whole): each one's machine version, as
/// import kept it, against its gold, with bootstrap intervals and the worst documents. Measured
/// working out every document (the kept figures dropped), and as after a day's work (a hundred
/// documents' ratings changed since the last report, which kept its figures).
enum QualityBench {
    /// Documents changed between two measured reports, spread over the corpus.
    static let changedDocuments = 100

    static func run(_ workspace: Workspace, trellis: String, repetitions: Int) throws -> [Figure] {
        let spans = try DatabaseQueue(path: workspace.database, configuration: Corpus.readOnly()).read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM span s JOIN document_review r ON r.document_id = s.document_id AND r.decision = 'approved'
                WHERE s.owner_id IS NULL AND s.deleted = 0
                """) ?? 0
        }
        let full = try measure(workspace, trellis: trellis, repetitions: repetitions) {
            try Corpus.write(database: workspace.database) { db in try db.execute(sql: "UPDATE quality_progress SET spans_through = -1") }
        }
        let changed = try measure(workspace, trellis: trellis, repetitions: repetitions) { try changeSomeRatings(databasePath: workspace.database) }
        Report.progress("quality: \(Format.seconds(full.seconds)) working out every document, \(Format.seconds(changed.seconds)) after \(changedDocuments) documents changed, over \(Format.number(Double(spans))) reviewed spans")
        return [
            Figure(name: "quality.full", size: workspace.size,
                   fields: [("reviewed_spans", .int(spans)), ("runs", .int(repetitions)), ("seconds", .round(full.seconds, 3)),
                            ("max_seconds", .round(full.max, 3)), ("max_rss_mb", .round(Double(full.peak) / 1_048_576, 1))],
                   headline: "\(Format.seconds(full.seconds)) over \(Format.number(Double(spans))) reviewed spans, every document worked out (no kept figures), \(Format.mb(full.peak)) peak RSS"),
            Figure(name: "quality", size: workspace.size,
                   fields: [("reviewed_spans", .int(spans)), ("changed_documents", .int(changedDocuments)), ("runs", .int(repetitions)),
                            ("seconds", .round(changed.seconds, 3)), ("max_seconds", .round(changed.max, 3)),
                            ("max_rss_mb", .round(Double(changed.peak) / 1_048_576, 1))],
                   headline: "\(Format.seconds(changed.seconds)) over \(Format.number(Double(spans))) reviewed spans after \(changedDocuments) documents changed (`trellis quality`, kept figures), \(Format.mb(changed.peak)) peak RSS",
                   target: "< 2 s over 1M spans", met: changed.seconds < 2),
        ]
    }

    /// `trellis quality --json`, each run after `prepare`: the median and longest seconds, the peak RSS.
    private static func measure(_ workspace: Workspace, trellis: String, repetitions: Int,
                                prepare: () throws -> Void) throws -> (seconds: Double, max: Double, peak: Int) {
        var command = Samples()
        var peak = 0
        for _ in 0..<repetitions {
            try prepare()
            let result = try Child.check([trellis, "quality", "--db", workspace.database, "--json"], scratch: workspace.scratch)
            guard result.stdout.contains("\"groups\":") else { throw BenchError("trellis quality printed no report: \(result.stdout.prefix(200))") }
            command.add(result.seconds)
            peak = max(peak, result.maxRSSBytes)
        }
        return (command.median, command.max, peak)
    }

    /// Changes one rating (4 ↔ 3) in each of `changedDocuments` documents spread over the corpus,
    /// as reviewers' work does.
    private static func changeSomeRatings(databasePath: String) throws {
        try Corpus.write(database: databasePath) { db in
            let last = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM document") ?? 0
            let step = max(1, last / Int64(changedDocuments))
            for document in stride(from: Int64(1), through: last, by: Int(step)).prefix(changedDocuments) {
                try db.execute(sql: """
                    UPDATE rating SET value = CASE WHEN value = 4 THEN 3 ELSE 4 END
                    WHERE id = (SELECT r.id FROM rating r JOIN span s ON s.id = r.span_id WHERE s.document_id = ? AND s.owner_id IS NULL ORDER BY r.id LIMIT 1)
                    """, arguments: [document])
            }
        }
    }
}
