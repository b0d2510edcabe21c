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
        let command = [trellis, "quality", "--db", workspace.database, "--json"]
        func check(_ result: ChildResult) throws {
            guard result.stdout.contains("\"groups\":") else { throw BenchError("trellis quality printed no report: \(result.stdout.prefix(200))") }
        }
        let full = try ChildRuns(command, repetitions: repetitions, scratch: workspace.scratch, prepare: {
            try Corpus.write(database: workspace.database) { db in try db.execute(sql: "UPDATE quality_progress SET spans_through = -1") }
        }, check: check)
        let changed = try ChildRuns(command, repetitions: repetitions, scratch: workspace.scratch, prepare: {
            try changeSomeRatings(databasePath: workspace.database)
        }, check: check)
        Report.progress("quality: \(Format.seconds(full.seconds.median)) working out every document, \(Format.seconds(changed.seconds.median)) after \(changedDocuments) documents changed, over \(Format.number(Double(spans))) reviewed spans")
        func figure(_ name: String, _ runs: ChildRuns, spans: Int, changes: Int? = nil, headline: String) -> Figure {
            let seconds = runs.seconds.median
            var fields: [(String, JSONValue)] = [("reviewed_spans", .int(spans))]
            if let changes { fields.append(("changed_documents", .int(changes))) }
            fields += [("runs", .int(repetitions)), ("seconds", .round(seconds, 3)), ("max_seconds", .round(runs.seconds.max, 3)),
                       ("max_rss_mb", .round(Double(runs.peakRSSBytes) / 1_048_576, 1))]
            return Figure(
                name: name, size: workspace.size, fields: fields,
                headline: "\(Format.seconds(seconds)) over \(Format.number(Double(spans))) reviewed spans \(headline), \(Format.mb(runs.peakRSSBytes)) peak RSS",
                target: changes == nil ? nil : "< 2 s over 1M spans", met: changes == nil ? nil : seconds < 2)
        }
        return [figure("quality.full", full, spans: spans, headline: "every document worked out (no kept figures)"),
                figure("quality", changed, spans: spans, changes: changedDocuments,
                       headline: "after \(changedDocuments) documents changed (`trellis quality`, kept figures)")]
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
