import Foundation
import GRDB
import TrellisCore
import TrellisModel
import TrellisStore

/// Makes gold to export, quickly, with bulk SQL on the bench database: one reviewer rates every
/// live shared span of every document without schema problems on each required dimension of its
/// mode, approves it, and approves the document, each judgement bound to the state it judges
/// (`DecisionState`), as the review screen binds them. (Documents with problems stay unreviewed,
/// as a reviewer could not approve them.) The states are worked out first, a page of documents
/// at a time, into temporary tables, so that each judgement is inserted once, with its state, by
/// one `INSERT … SELECT` per table (whose triggers SQLite compiles once): binding them afterwards
/// took two `UPDATE`s per span, each prepared anew. Idempotent: once the reviewer has approved
/// documents, a second run changes nothing and returns at once.
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
            let reviewerID = try Int64.fetchOne(db, sql: "SELECT id FROM reviewer WHERE name = ?", arguments: [reviewer])!
            let done = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM span_review WHERE reviewer_id = ?)", arguments: [reviewerID]) ?? false
            if !done {
                try writeStates(in: db)
                try db.execute(sql: """
                    WITH dims(dimension, mode) AS (VALUES \(values))
                    INSERT OR IGNORE INTO rating (span_id, reviewer_id, dimension, value, seen, updated_at)
                    SELECT s.id, ?, dims.dimension, 4, st.state, ?
                    FROM temp.gold_span_state st JOIN span s ON s.id = st.span_id JOIN dims ON dims.mode = s.label
                    """, arguments: pairArguments + [reviewerID, at])
                try db.execute(sql: """
                    INSERT OR IGNORE INTO span_review (span_id, reviewer_id, decision, note, seen, updated_at)
                    SELECT span_id, ?, 'approved', NULL, state, ? FROM temp.gold_span_state
                    """, arguments: [reviewerID, at])
                try db.execute(sql: """
                    INSERT OR IGNORE INTO document_review (document_id, reviewer_id, decision, note, seen, updated_at)
                    SELECT document_id, ?, 'approved', NULL, state, ? FROM temp.gold_document_state
                    """, arguments: [reviewerID, at])
                try db.execute(sql: "DROP TABLE temp.gold_span_state; DROP TABLE temp.gold_document_state")
            }
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM span_review WHERE decision = 'approved'") ?? 0
        }
    }

    /// The state of each live shared span of the documents without problems, and of each such
    /// document with spans, into `temp.gold_span_state` and `temp.gold_document_state`.
    private static func writeStates(in db: Database) throws {
        try db.execute(sql: """
            CREATE TEMP TABLE gold_span_state (span_id INTEGER PRIMARY KEY, state INTEGER NOT NULL);
            CREATE TEMP TABLE gold_document_state (document_id INTEGER PRIMARY KEY, state INTEGER NOT NULL);
            """)
        let spanState = try db.makeStatement(sql: "INSERT INTO temp.gold_span_state (span_id, state) VALUES (?, ?)")
        let documentState = try db.makeStatement(sql: "INSERT INTO temp.gold_document_state (document_id, state) VALUES (?, ?)")
        var after: Int64 = 0
        while true {
            let documents = try Row.fetchAll(db, sql: "SELECT id, content_hash FROM document WHERE id > ? AND problem_count = 0 ORDER BY id LIMIT 1000",
                                             arguments: [after])
            guard let first = documents.first, let last = documents.last else { return }
            after = try last.decode(forColumn: "id")
            let spans = Dictionary(grouping: try SpanRecord.fetchAll(db, sql: """
                SELECT * FROM span WHERE document_id BETWEEN ? AND ? AND owner_id IS NULL AND deleted = 0
                ORDER BY document_id, start, "end" DESC, depth
                """, arguments: [try first.decode(forColumn: "id") as Int64, after]), by: \.documentId)
            for document in documents {
                let id: Int64 = try document.decode(forColumn: "id")
                guard let spans = spans[id] else { continue }
                for (span, state) in zip(spans, DecisionState.fingerprints(of: spans.map(\.span))) {
                    try spanState.execute(arguments: [span.id, state])
                }
                let state = DecisionState.fingerprint(ofDocument: spans.map(\.span), contentHash: try document.decode(forColumn: "content_hash"))
                try documentState.execute(arguments: [id, state])
            }
        }
    }
}
