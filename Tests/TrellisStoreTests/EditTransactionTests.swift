import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// What one edit's transaction does: the statements it runs, the triggers they fire and the work
/// SQLite does for them, counted (not timed).
@Suite struct EditTransactionTests {
    let schema = Fixtures.defaultSchema

    /// A database of `documents` generated documents, each span rated and approved by "gold"
    /// (bulk SQL, as the benchmark's gold setup), the documents approved too.
    private func corpus(documents: Int) throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        var generator = CorpusGenerator(seed: 7)
        _ = try ImportHelpers.importLines((0..<documents).map { generator.nextLine(index: $0) }, into: database, in: try TemporaryDirectory())
        try database.write { db in
            try db.execute(sql: "INSERT INTO reviewer (name, role, created_at) VALUES ('gold', 'reviewer', 'now')")
            try db.execute(sql: """
                INSERT INTO rating (span_id, reviewer_id, dimension, value, updated_at)
                SELECT s.id, r.id, dims.dimension, 4, 'now' FROM span s JOIN reviewer r ON r.name = 'gold'
                JOIN (SELECT 'honesty' AS dimension UNION ALL SELECT 'care' UNION ALL SELECT 'harmlessness') dims
                WHERE s.owner_id IS NULL AND s.deleted = 0
                """)
            try db.execute(sql: """
                INSERT INTO span_review (span_id, reviewer_id, decision, updated_at)
                SELECT s.id, r.id, 'approved', 'now' FROM span s JOIN reviewer r ON r.name = 'gold' WHERE s.owner_id IS NULL AND s.deleted = 0
                """)
            try db.execute(sql: """
                INSERT INTO document_review (document_id, reviewer_id, decision, updated_at)
                SELECT d.id, r.id, 'approved', 'now' FROM document d JOIN reviewer r ON r.name = 'gold'
                """)
        }
        return database
    }

    private func traced<T>(_ database: AppDatabase, _ body: () throws -> T) throws -> (T, StatementTrace) {
        let trace = StatementTrace()
        try database.writeWithoutTransaction { db in trace.start(db) }
        defer { try? database.writeWithoutTransaction { db in trace.stop(db) } }
        return (try body(), trace)
    }

    @Test func explore() throws {
        let database = try corpus(documents: 50)
        for round in 0..<2 {
            let document = try #require(try database.workingDocument(id: 1, for: "ada"))
            let editor = SpanEditor(schema: schema, annotated: document.annotated)
            let move = try editor.apply(.moveEdge(span: 0, edge: .end, direction: round == 0 ? .backward : .forward, unit: .character)).get()
            let (_, trace) = try traced(database) { try database.applyEdit(move, named: "boundary", to: document, by: "ada", schema: schema) }
            print("BOUNDARY \(round): \(trace.statements.count) statements, \(trace.triggerStatements) in triggers, \(trace.steps) steps, \(trace.fullScanSteps) in scans\n\(trace.description)")
        }
        for round in 0..<2 {
            let document = try #require(try database.workingDocument(id: 1, for: "ada"))
            let editor = SpanEditor(schema: schema, annotated: document.annotated)
            let relabel = try editor.apply(.relabel(span: 0, label: document.spans[0].label == "human" ? "ai" : "human")).get()
            let (_, trace) = try traced(database) { try database.applyEdit(relabel, named: "relabel", to: document, by: "ada", schema: schema) }
            print("RELABEL \(round): \(trace.statements.count) statements, \(trace.triggerStatements) in triggers, \(trace.steps) steps, \(trace.fullScanSteps) in scans\n\(trace.description)")
        }
        let (_, trace) = try traced(database) { try database.undo(in: 1, by: "ada", schema: schema) }
        print("UNDO: \(trace.statements.count) statements, \(trace.triggerStatements) in triggers, \(trace.steps) steps, \(trace.fullScanSteps) in scans\n\(trace.description)")
    }
}
