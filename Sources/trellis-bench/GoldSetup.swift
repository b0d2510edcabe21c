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
///
/// The states are worked out in Swift into temporary tables; the judgements are then inserted
/// by three statements with the tables' insert triggers set aside, and what those triggers do
/// (running totals, search tokens, the agreement and quality caches' changed documents) is done
/// once for all the new rows, after which the triggers are put back as they were and the totals
/// are checked against a count from scratch. A database with insert triggers this code does not
/// know takes the judgements one statement a row, through its triggers.
enum GoldSetup {
    static let reviewer = "bench-gold"
    static let at = "2026-01-01T00:00:00.000Z"

    /// The insert triggers on the judged tables whose work `bulkTriggerWork` does.
    static let knownInsertTriggers: Set<String> = [
        "rating_total_after_insert", "search_token_after_rating_insert", "rated_total_after_insert", "agreement_change_after_rating_insert",
        "quality_change_after_rating_insert", "review_total_after_insert", "quality_change_after_span_review_insert",
        "quality_change_after_document_review_insert",
    ]

    /// Returns the number of approved spans.
    static func approveAll(databasePath: String) throws -> Int {
        let database = try AppDatabase.open(path: databasePath)
        let rubric = try Project.load(for: database).rubric
        var dimensionsByMode: [String: [String]] = [:]
        for dimension in rubric.dimensions where dimension.required {
            for mode in dimension.modes { dimensionsByMode[mode, default: []].append(dimension.name) }
        }
        guard !dimensionsByMode.isEmpty else { throw BenchError("the rubric has no required dimension") }
        let approved = try Corpus.write(database: databasePath) { db in
            try db.execute(sql: "INSERT OR IGNORE INTO reviewer (name, role, created_at) VALUES (?, 'reviewer', ?)", arguments: [reviewer, at])
            guard let reviewerID = try Int64.fetchOne(db, sql: "SELECT id FROM reviewer WHERE name = ?", arguments: [reviewer]) else { return 0 }
            try stageJudgements(in: db, reviewerID: reviewerID, dimensionsByMode: dimensionsByMode)
            try judge(in: db, reviewerID: reviewerID)
            return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM span_review WHERE decision = 'approved'") ?? 0
        }
        let wrong = try database.runningTotalDifferences()
        guard wrong.isEmpty else { throw BenchError("the gold setup left running totals unlike a count from scratch: \(wrong.prefix(5))") }
        return approved
    }

    /// The state of every live shared span of each document without problems, with its mode, and
    /// of each such document, in temporary tables (`gold_span`, `gold_document`), with the
    /// dimensions to rate per mode (`gold_dimension`).
    private static func stageJudgements(in db: Database, reviewerID: Int64, dimensionsByMode: [String: [String]]) throws {
        try db.execute(sql: """
            DROP TABLE IF EXISTS temp.gold_span; DROP TABLE IF EXISTS temp.gold_document; DROP TABLE IF EXISTS temp.gold_dimension;
            CREATE TEMP TABLE gold_span (span_id INTEGER PRIMARY KEY, label TEXT NOT NULL, seen INTEGER NOT NULL);
            CREATE TEMP TABLE gold_document (document_id INTEGER PRIMARY KEY, seen INTEGER NOT NULL);
            CREATE TEMP TABLE gold_dimension (label TEXT NOT NULL, dimension TEXT NOT NULL, place INTEGER NOT NULL);
            """)
        for (mode, dimensions) in dimensionsByMode {
            for (place, dimension) in dimensions.enumerated() {
                try db.execute(sql: "INSERT INTO gold_dimension (label, dimension, place) VALUES (?, ?, ?)", arguments: [mode, dimension, place])
            }
        }
        let stageSpan = try db.cachedStatement(sql: "INSERT INTO gold_span (span_id, label, seen) VALUES (?, ?, ?)")
        let stageDocument = try db.cachedStatement(sql: "INSERT INTO gold_document (document_id, seen) VALUES (?, ?)")
        let spansOfDocument = try db.cachedStatement(sql: """
            SELECT id, start, "end", label, depth FROM span WHERE document_id = ? AND owner_id IS NULL AND deleted = 0 ORDER BY start, "end" DESC, depth
            """)
        var after: Int64 = 0
        while true {
            let documents = try Row.fetchAll(db, sql: "SELECT id, content_hash FROM document WHERE id > ? AND problem_count = 0 ORDER BY id LIMIT 1000",
                                             arguments: [after])
            guard let last = documents.last else { return }
            after = try last.decode(forColumn: "id")
            for document in documents {
                let id: Int64 = try document.decode(forColumn: "id")
                var ids: [Int64] = [], spans: [Span] = []
                let rows = try Row.fetchCursor(spansOfDocument, arguments: [id])
                while let row = try rows.next() {
                    ids.append(row[0])
                    spans.append(Span(start: row[1], end: row[2], label: row[3], depth: row[4]))
                }
                guard !spans.isEmpty else { continue }
                for (index, state) in DecisionState.fingerprints(of: spans).enumerated() {
                    try stageSpan.execute(arguments: [ids[index], spans[index].label, state])
                }
                try stageDocument.execute(arguments: [id, DecisionState.fingerprint(ofDocument: spans, contentHash: try document.decode(forColumn: "content_hash"))])
            }
        }
    }

