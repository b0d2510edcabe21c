import GRDB
import Testing
@testable import TrellisStore
import TrellisModel
import TrellisTestSupport

/// Agreement reads the ratings of independent versions through `span_by_document` without
/// naming it: the plan is checked here, and a changed index slows the query, never breaks it.
@Suite struct VersionRatingsTests {
    let directory: TemporaryDirectory
    let database: AppDatabase
    let documents: [Int64]

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.open(path: directory.path("versions.sqlite"))
        let lines = (1...3).map { ImportHelpers.line(id: "d\($0)", text: "<human>Hello \($0).</human> <ai>Hi there, friend.</ai>") }
        _ = try ImportHelpers.importLines(lines, into: database, in: directory)
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 1), by: "lead")
        documents = try database.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM document ORDER BY id") }
        for (index, id) in documents.enumerated() {
            for reviewer in ["ada", "bo"] {
                let version = try #require(try database.workingDocument(id: id, for: reviewer))
                _ = try database.rate(span: version.spans[0].id, in: id, dimension: "honesty", value: index + 2, by: reviewer, schema: Fixtures.defaultSchema)
            }
        }
    }

    private func ratings() throws -> [SpanRating] {
        try database.read { db in
            try AppDatabase.versionRatings(of: documents, spanIDs: 1...Int64.max, in: db).sorted { ($0.spanId, $0.reviewer) < ($1.spanId, $1.reviewer) }
        }
    }

    @Test func theQueryReadsLiveVersionSpansFromTheirIndex() throws {
        let plan = try database.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + AppDatabase.versionRatingsQuery(documents: 3), arguments: [1, 2, 3])
                .map { $0["detail"] as String }.joined(separator: "; ")
        }
        #expect(plan.contains("SEARCH s USING INDEX span_by_document"), "\(plan)")
        #expect(!plan.contains("span_versions"), "span_versions would read every span row to check `deleted`: \(plan)")
        #expect(!plan.contains("SCAN"), "\(plan)")
    }

    @Test func aRenamedIndexSlowsTheQueryButDoesNotBreakIt() throws {
        let before = try ratings()
        #expect(before.count == 6)
        #expect(Set(before.map(\.value)) == [2, 3, 4])
        try database.write { db in
            let definition = try #require(try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'span_by_document'"))
            try db.execute(sql: "DROP INDEX span_by_document")
            try db.execute(sql: definition.replacingOccurrences(of: "span_by_document", with: "span_by_document_renamed"))
        }
        #expect(try ratings() == before)
    }
}
