import Foundation
import GRDB
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// The committed sample database must be exactly what importing the committed JSONL gives.
@Suite struct SampleDatabaseTests {
    private struct Content: Hashable {
        var documents: [[String]]
        var spans: [[String]]
    }

    private func content(of database: AppDatabase) throws -> Content {
        try database.read { db in
            let documents = try Row.fetchAll(db, sql: """
                SELECT external_id, text, length, source, stage, meta, content_hash, status, span_count, problem_count
                FROM document ORDER BY external_id
                """).map { row in Array(row.databaseValues.map(\.description)) }
            let spans = try Row.fetchAll(db, sql: """
                SELECT d.external_id, s.start, s."end", s.label, s.depth, s.deleted
                FROM span s JOIN document d ON d.id = s.document_id ORDER BY d.external_id, s.start, s."end" DESC, s.depth
                """).map { row in Array(row.databaseValues.map(\.description)) }
            return Content(documents: documents, spans: spans)
        }
    }

    @Test func theCommittedDatabaseMatchesAFreshImportOfTheCorpus() throws {
        // A copy: opening an older committed file would migrate it in place, in the repository.
        let directory = try TemporaryDirectory()
        let committed = try AppDatabase.open(path: try Fixtures.sampleCopy(in: directory), readOnly: true)
        let fresh = try AppDatabase.inMemory()
        let summary = try Importer(database: fresh, schema: Fixtures.defaultSchema, reviewer: "test")
            .run(path: Fixtures.repositoryFile("sample-db/sample.jsonl").path)
        #expect(summary.rejected == 0)
        #expect(summary.imported >= 40)
        let expected = try content(of: fresh)
        let actual = try content(of: committed)
        #expect(actual.documents.count == expected.documents.count)
        #expect(actual == expected, "rebuild it with sample-db/rebuild.sh")
    }

    @Test func theCorpusCoversWhatReviewersNeedToPractiseOn() throws {
        let database = try AppDatabase.inMemory()
        _ = try Importer(database: database, schema: Fixtures.defaultSchema, reviewer: "test")
            .run(path: Fixtures.repositoryFile("sample-db/sample.jsonl").path)
        let stats = try database.stats()
        #expect(Set(stats.byStage.compactMap(\.stage)).count >= 3)
        #expect(stats.spansByLabel["human", default: 0] > 0 && stats.spansByLabel["ai", default: 0] > 0)
        #expect(stats.spansByLabel["quote", default: 0] >= 5)
        #expect(stats.documentsWithProblems >= 4)
        let texts = try database.read { db in try String.fetchAll(db, sql: "SELECT text FROM document") }
        #expect(texts.contains { $0.unicodeScalars.contains { $0.value >= 0x3040 && $0.value <= 0x9FFF } })
        #expect(texts.contains { $0.unicodeScalars.contains { $0.properties.isEmojiPresentation } })
    }
}
