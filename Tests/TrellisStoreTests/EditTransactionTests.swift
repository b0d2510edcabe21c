import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// What one edit's transaction does: the statements it runs, the triggers they fire and the work
/// SQLite does for them, counted (not timed); and the totals the triggers keep, right through the
/// migration that trimmed them (`v15-edit-triggers`).
@Suite struct EditTransactionTests {
    let schema = Fixtures.defaultSchema

    /// A database of `documents` generated documents, each live span rated and approved by "gold"
    /// and each document approved (bulk SQL, as the benchmark's gold setup).
    private func corpus(documents: Int) throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        var generator = CorpusGenerator(seed: 7)
        _ = try ImportHelpers.importLines((0..<documents).map { generator.nextLine(index: $0) }, into: database, in: try TemporaryDirectory())
        try database.write { db in try Self.approveEverything(in: db) }
        return database
    }

    private static func approveEverything(in db: Database) throws {
        try db.execute(sql: "INSERT OR IGNORE INTO reviewer (name, role, created_at) VALUES ('gold', 'reviewer', 'now')")
        try db.execute(sql: """
            INSERT OR IGNORE INTO rating (span_id, reviewer_id, dimension, value, updated_at)
            SELECT s.id, r.id, dims.dimension, 4, 'now' FROM span s JOIN reviewer r ON r.name = 'gold'
            JOIN (SELECT 'honesty' AS dimension UNION ALL SELECT 'care' UNION ALL SELECT 'harmlessness') dims
            WHERE s.owner_id IS NULL AND s.deleted = 0
            """)
        try db.execute(sql: """
            INSERT OR IGNORE INTO span_review (span_id, reviewer_id, decision, updated_at)
            SELECT s.id, r.id, 'approved', 'now' FROM span s JOIN reviewer r ON r.name = 'gold' WHERE s.owner_id IS NULL AND s.deleted = 0
            """)
        try db.execute(sql: """
            INSERT OR IGNORE INTO document_review (document_id, reviewer_id, decision, updated_at)
            SELECT d.id, r.id, 'approved', 'now' FROM document d JOIN reviewer r ON r.name = 'gold'
            """)
    }

    private func traced<T>(_ database: AppDatabase, _ body: () throws -> T) throws -> (T, StatementTrace) {
        let trace = StatementTrace()
        try database.writeWithoutTransaction { db in trace.start(db) }
        defer { try? database.writeWithoutTransaction { db in trace.stop(db) } }
        return (try body(), trace)
    }

    /// The store's call that moves the end of the document's first span a character (back, or
    /// forward), computed on the document as `reviewer` sees it now.
    private func moveBoundary(_ id: Int64, back: Bool, in database: AppDatabase, by reviewer: String = "ada") throws -> () throws -> StoredDocument {
        let document = try #require(try database.workingDocument(id: id, for: reviewer))
        let result = try SpanEditor(schema: schema, annotated: document.annotated)
            .apply(.moveEdge(span: 0, edge: .end, direction: back ? .backward : .forward, unit: .character)).get()
        return { try database.applyEdit(result, named: "move-end", to: document, by: reviewer, schema: self.schema) }
    }

    /// The store's call that relabels the document's first span (human ↔ ai).
    private func relabelFirst(_ id: Int64, in database: AppDatabase, by reviewer: String = "ada") throws -> () throws -> StoredDocument {
        let document = try #require(try database.workingDocument(id: id, for: reviewer))
        let result = try SpanEditor(schema: schema, annotated: document.annotated)
            .apply(.relabel(span: 0, label: document.spans[0].label == "human" ? "ai" : "human")).get()
        return { try database.applyEdit(result, named: "relabel", to: document, by: reviewer, schema: self.schema) }
    }

    /// Preparing a statement compiles every trigger it can fire (and GRDB's authorizer sees each
    /// column they read), which cost an edit more than running them: once the connection has
    /// prepared them, edits, undo and redo prepare nothing but their transaction's BEGIN and COMMIT.
    @Test func editsUndoAndRedoRunOnStatementsKeptPrepared() throws {
        let database = try corpus(documents: 20)
        func actions() throws -> [(String, StatementTrace)] {
            [("boundary move", try traced(database, try moveBoundary(1, back: true, in: database)).1),
             ("relabel", try traced(database, try relabelFirst(1, in: database)).1),
             ("undo", try traced(database) { try database.undo(in: 1, by: "ada", schema: schema) }.1),
             ("redo", try traced(database) { try database.redo(in: 1, by: "ada", schema: schema) }.1),
             ("boundary move back", try traced(database, try moveBoundary(1, back: false, in: database)).1)]
        }
        _ = try actions()
        for (action, trace) in try actions() {
            let prepared = trace.statements.filter { $0.prepared && !["BEGIN", "COMMIT"].contains($0.sql.prefix { $0 != " " }) }
            #expect(prepared.isEmpty, "\(action) prepared \(prepared.map(\.sql))")
            #expect(trace.statements.count > 5, "\(action) was traced")
        }
    }

    /// What an edit reads and writes is found through keys and indexes: the same work at 5
    /// documents as at 400, and no full scan but of the few rows of `rating_total` a relabel
    /// moves between modes.
    @Test func anEditsWorkDoesNotGrowWithTheCorpus() throws {
        var work: [[Int64]] = []
        for size in [5, 400] {
            let database = try corpus(documents: size)
            var steps: [Int64] = []
            for action in 0..<4 {
                let call: () throws -> StoredDocument = switch action {
                case 0: try moveBoundary(1, back: true, in: database)
                case 1: try relabelFirst(1, in: database)
                case 2: { try database.undo(in: 1, by: "ada", schema: self.schema)!.document }
                default: try moveBoundary(1, back: false, in: database)
                }
                let (_, trace) = try traced(database, call)
                steps.append(trace.steps)
                let scans = trace.statements.filter { $0.fullScanSteps > 0 }
                #expect(scans.allSatisfy { $0.sql.hasPrefix("UPDATE span") && $0.fullScanSteps <= 12 },
                        "action \(action) at \(size) documents scanned:\n\(trace.description)")
            }
            work.append(steps)
        }
        #expect(work[0] == work[1], "virtual machine steps of a boundary move, a relabel, an undo and a move back at 5 and 400 documents")
    }

    /// A boundary move changes no span's mode, deletion or owner: the triggers of the modes'
    /// totals and search tokens run none of their statements (they took a span from its mode's
    /// total and gave it back, writing the page, on every move). A relabel still runs them.
    @Test func aBoundaryMoveLeavesTheModesTotalsAndTokensAlone() throws {
        let database = try corpus(documents: 3)
        let touched = { (trace: StatementTrace) in
            trace.statements.flatMap(\.triggered).filter { !$0.hasPrefix("-- TRIGGER") }
                .filter { $0.contains("span_total") || $0.contains("search_token") || $0.contains("rating_total") }
        }
        let (_, move) = try traced(database, try moveBoundary(2, back: true, in: database))
        #expect(touched(move).isEmpty, "\(move.description)")
        let (_, relabel) = try traced(database, try relabelFirst(2, in: database))
        #expect(touched(relabel).count == 5, "\(relabel.description)")
        try expectTotalsRight(in: database, after: "a move and a relabel")
    }

    /// On a database that reviewers used before `v15-edit-triggers` (the triggers as they were,
    /// edits, ratings and decisions made under them), the migration keeps every total: they stay
    /// equal to a count from scratch through a random sequence of edits, undo, redo, reverts,
    /// ratings and decisions by several reviewers.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func totalsStayRightOnADatabaseMigratedFromV14(seed: UInt64) throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("team.sqlite")
        do {
            let database = try AppDatabase.open(path: path)
            var generator = CorpusGenerator(seed: seed)
            _ = try ImportHelpers.importLines((0..<150).map { generator.nextLine(index: $0) }, into: database, in: directory)
            try database.write { db in try Self.approveEverything(in: db) }
        }
        try Self.undoV15(at: path)
        var random = SeededRandom(seed: seed)
        do {
            // Work done under the triggers as they were (opened without migrating).
            let queue = try DatabaseQueue(path: path)
            try queue.write { db in
                try db.execute(sql: "UPDATE span SET \"end\" = \"end\" + 0, revision = revision + 1 WHERE id IN (1, 5, 9)")
                try db.execute(sql: "UPDATE span SET label = CASE label WHEN 'human' THEN 'ai' ELSE 'human' END WHERE id IN (2, 7)")
                try db.execute(sql: "UPDATE span SET deleted = 1 WHERE id = 11")
            }
            try queue.close()
        }
        let database = try AppDatabase.open(path: path)
        #expect(try database.read { db in try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'span_total_after_update'") }?
            .contains("OLD.label IS NOT NEW.label") == true, "migrated")
        try expectTotalsRight(in: database, after: "migrating")
        let documents = try database.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM document ORDER BY id LIMIT 12") }
        let steps = RandomSteps(database: database, schema: schema)
        for step in 0..<120 {
            let id = documents.randomElement(using: &random)!
            let reviewer = ["ada", "bo"].randomElement(using: &random)!
            let document = try #require(try database.workingDocument(id: id, for: reviewer))
            guard let index = document.spans.indices.randomElement(using: &random) else { continue }
            let span = document.spans[index]
            let action: String
            switch Int.random(in: 0..<12, using: &random) {
            case 0...2:
                action = "move a boundary"
                let edit = SpanEdit.moveEdge(span: index, edge: Bool.random(using: &random) ? .start : .end,
                                             direction: Bool.random(using: &random) ? .backward : .forward, unit: .word)
                try steps.edit(edit, of: document, by: reviewer)
            case 3, 4:
                action = "relabel"
                let label = ["human", "ai", "quote"].filter { $0 != span.label }.randomElement(using: &random)!
                try steps.edit(.relabel(span: index, label: label), of: document, by: reviewer)
            case 5:
                action = "delete"
                try steps.edit(.delete(span: index), of: document, by: reviewer)
            case 6:
                action = "undo"
                try steps.undo(in: id, by: reviewer)
            case 7:
                action = "redo"
                try steps.redo(in: id, by: reviewer)
            case 8:
                action = "revert"
                let entries = try database.history(of: id).map(\.id)
                do { _ = try database.revert(document: id, toEntry: ([0] + entries).randomElement(using: &random)!, by: reviewer, schema: schema) } catch is StoreError {}
            case 9:
                action = "rate"
                _ = try database.rate(span: span.id, in: id, dimension: ["honesty", "care"].randomElement(using: &random)!,
                                      value: Bool.random(using: &random) ? Int.random(in: 1...5, using: &random) : nil, by: reviewer, schema: schema)
            case 10:
                action = "decide a span"
                _ = try database.decide(span: span.id, in: id, decision: [Decision.approved, .rejected, nil].randomElement(using: &random)!, by: reviewer, schema: schema)
            default:
                action = "decide the document"
                _ = try database.decide(document: id, decision: [Decision.approved, .flagged, nil].randomElement(using: &random)!, by: reviewer, schema: schema)
            }
            if step % 10 == 9 || action == "revert" { try expectTotalsRight(in: database, after: "step \(step): \(action)") }
        }
        try expectTotalsRight(in: database, after: "the sequence")
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM history WHERE action IN ('undo', 'revert')") } ?? 0 > 0,
                "the sequence undid or reverted something")
    }

    /// Makes the database at `path` one from before `v15-edit-triggers`: the two triggers as v14
    /// left them (read from a database migrated that far), no indexes on the totals.
    private static func undoV15(at path: String) throws {
        let reference = try DatabaseQueue()
        try AppDatabase.migrator.migrate(reference, upTo: "v14-audits")
        let triggers = try reference.read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE name IN ('span_total_after_update', 'search_token_after_span_update')")
        }
        #expect(triggers.count == 2 && triggers.allSatisfy { !$0.contains("OLD.label IS NOT NEW.label") })
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                DROP TRIGGER span_total_after_update; DROP TRIGGER search_token_after_span_update;
                DROP INDEX document_total_by_key; DROP INDEX stage_review_total_by_key;
                DELETE FROM grdb_migrations WHERE identifier = 'v15-edit-triggers';
                """)
            for sql in triggers { try db.execute(sql: sql) }
        }
        try queue.close()
    }

    /// Every running total equals a count from scratch, and every live shared span's mode and
    /// every rating has its search token.
    private func expectTotalsRight(in database: AppDatabase, after step: String) throws {
        let (differences, ratingTotals, missingTokens) = try database.read { db in
            (try RunningTotals.differences(in: db),
             try Row.fetchAll(db, sql: """
                SELECT dimension, label, count, total FROM rating_total WHERE count <> 0
                EXCEPT SELECT r.dimension, s.label, COUNT(*), SUM(r.value) FROM rating r JOIN span s ON s.id = r.span_id
                WHERE s.deleted = 0 GROUP BY r.dimension, s.label
                """).count + Row.fetchAll(db, sql: """
                SELECT r.dimension, s.label, COUNT(*), SUM(r.value) FROM rating r JOIN span s ON s.id = r.span_id
                WHERE s.deleted = 0 GROUP BY r.dimension, s.label
                EXCEPT SELECT dimension, label, count, total FROM rating_total
                """).count,
             try Int.fetchOne(db, sql: """
                SELECT (SELECT COUNT(*) FROM span s WHERE s.owner_id IS NULL AND s.deleted = 0 AND NOT EXISTS (
                            SELECT 1 FROM search_token t WHERE t.token = 'mode:' || s.label AND t.block = s.document_id / 64))
                     + (SELECT COUNT(*) FROM rating r JOIN span s ON s.id = r.span_id WHERE NOT EXISTS (
                            SELECT 1 FROM search_token t WHERE t.token = 'rating:' || r.dimension || '=' || r.value AND t.block = s.document_id / 64))
                """) ?? 0)
        }
        #expect(differences.isEmpty, "\(step): \(differences.prefix(6).joined(separator: "; "))")
        #expect(ratingTotals == 0, "\(step): rating totals differ from a recount")
        #expect(missingTokens == 0, "\(step): spans or ratings without their search token")
    }
}
