import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// A long document's text lives in its pieces only (`v26-text-in-pieces`): its row keeps `''`, so
/// an edit's `UPDATE` of the row's counts and revision stays small; every reader gets the text
/// whole all the same, and a database from before is converted with nothing lost.
@Suite struct LongTextInPiecesTests {
    let directory: TemporaryDirectory
    let schema = Fixtures.defaultSchema

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// The bytes of the document row's own text column.
    private func rowTextBytes(_ id: Int64, in database: AppDatabase) throws -> Int? {
        try database.read { db in try Int.fetchOne(db, sql: "SELECT length(CAST(text AS BLOB)) FROM document WHERE id = ?", arguments: [id]) }
    }

    @Test func aLongTextLivesInItsPiecesOnlyAndEveryReaderGetsItWhole() throws {
        let database = try AppDatabase.inMemory()
        let long = LongDocumentGenerator.line(id: "long", spans: 100_000)
        let text = try ModelFixtures.input(long).annotated.text
        _ = try ImportHelpers.importLines([long, ImportHelpers.line(id: "short", text: "<human>Hello.</human>")], into: database, in: directory)
        let id = try #require(try database.documentID(named: "long"))
        let short = try #require(try database.documentID(named: "short"))
        #expect(try rowTextBytes(id, in: database) == 0, "the long text left the row")
        #expect(try rowTextBytes(short, in: database) == 6, "a short text stays in the row")
        #expect(try database.document(id: id)?.record.text == text)
        var walked: [String: String] = [:]
        try database.forEachDocument { walked[$0.record.externalId] = $0.record.text }
        #expect(walked == ["long": text, "short": "Hello."])
        let store = SQLiteReviewStore(database: database, schema: schema)
        let rows = try store.documentPage(filter: .all, after: nil, before: nil, limit: 10, viewer: "ada")
        let preview = try #require(rows.first { $0.externalId == "long" }?.preview)
        #expect(!preview.isEmpty && text.hasPrefix(String(preview.prefix(20))), "the list previews the first piece")
        // The list's text search (without the index) reads the text whole: a word near its end.
        let tail = String(text.suffix(40).split(separator: " ").dropLast().last ?? "")
        let found = try database.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM document WHERE trellis_contains(\(AppDatabase.textSQL()), ?)", arguments: [tail])
        }
        #expect(!tail.isEmpty && found.contains(id))
    }

    @Test func anEditOfALongDocumentWritesASmallRowAndAStaleEditIsStillRefused() throws {
        let database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines([LongDocumentGenerator.line(id: "long", spans: 100_000)], into: database, in: directory)
        let id = try #require(try database.documentID(named: "long"))
        let seen = try #require(try database.workingDocument(id: id, for: "ada", near: 150_000))
        let human = try #require(seen.spans.firstIndex { $0.label == "human" })
        let result = try SpanEditor(schema: schema, annotated: seen.annotated).apply(.relabel(span: human, label: "ai")).get()
        let saved = try database.applyEdit(result, named: "relabel", to: seen, by: "ada", schema: schema)
        #expect(saved.record.revision == seen.record.revision + 1)
        let whole = try #require(try database.document(id: id))
        #expect(saved.record.text == whole.annotated.text(in: try #require(saved.window).text), "the window's text still comes from the pieces")
        #expect(try rowTextBytes(id, in: database) == 0, "the edit left the text out of the row")
        // Another edit made on what was seen before the first is refused, and changes nothing.
        let afterFirst = try #require(try database.workingDocument(id: id, for: "ada", near: 150_000))
        let other = try SpanEditor(schema: schema, annotated: seen.annotated).apply(.moveEdge(span: human, edge: .end, direction: .backward, unit: .character)).get()
        #expect(throws: StoreError.self) { try database.applyEdit(other, named: "move", to: seen, by: "bob", schema: schema) }
        let now = try #require(try database.workingDocument(id: id, for: "ada", near: 150_000))
        #expect(now.record.revision == saved.record.revision && now.spans == afterFirst.spans)
    }

    @Test func reimportingMovesTheTextBetweenRowAndPiecesAndHistoryKeepsTheOldTextWhole() throws {
        let database = try AppDatabase.inMemory()
        let long = LongDocumentGenerator.line(id: "doc", spans: 100_000)
        let old = try ModelFixtures.input(long).annotated.text
        _ = try ImportHelpers.importLines([long], into: database, in: directory)
        let id = try #require(try database.documentID(named: "doc"))
        let longer = LongDocumentGenerator.line(id: "doc", spans: 100_002)
        _ = try ImportHelpers.importLines([longer], into: database, in: directory, name: "b.jsonl", options: ImportOptions(onChanged: .replace))
        #expect(try rowTextBytes(id, in: database) == 0)
        #expect(try database.document(id: id)?.record.text == ModelFixtures.input(longer).annotated.text)
        let before = try database.read { db in
            try String.fetchOne(db, sql: "SELECT before FROM history WHERE document_id = ? AND action = 'reimport' ORDER BY id LIMIT 1", arguments: [id])
        }
        #expect(try #require(before).contains(String(old.suffix(30)).jsonEscapedForTest), "the history's before holds the old text whole")
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "doc", text: "<ai>Short now.</ai>")], into: database, in: directory,
                                          name: "c.jsonl", options: ImportOptions(onChanged: .replace))
        #expect(try rowTextBytes(id, in: database) == 10)
        #expect(try database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM document_text_chunk") } == 0)
        #expect(try database.document(id: id)?.record.text == "Short now.")
    }

    /// The gold reader, behind every export, reads a long text whole from its pieces.
    @Test func anExportWritesALongTextWhole() throws {
        let database = try AppDatabase.inMemory()
        let words = String(repeating: "plain words ", count: 30_000)
        let tagged = "<human>Hello there.</human> <ai>\(words)end.</ai>"
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "long", text: tagged)], into: database, in: directory)
        let id = try #require(try database.documentID(named: "long"))
        #expect(try rowTextBytes(id, in: database) == 0)
        try ReviewHelpers.judgeAll("long", in: database, by: "ada")
        try ReviewHelpers.decideDocument("long", in: database, by: "ada")
        let path = directory.path("train.jsonl")
        var options = ExportOptions(format: .train, policy: GoldPolicy(rubric: Fixtures.defaultRubric))
        options.spanRuns = false
        let summary = try Exporter(database: database, schema: schema, rubric: Fixtures.defaultRubric, options: options).run(to: path)
        #expect(summary.records == 1)
        let record = try JSONParser.parse(Array(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")[0].utf8))
        #expect(record["text"]?.stringValue == tagged)
    }

    @Test func aLongTextWithANULStaysInTheRow() throws {
        let database = try AppDatabase.inMemory()
        let body = String(repeating: "<human>pl\u{0}in words here</human> <ai>more words</ai> ", count: 12_000)
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "nul", text: body)], into: database, in: directory)
        let id = try #require(try database.documentID(named: "nul"))
        let document = try #require(try database.document(id: id))
        #expect(document.record.length > AppDatabase.textChunkLength)
        #expect(try rowTextBytes(id, in: database) == document.record.text.utf8.count, "pieces cut at a NUL cannot hold it: the row keeps it")
        #expect(document.record.text.unicodeScalars.count == document.record.length)
    }

    /// A database at v25 with a long document (its text in the row and in pieces), a short one,
    /// spans, judgements and history: after `v26-text-in-pieces` every table holds what it held
    /// (the document's text read through its one home), the long row's text is empty, and the
    /// triggers' totals and the quality cache's changes did not move.
    @Test func aDatabaseFromV25IsConvertedWithNothingLost() throws {
        let path = directory.path("v25.sqlite")
        let old = try DatabaseQueue(path: path)
        try AppDatabase.migrator.migrate(old, upTo: "v25-resume-offset")
        let long = try ModelFixtures.input(LongDocumentGenerator.line(id: "long", spans: 100_000)).annotated
        try old.write { db in
            try db.execute(sql: "INSERT INTO reviewer (name, role, created_at) VALUES ('ada', 'reviewer', '2026-01-01T00:00:00.000Z')")
            for (name, text, length) in [("long", long.text, long.scalars.count), ("short", "Hello", 5)] {
                try db.execute(sql: """
                    INSERT INTO document (external_id, text, length, content_hash, span_count, problem_count, status, imported_at, updated_at)
                    VALUES (?, ?, ?, 'h', 2, 1, 'in-progress', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')
                    """, arguments: [name, text, length])
            }
            try db.execute(sql: """
                INSERT INTO span (document_id, start, "end", label) VALUES (1, 0, 5, 'ai'), (1, 5, 9, 'human'), (2, 0, 5, 'ai'), (2, 0, 2, 'quote');
                INSERT INTO span_review (span_id, reviewer_id, decision, updated_at) VALUES (1, 1, 'approved', '2026-01-01T00:00:00.000Z');
                INSERT INTO rating (span_id, reviewer_id, dimension, value, updated_at) VALUES (3, 1, 'honesty', 4, '2026-01-01T00:00:00.000Z');
                INSERT INTO document_review (document_id, reviewer_id, decision, updated_at) VALUES (1, 1, 'flagged', '2026-01-01T00:00:00.000Z');
                INSERT INTO history (document_id, span_id, reviewer_id, at, action, before, after)
                VALUES (1, 2, 1, '2026-01-01T00:00:00.000Z', 'relabel', '{}', '{}');
                """)
        }
        #expect(try old.read { db in try Int.fetchOne(db, sql: "SELECT length(text) FROM document WHERE id = 1") } == long.scalars.count)
        let before = try old.read { db in try Self.contents(db) }
        try old.close()
        let database = try AppDatabase.open(path: path)
        let after = try database.read { db in try Self.contents(db) }
        #expect(Set(before.keys) == Set(after.keys).subtracting(["version_state", "carried_document_state"]), "tables of later migrations aside")
        for (table, rows) in before { #expect(after[table] == rows, "\(table)") }
        #expect(try rowTextBytes(1, in: database) == 0)
        #expect(try rowTextBytes(2, in: database) == 5)
        #expect(try database.document(id: 1)?.record.text == long.text)
        // The converted document is edited and re-imported like any other.
        let totals = try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM document_total ORDER BY 1, 2, 3") }
        try database.write { db in try db.execute(sql: "UPDATE document SET span_count = span_count + 1 WHERE id = 1") }
        #expect(try database.read { db in try Row.fetchAll(db, sql: "SELECT * FROM document_total ORDER BY 1, 2, 3") } != totals)
        #expect(try rowTextBytes(1, in: database) == 0)
    }

    /// Every table's rows (migrations' own bookkeeping aside), the document's through
    /// ``AppDatabase/documentColumns`` (its text whole wherever it lives).
    private static func contents(_ db: Database) throws -> [String: [String]] {
        let tables = try String.fetchAll(db, sql: """
            SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'grdb_migrations' ORDER BY name
            """)
        var contents: [String: [String]] = [:]
        for table in tables {
            let sql = table == "document" ? "SELECT \(AppDatabase.documentColumns) FROM document" : "SELECT * FROM \"\(table)\""
            contents[table] = try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map(\.description).joined(separator: "|") }.sorted()
        }
        return contents
    }
}

private extension String {
    /// The string as it appears inside a JSON string (quotes and backslashes escaped).
    var jsonEscapedForTest: String {
        replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}
