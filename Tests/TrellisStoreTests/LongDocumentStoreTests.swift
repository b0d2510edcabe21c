import Foundation
import GRDB
import GRDBSQLite
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// What the SQLite store reads and writes for a long document: a bounded number of rows whatever
/// its length, its text from pieces kept by triggers, and pieces made for documents already there
/// when `v16-text-chunks` runs.
@Suite struct LongDocumentStoreTests {
    let directory: TemporaryDirectory
    let schema = Fixtures.defaultSchema

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// Rows SQLite hands back (every statement's result rows, `SQLITE_TRACE_ROW`) while `body` runs.
    private func rowsFetched<T>(_ database: AppDatabase, _ body: () throws -> T) throws -> (T, Int) {
        let counter = RowCounter()
        let context = Unmanaged.passRetained(counter)
        defer { context.release() }
        try database.write { db in
            _ = sqlite3_trace_v2(db.sqliteConnection, UInt32(SQLITE_TRACE_ROW), { _, context, _, _ in
                Unmanaged<RowCounter>.fromOpaque(context!).takeUnretainedValue().rows += 1
                return 0
            }, context.toOpaque())
        }
        defer { _ = try? database.write { db in sqlite3_trace_v2(db.sqliteConnection, 0, nil, nil) } }
        counter.rows = 0
        let value = try body()
        return (value, counter.rows)
    }

    @Test func openingAndEditingADocumentOf200kSpansReadsABoundedNumberOfRows() throws {
        let database = try AppDatabase.inMemory()
        let spans = 200_000
        _ = try ImportHelpers.importLines([LongDocumentGenerator.line(id: "huge", spans: spans)], into: database, in: directory)
        let store = SQLiteReviewStore(database: database, schema: schema)
        let id = try #require(try database.documentID(named: "huge"))
        let (opened, openRows) = try rowsFetched(database) { try store.workingDocument(id: id, for: "ada", near: nil) }
        let document = try #require(opened)
        let window = try #require(document.window)
        #expect(window.spanCount >= spans)
        #expect(openRows < 2_000, "opening read \(openRows) rows for a window of \(document.spans.count) spans")
        let (middle, middleRows) = try rowsFetched(database) { try store.workingDocument(id: id, for: "ada", near: window.length / 2) }
        #expect(middleRows < 2_000, "moving the window read \(middleRows) rows")
        let part = try #require(middle)
        let human = try #require(part.spans.firstIndex { $0.label == "human" })
        let result = try SpanEditor(schema: schema, annotated: part.annotated).apply(.relabel(span: human, label: "ai")).get()
        let (saved, editRows) = try rowsFetched(database) { try store.applyEdit(result, named: "relabel", to: part, by: "ada") }
        #expect(editRows < 4_000, "an edit read \(editRows) rows")
        let (_, undoRows) = try rowsFetched(database) { try store.undo(in: id, by: "ada") }
        #expect(undoRows < 4_000, "undo read \(undoRows) rows")
        let (_, rateRows) = try rowsFetched(database) {
            try store.review(.rate(spanID: saved.spans[human].id, dimension: "honesty", value: 4), in: id, by: "ada")
        }
        #expect(rateRows < 4_000, "a rating read \(rateRows) rows")
        // The list's counts are the document's, whole.
        let row = try #require(try store.documentPage(filter: .all, after: nil, before: nil, limit: 1, viewer: "ada").first)
        let whole = try #require(try database.document(id: id))
        #expect(row.spanCount == whole.spans.count)
        #expect(row.problemCount == Validator(schema: schema).violations(in: whole.annotated).count)
    }

