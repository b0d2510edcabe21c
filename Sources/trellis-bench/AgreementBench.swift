import Foundation
import GRDB
import TrellisStore

/// Agreement on the whole database: two reviewers' independent versions of every document, made
/// with bulk SQL from the shared spans, then `trellis agreement --db` as a child process:
/// comparing everything (the kept sums dropped), and as after a day's work (a hundred documents'
/// versions changed since the last report, which kept its sums).
///
/// Reviewer `bench-a` copies every shared span; `bench-b` copies them with differences of the
/// kinds reviewers make: every 5th span without nested spans ends one code point earlier, every
/// 13th top-level span has the other mode (human ↔ ai), every 17th nested span is left out.
enum AgreementBench {
    static let reviewers = ("bench-a", "bench-b")

    static func run(_ workspace: Workspace, trellis: String, repetitions: Int) throws -> [Figure] {
        let (versionSpans, setupMs) = try Clock.time { try makeVersions(databasePath: workspace.database) }
        Report.progress("agreement: \(Format.number(Double(versionSpans))) spans in two independent versions, made in \(Format.ms(setupMs))")
        // Everything compared (no sums kept), then as after a day's work: a few documents changed.
        let runs = try KeptReportRuns([trellis, "agreement", "--db", workspace.database, "--json"], workspace: workspace,
                                      repetitions: repetitions, forget: "UPDATE agreement_progress SET spans_through = -1",
                                      marker: "\"documents\":", change: moveOneVersionSpanEnd)
        let full = (seconds: runs.full.seconds.median, max: runs.full.seconds.max, peak: runs.full.peakRSSBytes)
        let changed = (seconds: runs.changed.seconds.median, max: runs.changed.seconds.max, peak: runs.changed.peakRSSBytes)
        Report.progress("agreement: \(Format.seconds(full.seconds)) comparing everything, \(Format.seconds(changed.seconds)) after \(changedDocuments) documents changed")
        return [
            Figure(name: "agreement.full", size: workspace.size,
                   fields: [("version_spans", .int(versionSpans)), ("runs", .int(repetitions)), ("seconds", .round(full.seconds, 3)),
                            ("max_seconds", .round(full.max, 3)), ("max_rss_mb", .round(Double(full.peak) / 1_048_576, 1))],
                   headline: "\(Format.seconds(full.seconds)) over \(Format.number(Double(versionSpans))) spans in two versions, every document compared (no kept sums), \(Format.mb(full.peak)) peak RSS"),
            Figure(name: "agreement", size: workspace.size,
                   fields: [("version_spans", .int(versionSpans)), ("changed_documents", .int(changedDocuments)), ("runs", .int(repetitions)),
                            ("seconds", .round(changed.seconds, 3)), ("max_seconds", .round(changed.max, 3)), ("max_rss_mb", .round(Double(changed.peak) / 1_048_576, 1))],
                   headline: "\(Format.seconds(changed.seconds)) over \(Format.number(Double(versionSpans))) spans in two versions after \(changedDocuments) documents changed (`trellis agreement`, kept sums), \(Format.mb(changed.peak)) peak RSS",
                   target: "< 2 s over 11M spans", met: changed.seconds < 2),
        ]
    }

    static let changedDocuments = KeptReportRuns.changedDocuments

    /// Moves the end of one of `bench-b`'s spans of `document` (back and forth on alternate
    /// calls), as reviewers' edits do. Written in SQL, behind the store's back: the document's
    /// kept states (`version_state`) are dropped, to be worked out again when needed.
    private static func moveOneVersionSpanEnd(in db: Database, document: Int64) throws {
        try db.execute(sql: "DELETE FROM version_state WHERE document_id = ?", arguments: [document])
        try db.execute(sql: """
            UPDATE span SET "end" = CASE WHEN revision % 2 = 0 THEN "end" - 1 ELSE "end" + 1 END, revision = revision + 1
            WHERE id = (SELECT id FROM span WHERE document_id = ? AND owner_id = (SELECT id FROM reviewer WHERE name = ?)
                        AND deleted = 0 AND "end" - start > 1 ORDER BY id LIMIT 1)
            """, arguments: [document, reviewers.1])
    }

    /// Makes both versions (once: a database that has them keeps them); returns their span count.
    static func makeVersions(databasePath: String) throws -> Int {
        _ = try AppDatabase.open(path: databasePath)  // migrated
        return try Corpus.write(database: databasePath) { db in
            for name in [reviewers.0, reviewers.1] {
                try db.execute(sql: "INSERT OR IGNORE INTO reviewer (name, role, created_at) VALUES (?, 'reviewer', ?)", arguments: [name, GoldSetup.at])
            }
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM span WHERE owner_id = (SELECT id FROM reviewer WHERE name = ?))",
                                           arguments: [reviewers.0]) ?? false
            if !exists {
                try db.execute(sql: """
                    INSERT INTO span (document_id, owner_id, start, "end", label, depth, deleted, revision)
                    SELECT s.document_id, r.id, s.start, s."end", s.label, s.depth, 0, 0
                    FROM span s JOIN reviewer r ON r.name = ? WHERE s.owner_id IS NULL AND s.deleted = 0
                    """, arguments: [reviewers.0])
                try db.execute(sql: """
                    INSERT INTO span (document_id, owner_id, start, "end", label, depth, deleted, revision)
                    SELECT s.document_id, r.id, s.start,
                           CASE WHEN s.id % 5 = 0 AND s."end" - s.start > 1 AND NOT EXISTS (
                                    SELECT 1 FROM span c WHERE c.document_id = s.document_id AND c.owner_id IS NULL AND c.deleted = 0
                                    AND c.depth > s.depth AND c.start >= s.start AND c."end" <= s."end")
                                THEN s."end" - 1 ELSE s."end" END,
                           CASE WHEN s.id % 13 = 0 AND s.depth = 0 AND s.label = 'human' THEN 'ai'
                                WHEN s.id % 13 = 0 AND s.depth = 0 AND s.label = 'ai' THEN 'human' ELSE s.label END,
                           s.depth, 0, 0
                    FROM span s JOIN reviewer r ON r.name = ?
                    WHERE s.owner_id IS NULL AND s.deleted = 0 AND NOT (s.depth > 0 AND s.id % 17 = 0)
                    """, arguments: [reviewers.1])
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM span WHERE owner_id IS NOT NULL") ?? 0
        }
    }
}