    /// Inserts the staged judgements: in bulk with the insert triggers' work done once, or, when
    /// the tables have insert triggers this code does not know, a row at a time through them.
    private static func judge(in db: Database, reviewerID: Int64) throws {
        let triggers = try Row.fetchAll(db, sql: """
            SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('rating', 'span_review', 'document_review')
            AND sql LIKE '%AFTER INSERT ON%'
            """).map { (name: $0[0] as String, sql: $0[1] as String) }
        let inserts = [
            """
            INSERT OR IGNORE INTO rating (span_id, reviewer_id, dimension, value, updated_at, seen)
            SELECT g.span_id, ?1, d.dimension, 4, ?2, g.seen FROM gold_span g JOIN gold_dimension d ON d.label = g.label ORDER BY g.span_id, d.place
            """,
            """
            INSERT OR IGNORE INTO span_review (span_id, reviewer_id, decision, note, updated_at, seen)
            SELECT span_id, ?1, 'approved', NULL, ?2, seen FROM gold_span ORDER BY span_id
            """,
            """
            INSERT OR IGNORE INTO document_review (document_id, reviewer_id, decision, note, seen, updated_at)
            SELECT document_id, ?1, 'approved', NULL, seen, ?2 FROM gold_document ORDER BY document_id
            """,
        ]
        guard Set(triggers.map(\.name)) == knownInsertTriggers else {
            Report.progress("gold setup: insert triggers \(Set(triggers.map(\.name)).symmetricDifference(knownInsertTriggers).sorted()) unknown or missing: one row at a time")
            for sql in inserts { try db.execute(sql: sql, arguments: [reviewerID, at]) }
            return
        }
        let before = try ["rating", "span_review", "document_review"].map { try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(id), 0) FROM \($0)") ?? 0 }
        for trigger in triggers { try db.execute(sql: "DROP TRIGGER \(trigger.name)") }
        for sql in inserts { try db.execute(sql: sql, arguments: [reviewerID, at]) }
        try bulkTriggerWork(in: db, ratingsAfter: before[0], spanReviewsAfter: before[1], documentReviewsAfter: before[2])
        for trigger in triggers { try db.execute(sql: trigger.sql) }
        try db.execute(sql: "DROP TABLE temp.gold_span; DROP TABLE temp.gold_document; DROP TABLE temp.gold_dimension")
    }