    @Test func textChunksAreKeptByTriggersAndMadeForDocumentsAlreadyThere() throws {
        let long = LongDocumentGenerator.line(id: "long", spans: 100_000)
        let short = ImportHelpers.line(id: "short", text: "<human>Hello.</human>")
        let text = try ModelFixtures.input(long).annotated
        #expect(text.scalars.count > AppDatabase.textChunkLength, "the document is longer than a piece")
        func pieces(_ database: AppDatabase) throws -> [Int64: String] {
            try database.read { db in
                var joined: [Int64: String] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT document_id, text FROM document_text_chunk ORDER BY document_id, start") {
                    joined[row["document_id"], default: ""] += (row["text"] as String)
                }
                return joined
            }
        }
        // A database stopped before v16, with the documents in it, then migrated.
        let path = directory.path("old.sqlite")
        let old = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(old, upTo: "v14-audits")
        try old.write { db in
            for (name, annotated) in [("long", text), ("short", try ModelFixtures.input(short).annotated)] {
                try db.execute(sql: """
                    INSERT INTO document (external_id, text, length, content_hash, span_count, imported_at, updated_at)
                    VALUES (?, ?, ?, 'h', 0, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
                    """, arguments: [name, annotated.text, annotated.scalars.count])
            }
        }
        try old.close()
        let database = try AppDatabase.open(path: path)
        let id = try #require(try database.documentID(named: "long"))
        #expect(try pieces(database) == [id: text.text], "the migration cut the long document already there, not the short one")
        // Deleting a document drops its pieces; importing one makes them, re-importing changed text replaces them.
        try database.write { db in try db.execute(sql: "DELETE FROM document WHERE id = ?", arguments: [id]) }
        #expect(try pieces(database).isEmpty)
        _ = try ImportHelpers.importLines([long], into: database, in: directory)
        let imported = try #require(try database.documentID(named: "long"))
        #expect(try pieces(database) == [imported: text.text])
        let changed = LongDocumentGenerator.line(id: "long", spans: 100_002)
        _ = try ImportHelpers.importLines([changed], into: database, in: directory, name: "again.jsonl", options: ImportOptions(onChanged: .replace))
        let now = try ModelFixtures.input(changed).annotated
        #expect(try pieces(database) == [imported: now.text])
        let part = try #require(try database.workingDocument(id: imported, for: "ada", near: now.scalars.count - 10))
        let window = try #require(part.window)
        #expect(part.record.text == now.text(in: window.text), "the window's text comes from the pieces")
    }

    /// Each statement that reads a column after a long document's text walks the text's overflow
    /// pages (hundreds of page reads at a million spans): an edit of a long document, its answer
    /// included, reads the document's row once, in the `UPDATE` that moves its counts.
    @Test func anEditOfALongDocumentReadsItsRowOnce() throws {
        let database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines([LongDocumentGenerator.line(id: "long", spans: 100_000)], into: database, in: directory)
        let id = try #require(try database.documentID(named: "long"))
        let document = try #require(try database.workingDocument(id: id, for: "ada", near: 150_000))
        #expect(document.window != nil)
        let human = try #require(document.spans.firstIndex { $0.label == "human" })
        for edit in [SpanEdit.relabel(span: human, label: "ai"), .moveEdge(span: human, edge: .end, direction: .backward, unit: .character)] {
            let seen = try #require(try database.workingDocument(id: id, for: "ada", near: 150_000))
            let result = try SpanEditor(schema: schema, annotated: seen.annotated).apply(edit).get()
            let trace = StatementTrace()
            try database.writeWithoutTransaction { db in trace.start(db) }
            let saved = try database.applyEdit(result, named: edit.name, to: seen, by: "ada", schema: schema)
            try database.writeWithoutTransaction { db in trace.stop(db) }
            let rowReads = (trace.statements.map(\.sql) + trace.statements.flatMap(\.triggered))
                .filter { $0.range(of: #"(FROM|UPDATE|JOIN) document\b(?!_)"#, options: .regularExpression) != nil }
            #expect(rowReads.count == 1 && rowReads.first?.hasPrefix("UPDATE document") == true, "\(edit.name): \(rowReads)")
            #expect(saved.window != nil && saved.record.revision == seen.record.revision + 1)
        }
    }

    /// A long text read from its pieces is the text, whatever the width of its code points and
    /// wherever a range falls against the pieces' edges; a text whose pieces do not add up (a NUL,
    /// where SQLite's `substr` stops) is read whole instead.
    @Test(arguments: [false, true]) func textFromPiecesIsTheTextAtEveryEdge(withNUL: Bool) throws {
        let database = try AppDatabase.inMemory()
        let unit = "<human>漢字 é🙂 a\u{301}b</human> <ai>plain words</ai> "
        var body = String(repeating: unit, count: 30_000)
        if withNUL { body = body.replacingOccurrences(of: "plain", with: "pl\u{0}in") }
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "wide", text: body)], into: database, in: directory)
        let id = try #require(try database.documentID(named: "wide"))
        let whole = try #require(try database.document(id: id)).annotated
        let length = whole.scalars.count, chunk = AppDatabase.textChunkLength
        #expect(length > 2 * chunk, "three pieces or more")
        for range in [0..<10, (chunk - 5)..<(chunk + 5), (chunk - 1)..<chunk, chunk..<(chunk + 1), 3..<(2 * chunk + 7), (length - 9)..<length, (2 * chunk)..<length] {
            let text = try database.read { db in try AppDatabase.text(of: id, in: range, length: length, in: db) }
            #expect(text == whole.text(in: range), "\(range)")
        }
    }
}

/// Rows counted by a trace callback.
private final class RowCounter {
    var rows = 0
}
