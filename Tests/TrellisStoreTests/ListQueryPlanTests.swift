import GRDB
import Testing
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// The list's pages read an index that holds only what the filter asks for.
@Suite struct ListQueryPlanTests {
    /// The plans of the statements `body` runs that read the document table, joined.
    private func plans(in database: AppDatabase, _ body: () throws -> Void) throws -> String {
        nonisolated(unsafe) var statements: [String] = []
        try database.writeWithoutTransaction { db in
            db.trace { event in
                if case .statement(let statement) = event, statement.sql.contains("FROM document") { statements.append(statement.sql) }
            }
        }
        try body()
        try database.writeWithoutTransaction { db in db.trace(options: [], nil) }
        return try database.read { db in
            try statements.map { sql in
                let placeholders = sql.filter { $0 == "?" }.count
                return try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments([Int](repeating: 1, count: placeholders)))
                    .map { $0["detail"] as String }.joined(separator: "; ")
            }.joined(separator: " | ")
        }
    }

    @Test func aStageWithProblemsReadsOnlyItsDocumentsWithProblems() throws {
        let database = try AppDatabase.inMemory()
        let directory = try TemporaryDirectory()
        _ = try ImportHelpers.importLines((0..<20).map { ImportHelpers.line(id: "d\($0)", text: $0 == 7 ? "<ai>Broken</ai> <ai>twice</ai>" : "<human>Hi.</human>", stage: $0 % 2) },
                                         into: database, in: directory)
        var rows: [DocumentSummary] = []
        let plan = try plans(in: database) {
            rows = try database.documentPage(filter: DocumentFilter(stage: 1, onlyWithProblems: true), limit: 10)
        }
        #expect(rows.map(\.externalId) == ["d7"])
        #expect(plan.contains("USING INDEX document_with_problems_by_stage"), "\(plan)")
    }
}
