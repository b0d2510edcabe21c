import GRDB
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// Span rows go in `INSERT OR FAIL` chunks, which do not undo their own earlier rows: the
/// transaction around them must.
@Suite struct SpanRowInserterTests {
    @Test func aChunkThatFailsLeavesNothingOnceItsTransactionRollsBack() throws {
        let directory = try TemporaryDirectory()
        let database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "d", text: "<ai>abc</ai>")], into: database, in: directory)
        let spanCount = { try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM span")! } }
        #expect(try spanCount() == 1)

        #expect(throws: DatabaseError.self) {
            try database.write { db in
                let documentID = try Int64.fetchOne(db, sql: "SELECT id FROM document")!
                var inserter = try SpanRowInserter(in: db)
                try inserter.append([Span(start: 0, end: 1, label: "human"), Span(start: 2, end: 1, label: "human")], documentID: documentID)  // the second breaks the CHECK
                try inserter.finish()
            }
        }
        #expect(try spanCount() == 1)
    }
}
