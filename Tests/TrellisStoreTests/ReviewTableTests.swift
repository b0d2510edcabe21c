import GRDB
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// `span_review` and `document_review` keep a decision, a note and the state they were made on by
/// one rule (`ReviewTable`): what is saved reads back, a later save replaces it, and a review with
/// neither a decision nor a note is no row at all.
@Suite struct ReviewTableTests {
    @Test(arguments: [ReviewTable.span, .document])
    func aReviewIsSavedReadBackReplacedAndRemoved(_ table: ReviewTable) throws {
        let database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "d", text: "<human>Hi.</human> <ai>Hello.</ai>")], into: database, in: try TemporaryDirectory())
        let document = try #require(try database.document(externalID: "d"))
        let subject = table == .span ? document.spans[1].id : document.record.id
        let ada = try database.reviewer(named: "ada").id
        try database.write { db in
            #expect(try table.review(of: subject, by: ada, in: db) == (nil, nil, nil))
            try table.save(of: subject, by: ada, decision: "approved", note: "fine", seen: 7, at: "2026-01-01T00:00:00Z", in: db)
            #expect(try table.review(of: subject, by: ada, in: db) == ("approved", "fine", 7))
            try table.save(of: subject, by: ada, decision: nil, note: "on second thoughts", seen: nil, at: "2026-01-01T00:00:01Z", in: db)
            #expect(try table.review(of: subject, by: ada, in: db) == (nil, "on second thoughts", nil))
            try table.save(of: subject, by: ada, decision: nil, note: nil, seen: nil, at: "2026-01-01T00:00:02Z", in: db)
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table.rawValue)") == 0)
        }
    }
}
