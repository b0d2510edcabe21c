import Foundation
import GRDB
import TrellisStore

/// `trellis quality --db --json` as a child process over the documents the gold setup approved
/// (every document without schema problems, approved as a whole): each one's machine version, as
/// import kept it, against its gold, with bootstrap intervals and the worst documents.
enum QualityBench {
    static func run(_ workspace: Workspace, trellis: String, repetitions: Int) throws -> [Figure] {
        let spans = try DatabaseQueue(path: workspace.database, configuration: Corpus.readOnly()).read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM span s JOIN document_review r ON r.document_id = s.document_id AND r.decision = 'approved'
                WHERE s.owner_id IS NULL AND s.deleted = 0
                """) ?? 0
        }
        let runs = try ChildRuns([trellis, "quality", "--db", workspace.database, "--json"], repetitions: repetitions, scratch: workspace.scratch) { result in
            guard result.stdout.contains("\"groups\":") else { throw BenchError("trellis quality printed no report: \(result.stdout.prefix(200))") }
        }
        let seconds = runs.seconds.median, peak = runs.peakRSSBytes
        Report.progress("quality: \(Format.seconds(seconds)) over \(Format.number(Double(spans))) reviewed spans")
        return [Figure(
            name: "quality", size: workspace.size,
            fields: [("reviewed_spans", .int(spans)), ("runs", .int(repetitions)), ("seconds", .round(seconds, 3)),
                     ("max_seconds", .round(runs.seconds.max, 3)), ("max_rss_mb", .round(Double(peak) / 1_048_576, 1))],
            headline: "\(Format.seconds(seconds)) over \(Format.number(Double(spans))) reviewed spans (`trellis quality`), \(Format.mb(peak)) peak RSS",
            target: "< 2 s over 1M spans", met: seconds < 2)]
    }
}
