import Foundation
import GRDB
import TrellisCore
import TrellisModel
import TrellisStore

/// Makes gold to export, quickly, with bulk SQL on the bench database: one reviewer rates every
/// live shared span of every document without schema problems on each required dimension of its
/// mode, approves it, and approves the document, each judgement bound to the state it judges
/// (`DecisionState`), as the review screen binds them. (Documents with problems stay unreviewed,
/// as a reviewer could not approve them.) Idempotent: a second run changes nothing.
enum GoldSetup {
    static let reviewer = "bench-gold"
    static let at = "2026-01-01T00:00:00.000Z"

    /// Returns the number of approved spans.
    static func approveAll(databasePath: String) throws -> Int {
        let database = try AppDatabase.open(path: databasePath)
        let rubric = try Project.load(for: database).rubric
        let pairs = rubric.dimensions.filter(\.required).flatMap { dimension in dimension.modes.sorted().map { (dimension.name, $0) } }
        guard !pairs.isEmpty else { throw BenchError("the rubric has no required dimension") }
        let values = pairs.map { _ in "(?, ?)" }.joined(separator: ", ")
        let pairArguments = StatementArguments(pairs.flatMap { [$0.0, $0.1] })
        return try Corpus.write(database: databasePath) { db in
            try db.execute(sql: "INSERT OR IGNORE INTO reviewer (name, role, created_at) VALUES (?, 'reviewer', ?)", arguments: [reviewer, at])
            try db.execute(sql: """
                WITH dims(dimension, mode) AS (VALUES \(values))
                INSERT OR IGNORE INTO rating (span_id, reviewer_id, dimension, value, updated_at)
                SELECT s.id, r.id, dims.dimension, 4, ?
                FROM span s JOIN document d ON d.id = s.document_id JOIN dims ON dims.mode = s.label
                JOIN reviewer r ON r.name = ?
                WHERE s.owner_id IS NULL AND s.deleted = 0 AND d.problem_count = 0
                """, arguments: pairArguments + [at, reviewer])
            try db.execute(sql: """
                INSERT OR IGNORE INTO span_review (span_id, reviewer_id, decision, note, updated_at)
                SELECT s.id, r.id, 'approved', NULL, ?
                FROM span s JOIN document d ON d.id = s.document_id JOIN reviewer r ON r.name = ?
                WHERE s.owner_id IS NULL AND s.deleted = 0 AND d.problem_count = 0
                """, arguments: [at, reviewer])
            try bindStates(in: db)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM span_review WHERE decision = 'approved'") ?? 0
        }
    }

    /// Binds the bench reviewer's unbound judgements to the spans as they are, and approves
    /// each document they cover, document by document.
    private static func bindStates(in db: Database) throws {
        guard let reviewerID = try Int64.fetchOne(db, sql: "SELECT id FROM reviewer WHERE name = ?", arguments: [reviewer]) else { return }
        var after: Int64 = 0
        while true {
            let documents = try Row.fetchAll(db, sql: "SELECT id, content_hash FROM document WHERE id > ? AND problem_count = 0 ORDER BY id LIMIT 1000",
                                             arguments: [after])
            guard let last = documents.last else { return }
            after = try last.decode(forColumn: "id")
            for document in documents {
                let id: Int64 = try document.decode(forColumn: "id")
                let spans = try SpanRecord.fetchAll(db, sql: """
                    SELECT * FROM span WHERE document_id = ? AND owner_id IS NULL AND deleted = 0 ORDER BY start, "end" DESC, depth
                    """, arguments: [id])
                guard !spans.isEmpty else { continue }
                for (span, state) in zip(spans, DecisionState.fingerprints(of: spans.map(\.span))) {
                    try db.execute(sql: "UPDATE span_review SET seen = ? WHERE span_id = ? AND reviewer_id = ? AND seen IS NULL", arguments: [state, span.id, reviewerID])
                    try db.execute(sql: "UPDATE rating SET seen = ? WHERE span_id = ? AND reviewer_id = ? AND seen IS NULL", arguments: [state, span.id, reviewerID])
                }
                try db.execute(sql: """
                    INSERT OR IGNORE INTO document_review (document_id, reviewer_id, decision, note, seen, updated_at) VALUES (?, ?, 'approved', NULL, ?, ?)
                    """, arguments: [id, reviewerID, DecisionState.fingerprint(ofDocument: spans.map(\.span), contentHash: try document.decode(forColumn: "content_hash")), at])
            }
        }
    }
}
