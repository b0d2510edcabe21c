import Foundation
import GRDB
import GRDBSQLite
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// The running rating totals (migration v4) stay equal to an aggregate over every rating, whatever
/// reviewers do: rate, re-rate, clear, relabel, delete, undo, redo, and rows changed or deleted
/// outright in SQL.
@Suite struct RatingTotalTests {
    let schema = Fixtures.defaultSchema

    @Test(arguments: [1, 2, 3] as [UInt64])
    func totalsFollowEveryChange(seed: UInt64) throws {
        let database = try AppDatabase.inMemory()
        let directory = try TemporaryDirectory()
        _ = try ImportHelpers.importLines((0..<3).map { ImportHelpers.line(id: "d\($0)", text: "<human>Hi there.</human> <ai>Hello <quote>you</quote>.</ai> <human>Bye.</human>") },
                                          into: database, in: directory)
        var random = SeededRandom(seed: seed)
        let dimensions = ["honesty", "care", "harmlessness"]
        let steps = RandomSteps(database: database, schema: schema)
        for step in 0..<150 {
            let document = try #require(try database.document(externalID: "d\(Int.random(in: 0..<3, using: &random))"))
            let id = document.record.id
            let reviewer = ["ada", "bo"].randomElement(using: &random)!
            guard let index = document.spans.indices.randomElement(using: &random) else { continue }
            let span = document.spans[index]
            let action: String
            switch Int.random(in: 0..<14, using: &random) {
            case 0...8:
                let value = Bool.random(using: &random) || step < 20 ? Int.random(in: 1...5, using: &random) : nil
                action = "rate \(value.map(String.init) ?? "clear")"
                _ = try database.rate(span: span.id, in: id, dimension: dimensions.randomElement(using: &random)!, value: value, by: reviewer, schema: schema)
            case 9:
                action = "relabel"
                let label = span.label == "human" ? "ai" : "human"
                try steps.edit(.relabel(span: index, label: label), of: document, by: reviewer)
            case 10:
                action = "delete"
                try steps.edit(.delete(span: index), of: document, by: reviewer)
            case 11:
                action = "undo"
                try steps.undo(in: id, by: reviewer)
            case 12:
                action = "redo"
                try steps.redo(in: id, by: reviewer)
            default:
                action = "move a rating to another span in SQL"
                try database.write { db in
                    try db.execute(sql: "UPDATE OR IGNORE rating SET span_id = ? WHERE id = (SELECT MIN(id) FROM rating)", arguments: [span.id])
                }
            }
            try expectTotalsMatch(database, after: "step \(step): \(action)")
        }
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT SUM(count) FROM rating_total") } ?? 0 > 0,
                "the sequence left ratings to total")
        try database.write { db in try db.execute(sql: "DELETE FROM span WHERE id IN (SELECT span_id FROM rating ORDER BY id LIMIT 3)") }
        try expectTotalsMatch(database, after: "spans deleted outright")
    }

    @Test func theMigrationTotalsRatingsMadeBeforeIt() throws {
        let database = try AppDatabase.inMemory()
        let directory = try TemporaryDirectory()
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "d", text: "<human>Hi.</human> <ai>Hello.</ai>")], into: database, in: directory)
        try ReviewHelpers.judgeAll("d", in: database, by: "ada", value: 3)
        try database.write { db in
            try db.execute(sql: "DELETE FROM rating_total")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v4-rating-totals'")
            try db.execute(sql: "DROP TABLE rating_total")
            try db.execute(sql: "DROP TRIGGER rating_total_after_insert")
            try db.execute(sql: "DROP TRIGGER rating_total_after_delete")
            try db.execute(sql: "DROP TRIGGER rating_total_after_update")
            try db.execute(sql: "DROP TRIGGER rating_total_after_span_update")
            try db.execute(sql: "DROP TRIGGER rating_total_before_span_delete")
        }
        try database.migrate()
        try expectTotalsMatch(database, after: "migrating")
        let means = try database.reviewStats().meanRatings
        #expect(means.map(\.count).reduce(0, +) == Fixtures.defaultRubric.dimensions(for: "human").count + Fixtures.defaultRubric.dimensions(for: "ai").count)
        #expect(means.allSatisfy { $0.mean == 3 })
    }

    /// A trigger that reached a span's ratings through `rating_by_dimension` read every rating
    /// of the dimension on each relabel (240 ms at a million spans); by `span_id` it reads a few.
    @Test func keepingTotalsReadsOnlyTheChangedSpansRatings() throws {
        let database = try AppDatabase.inMemory()
        try database.write { db in
            try db.execute(sql: "INSERT INTO reviewer (name, created_at) VALUES ('ada', 'now')")
            try db.execute(sql: "INSERT INTO document (external_id, text, length, content_hash, imported_at, updated_at) VALUES ('d', 'x', 1, 'h', 'now', 'now')")
            for span in 1...2000 {
                try db.execute(sql: "INSERT INTO span (id, document_id, start, \"end\", label) VALUES (?, 1, 0, 1, 'human')", arguments: [span])
                try db.execute(sql: "INSERT INTO rating (span_id, reviewer_id, dimension, value, updated_at) VALUES (?, 1, 'care', 3, 'now')", arguments: [span])
            }
        }
        for sql in ["UPDATE span SET label = 'ai' WHERE id = 7", "UPDATE span SET deleted = 1 WHERE id = 8", "DELETE FROM span WHERE id = 9",
                    "UPDATE rating SET value = 5 WHERE span_id = 10", "DELETE FROM rating WHERE span_id = 11",
                    "INSERT INTO rating (span_id, reviewer_id, dimension, value, updated_at) VALUES (12, 1, 'honesty', 2, 'now')"] {
            let steps = try database.write { db in
                let statement = try db.makeStatement(sql: sql)
                try statement.execute()
                return sqlite3_stmt_status(statement.sqliteStatement, SQLITE_STMTSTATUS_VM_STEP, 0)
            }
            #expect(steps < 2000, "\(sql): \(steps) virtual machine steps for one span's rating")
        }
        try expectTotalsMatch(database, after: "the changes")
    }

    private func expectTotalsMatch(_ database: AppDatabase, after action: String) throws {
        let (totals, aggregate) = try database.read { db in
            (try Row.fetchAll(db, sql: "SELECT dimension, label, count, total FROM rating_total WHERE count <> 0 ORDER BY dimension, label"),
             try Row.fetchAll(db, sql: """
                SELECT r.dimension, s.label, COUNT(*) AS count, SUM(r.value) AS total FROM rating r JOIN span s ON s.id = r.span_id
                WHERE s.deleted = 0 GROUP BY r.dimension, s.label ORDER BY r.dimension, s.label
                """))
        }
        #expect(totals == aggregate, "after \(action)")
    }
}