    /// What the insert triggers of `knownInsertTriggers` do for each new row (ids above those
    /// given), done once for all of them.
    private static func bulkTriggerWork(in db: Database, ratingsAfter: Int64, spanReviewsAfter: Int64, documentReviewsAfter: Int64) throws {
        // rating_total_after_insert: sums by dimension and mode of live spans.
        try db.execute(sql: """
            INSERT INTO rating_total (dimension, label, count, total)
            SELECT r.dimension, s.label, COUNT(*), SUM(r.value) FROM rating r JOIN span s ON s.id = r.span_id
            WHERE r.id > ?1 AND s.deleted = 0 GROUP BY r.dimension, s.label
            ON CONFLICT (dimension, label) DO UPDATE SET count = count + excluded.count, total = total + excluded.total
            """, arguments: [ratingsAfter])
        // search_token_after_rating_insert: a token per rating value and block of 64 documents.
        try db.execute(sql: """
            INSERT INTO search_token (token, block)
            SELECT DISTINCT 'rating:' || r.dimension || '=' || r.value, s.document_id / 64 FROM rating r JOIN span s ON s.id = r.span_id
            WHERE r.id > ?1
            ON CONFLICT (token, block) DO NOTHING
            """, arguments: [ratingsAfter])
        // rated_total_after_insert: spans a reviewer rated for the first time.
        try db.execute(sql: """
            INSERT INTO rated_total (reviewer_id, spans)
            SELECT reviewer_id, COUNT(*) FROM (
                SELECT DISTINCT r.span_id, r.reviewer_id FROM rating r WHERE r.id > ?1
                AND NOT EXISTS (SELECT 1 FROM rating o WHERE o.span_id = r.span_id AND o.reviewer_id = r.reviewer_id AND o.id <= ?1))
            WHERE true GROUP BY reviewer_id
            ON CONFLICT (reviewer_id) DO UPDATE SET spans = spans + excluded.spans
            """, arguments: [ratingsAfter])
        // agreement_change_after_rating_insert and quality_change_after_rating_insert: the
        // documents whose versions' (shared spans') ratings changed.
        try db.execute(sql: """
            INSERT INTO agreement_change (document_id)
            SELECT DISTINCT s.document_id FROM rating r JOIN span s ON s.id = r.span_id WHERE r.id > ?1 AND s.owner_id IS NOT NULL
            """, arguments: [ratingsAfter])
        try db.execute(sql: """
            INSERT INTO quality_change (document_id)
            SELECT DISTINCT s.document_id FROM rating r JOIN span s ON s.id = r.span_id WHERE r.id > ?1 AND s.owner_id IS NULL
            """, arguments: [ratingsAfter])
        // review_total_after_insert: decisions by reviewer, and by stage of live spans.
        try db.execute(sql: """
            INSERT INTO review_total (reviewer_id, decision, spans)
            SELECT reviewer_id, decision, COUNT(*) FROM span_review WHERE id > ?1 AND decision IS NOT NULL GROUP BY reviewer_id, decision
            ON CONFLICT (reviewer_id, decision) DO UPDATE SET spans = spans + excluded.spans
            """, arguments: [spanReviewsAfter])
        try db.execute(sql: """
            CREATE TEMP TABLE gold_stage AS
            SELECT d.stage AS stage, r.decision AS decision, COUNT(*) AS spans FROM span_review r JOIN span s ON s.id = r.span_id
            JOIN document d ON d.id = s.document_id WHERE r.id > ?1 AND r.decision IS NOT NULL AND s.deleted = 0 GROUP BY d.stage, r.decision
            """, arguments: [spanReviewsAfter])
        try db.execute(sql: """
            INSERT INTO stage_review_total (stage, decision, spans)
            SELECT stage, decision, 0 FROM gold_stage g WHERE NOT EXISTS (SELECT 1 FROM stage_review_total t WHERE t.stage IS g.stage AND t.decision = g.decision);
            UPDATE stage_review_total SET spans = spans + IFNULL((
                SELECT g.spans FROM gold_stage g WHERE g.stage IS stage_review_total.stage AND g.decision = stage_review_total.decision), 0);
            DROP TABLE temp.gold_stage;
            """)
        // quality_change_after_span_review_insert and _after_document_review_insert.
        try db.execute(sql: """
            INSERT INTO quality_change (document_id)
            SELECT DISTINCT s.document_id FROM span_review r JOIN span s ON s.id = r.span_id WHERE r.id > ?1 AND s.owner_id IS NULL
            """, arguments: [spanReviewsAfter])
        try db.execute(sql: "INSERT INTO quality_change (document_id) SELECT document_id FROM document_review WHERE id > ?1",
                       arguments: [documentReviewsAfter])
    }
}
