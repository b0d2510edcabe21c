import Foundation
import GRDB
import TrellisStore

/// `trellis quality --db --json` as a child process over the documents the gold setup approved
/// (every document without schema problems, approved as a whole): each one's machine version, as
/// import kept it, against its gold, with bootstrap intervals and the worst documents. Measured
/// working out every document (the kept figures dropped), and as after a day's work (a hundred
/// documents' ratings changed since the last report, which kept its figures).
enum QualityBench {
    static let changedDocuments = KeptReportRuns.changedDocuments

    static func run(_ workspace: Workspace, trellis: String, repetitions: Int) throws -> [Figure] {
        let spans = try DatabaseQueue(path: workspace.database, configuration: Corpus.readOnly()).read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM span s JOIN document_review r ON r.document_id = s.document_id AND r.decision = 'approved'
                WHERE s.owner_id IS NULL AND s.deleted = 0
                """) ?? 0
        }
        let runs = try KeptReportRuns([trellis, "quality", "--db", workspace.database, "--json"], workspace: workspace,
                                      repetitions: repetitions, forget: "UPDATE quality_progress SET spans_through = -1",
                                      marker: "\"groups\":", change: changeOneRating)
        let (full, changed) = (runs.full, runs.changed)
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

    /// Changes one rating (4 ↔ 3) of `document`'s shared spans, as reviewers' work does.
    private static func changeOneRating(in db: Database, document: Int64) throws {
        try db.execute(sql: """
            UPDATE rating SET value = CASE WHEN value = 4 THEN 3 ELSE 4 END
            WHERE id = (SELECT r.id FROM rating r JOIN span s ON s.id = r.span_id WHERE s.document_id = ? AND s.owner_id IS NULL ORDER BY r.id LIMIT 1)
            """, arguments: [document])
    }
}
