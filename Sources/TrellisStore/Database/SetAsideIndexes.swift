import GRDB
import Synchronization

/// The indexes of the document table that hold an entry for every document, set aside while a
/// new database is built (``NewDatabaseBuild``) and created again once the rows are in: each is
/// then built in one pass over the table instead of having every document's entry put in its
/// place as it comes (entries ordered by name land all over the index, and the pages they touch
/// crowd SQLite's small cache: 1 s of a 100k-document import's writing thread, against 0.15 s to
/// build them at the end).
///
/// Not set aside: the index of the `UNIQUE` id (import looks ids up through it), partial indexes
/// (few documents have entries) and the span table's (its entries arrive in the index's order, so
/// SQLite only appends; building `span_by_document` at the end cost more than keeping it).
///
/// Their definitions are read from the schema when set aside, so whatever the migrations made is
/// what is put back. They are put back by the build's `finish()`, or before an import changes a
/// document stored earlier in the same build (a replacing import of a second file), which reads
/// through them.
final class SetAsideIndexes: Sendable {
    /// Name and definition of each index set aside; empty once put back.
    private let indexes = Mutex<[(name: String, sql: String)]>([])

    /// Drops the indexes, keeping their definitions.
    func setAside(in db: Database) throws {
        let found = try Row.fetchAll(db, sql: """
            SELECT l.name, m.sql FROM pragma_index_list('document') l JOIN sqlite_master m ON m.type = 'index' AND m.name = l.name
            WHERE l.origin = 'c' AND l.partial = 0 ORDER BY l.name
            """).map { (name: $0[0] as String, sql: $0[1] as String) }
        for index in found { try db.execute(sql: "DROP INDEX \(index.name.quotedDatabaseIdentifier)") }
        indexes.withLock { $0 += found }
    }

    /// Creates the indexes set aside, if they are not back yet.
    func putBack(in db: Database) throws {
        let pending = indexes.withLock { $0 }
        for index in pending { try db.execute(sql: index.sql) }
        indexes.withLock { $0.removeAll() }
    }
}
