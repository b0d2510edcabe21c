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
        var dimensionsByMode: [String: [String]] = [:]
        for dimension in rubric.dimensions where dimension.required {
            for mode in dimension.modes { dimensionsByMode[mode, default: []].append(dimension.name) }
        }
        guard !dimensionsByMode.isEmpty else { throw BenchError("the rubric has no required dimension") }
        return try Corpus.write(database: databasePath) { db in
            try db.execute(sql: "INSERT OR IGNORE INTO reviewer (name, role, created_at) VALUES (?, 'reviewer', ?)", arguments: [reviewer, at])
            guard let reviewerID = try Int64.fetchOne(db, sql: "SELECT id FROM reviewer WHERE name = ?", arguments: [reviewer]) else { return 0 }
            try judgeEveryDocument(in: db, reviewerID: reviewerID, dimensionsByMode: dimensionsByMode)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM span_review WHERE decision = 'approved'") ?? 0
        }
    }

    /// Rates and approves every live shared span of each document without problems, and the
    /// document, each judgement inserted once and already bound to the state it judges: one row
    /// per judgement (a bulk insert followed by an update binding each row would write every row
    /// twice, which at a million documents is tens of millions of statements more).
    private static func judgeEveryDocument(in db: Database, reviewerID: Int64, dimensionsByMode: [String: [String]]) throws {
        let rate = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO rating (span_id, reviewer_id, dimension, value, updated_at, seen) VALUES (?, ?, ?, 4, ?, ?)
            """)
        let approve = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO span_review (span_id, reviewer_id, decision, note, updated_at, seen) VALUES (?, ?, 'approved', NULL, ?, ?)
            """)
        let approveDocument = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO document_review (document_id, reviewer_id, decision, note, seen, updated_at) VALUES (?, ?, 'approved', NULL, ?, ?)
            """)
        let spansOfDocument = try db.cachedStatement(sql: """
            SELECT * FROM span WHERE document_id = ? AND owner_id IS NULL AND deleted = 0 ORDER BY start, "end" DESC, depth
            """)
        var after: Int64 = 0
        while true {
            let documents = try Row.fetchAll(db, sql: "SELECT id, content_hash FROM document WHERE id > ? AND problem_count = 0 ORDER BY id LIMIT 1000",
                                             arguments: [after])
            guard let last = documents.last else { return }
            after = try last.decode(forColumn: "id")
            for document in documents {
                let id: Int64 = try document.decode(forColumn: "id")
                let spans = try SpanRecord.fetchAll(spansOfDocument, arguments: [id])
                guard !spans.isEmpty else { continue }
                for (span, state) in zip(spans, DecisionState.fingerprints(of: spans.map(\.span))) {
                    for dimension in dimensionsByMode[span.span.label] ?? [] {
                        try rate.execute(arguments: [span.id, reviewerID, dimension, at, state])
                    }
                    try approve.execute(arguments: [span.id, reviewerID, at, state])
                }
                let documentState = DecisionState.fingerprint(ofDocument: spans.map(\.span), contentHash: try document.decode(forColumn: "content_hash"))
                try approveDocument.execute(arguments: [id, reviewerID, documentState, at])
            }
        }
    }
}
