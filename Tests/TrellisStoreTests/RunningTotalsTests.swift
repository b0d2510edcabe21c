import GRDB
import Testing
import TrellisModel
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// The running totals `trellis stats` reads (migration v10) stay equal to a count from scratch
/// whatever happens: edits, undo and redo, ratings, decisions and notes on shared spans and on
/// independent versions, adjudication, re-imports that change texts and stages, and rows changed
/// or deleted outright in SQL.
@Suite struct RunningTotalsTests {
    let schema = Fixtures.defaultSchema

    private func line(_ index: Int, variant: Int = 0, stage: Int? = nil) -> String {
        let texts = ["<human>Hi there.</human> <ai>Hello <quote>you</quote>.</ai> <human>Bye.</human>",
                     "<human>Rain again.</human> <ai>Take an umbrella.</ai>",
                     "<ai>Only me.</ai>"]
        return ImportHelpers.line(id: "d\(index)", text: texts[(index + variant) % texts.count], stage: stage ?? (index % 3 == 0 ? nil : index % 3))
    }

    private func expectTotalsMatch(_ database: AppDatabase, after step: String) throws {
        let differences = try database.read { db in try RunningTotals.differences(in: db) }
        #expect(differences.isEmpty, "\(step): \(differences.prefix(6).joined(separator: "; "))")
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func totalsFollowEveryChange(seed: UInt64) throws {
        let database = try AppDatabase.inMemory()
        let directory = try TemporaryDirectory()
        _ = try ImportHelpers.importLines((0..<6).map { line($0) }, into: database, in: directory)
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 0.5, seed: seed), by: "lead")
        try expectTotalsMatch(database, after: "import and assignment")
        var random = SeededRandom(seed: seed)
        let dimensions = ["honesty", "care", "harmlessness"]
        var reimports = 0
        let steps = RandomSteps(database: database, schema: schema)
        for step in 0..<160 {
            let name = "d\(Int.random(in: 0..<6, using: &random))"
            let reviewer = ["ada", "bo", "cy"].randomElement(using: &random)!
            let shared = try #require(try database.document(externalID: name))
            let id = shared.record.id
            let document = try #require(try database.workingDocument(id: id, for: reviewer))
            guard let index = document.spans.indices.randomElement(using: &random) else { continue }
            let span = document.spans[index]
            let action: String
            switch Int.random(in: 0..<20, using: &random) {
            case 0...4:
                let value = Bool.random(using: &random) ? Int.random(in: 1...5, using: &random) : nil
                action = "rate"
                _ = try database.rate(span: span.id, in: id, dimension: dimensions.randomElement(using: &random)!, value: value, by: reviewer, schema: schema)
            case 5...7:
                action = "decide a span"
                _ = try database.decide(span: span.id, in: id, decision: [Decision.approved, .rejected, .flagged, nil].randomElement(using: &random)!,
                                        by: reviewer, schema: schema)
            case 8:
                action = "note"
                _ = try database.annotate(span: span.id, in: id, note: Bool.random(using: &random) ? "look" : nil, by: reviewer, schema: schema)
            case 9:
                action = "decide the document"
                _ = try database.decide(document: id, decision: [Decision.approved, .rejected, nil].randomElement(using: &random)!, by: reviewer, schema: schema)
            case 10, 11:
                action = "relabel"
                let label = span.label == "human" ? "ai" : "human"
                try steps.edit(.relabel(span: index, label: label), of: document, by: reviewer)
            case 12:
                action = "delete"
                try steps.edit(.delete(span: index), of: document, by: reviewer)
            case 13:
                action = "undo"
                try steps.undo(in: id, by: reviewer)
            case 14:
                action = "redo"
                try steps.redo(in: id, by: reviewer)
            case 15:
                action = "re-import with changed texts and stages"
                reimports += 1
                _ = try ImportHelpers.importLines((0..<6).map { line($0, variant: reimports, stage: ($0 + reimports) % 4 == 0 ? nil : ($0 + reimports) % 4) },
                                                  into: database, in: directory, name: "again\(reimports).jsonl", options: ImportOptions(onChanged: .replace))
            case 16:
                action = "adjudicate"
                _ = try database.autoAdjudicate(by: "lead", schema: schema, rubric: Fixtures.defaultRubric)
            case 17:
                action = "move a rating and a decision to other spans in SQL"
                try database.write { db in
                    try db.execute(sql: "UPDATE OR IGNORE rating SET span_id = ? WHERE id = (SELECT MIN(id) FROM rating)", arguments: [span.id])
                    try db.execute(sql: "UPDATE OR IGNORE span_review SET span_id = ? WHERE id = (SELECT MAX(id) FROM span_review)", arguments: [span.id])
                }
            case 18:
                action = "change a stage in SQL"
                try database.write { db in try db.execute(sql: "UPDATE document SET stage = 7 WHERE id = ?", arguments: [id]) }
            default:
                action = "delete ratings and decisions in SQL"
                try database.write { db in
                    try db.execute(sql: "DELETE FROM rating WHERE id = (SELECT MAX(id) FROM rating)")
                    try db.execute(sql: "DELETE FROM span_review WHERE id = (SELECT MIN(id) FROM span_review)")
                }
            }
            try expectTotalsMatch(database, after: "step \(step): \(action)")
        }
        try database.write { db in try db.execute(sql: "DELETE FROM span WHERE id IN (SELECT span_id FROM span_review ORDER BY id LIMIT 3)") }
        try expectTotalsMatch(database, after: "spans deleted outright")
        let stats = try database.reviewStats()
        #expect(!stats.byReviewer.isEmpty && !stats.byStage.isEmpty && !stats.activity.isEmpty, "the sequence left something to count")
        // The comparison sees a total that is off.
        try database.write { db in try db.execute(sql: "UPDATE span_total SET spans = spans + 1 WHERE label = 'ai'") }
        #expect(try database.read { db in try RunningTotals.differences(in: db) }.count == 2)
    }

    @Test func theMigrationCountsWhatIsAlreadyThere() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("old.sqlite")
        let database = try AppDatabase.open(path: path)
        _ = try ImportHelpers.importLines((0..<4).map { line($0) }, into: database, in: directory)
        try ReviewHelpers.judgeAll("d1", in: database, by: "ada")
        try ReviewHelpers.judgeAll("d2", in: database, by: "bo", decision: .rejected)
        _ = try ReviewHelpers.decideDocument("d1", in: database, by: "ada")
        let before = try database.read { db in
            RunningTotals.tables.map { table in (try? Row.fetchAll(db, sql: "SELECT * FROM \(table.name)"))?.count ?? 0 }
        }
        #expect(before.allSatisfy { $0 > 0 })
        try database.write { db in
            for table in RunningTotals.tables { try db.execute(sql: "DELETE FROM \(table.name)") }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v10-running-totals'")
            for table in RunningTotals.tables { try db.execute(sql: "DROP TABLE \(table.name)") }
            for trigger in try String.fetchAll(db, sql: """
                SELECT name FROM sqlite_master WHERE type = 'trigger' AND (name LIKE '%total_after%' OR name = 'span_review_before_span_delete')
                AND name NOT LIKE 'rating_total%'
                """) {
                try db.execute(sql: "DROP TRIGGER \(trigger)")
            }
        }
        let reopened = try AppDatabase.open(path: path)
        try expectTotalsMatch(reopened, after: "the migration")
        let stats = try reopened.stats()
        #expect(stats.documents == 4)
        #expect(try reopened.reviewStats().byReviewer.map(\.group) == ["ada", "bo"])
    }
}
