import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// What import derives from the documents it writes (the search index, built on a thread of its
/// own; the running totals and mode tokens, added per document; the machine versions, encoded
/// while decoding) is the same whether a corpus is imported in one go or in several runs, and the
/// same as what is rebuilt or recounted from scratch afterwards.
@Suite struct ImportDerivedTablesTests {
    private func lines(_ range: Range<Int>) -> [String] {
        let texts = ["<human>Hi there.</human> <ai>Hello <quote>you</quote>, \u{65E5}\u{672C}.</ai> <human>Bye.</human>",
                     "<human>Rain again in Reykjav\u{ED}k.</human> <ai>Take an umbrella.</ai> <ai>Or two.</ai>",
                     "<ai>Only me, number</ai>"]
        return range.map { ImportHelpers.line(id: "d\($0)", text: texts[$0 % texts.count] + " \($0)", stage: $0 % 4 == 0 ? nil : $0 % 4) }
    }

    /// Every derived table's rows, as text, in a stable order.
    private func derived(_ database: AppDatabase) throws -> [String: [String]] {
        try database.read { db in
            var tables: [String: [String]] = [:]
            for (name, sql) in [
                ("search_gram", "SELECT chunk, bucket, hex(blocks) FROM search_gram ORDER BY chunk, bucket"),
                ("search_progress", "SELECT indexed_through FROM search_progress"),
                ("search_token", "SELECT token, block FROM search_token ORDER BY token, block"),
                ("document_total", "SELECT stage, status, with_problems, documents, spans FROM document_total WHERE documents > 0 ORDER BY 1, 2, 3"),
                ("span_total", "SELECT label, spans FROM span_total WHERE spans > 0 ORDER BY label"),
                ("machine_version", "SELECT d.external_id, m.version, m.rewriter, hex(m.spans) FROM machine_version m JOIN document d ON d.id = m.document_id ORDER BY d.external_id"),
            ] {
                tables[name] = try Row.fetchAll(db, sql: sql).map { row in row.databaseValues.map(\.description).joined(separator: "|") }
            }
            return tables
        }
    }

    @Test func aCorpusImportedInOneGoEqualsOneImportedInSeveralRunsAndARebuild() throws {
        // Batches of 7 documents, so that the index's thread gets many batches; one rewriter
        // whatever the file is called.
        let options = ImportOptions(batchSize: 7, rewriter: "machine")
        let whole = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines(lines(0..<200), into: whole, in: try TemporaryDirectory(), options: options)
        let parts = try AppDatabase.inMemory()
        let directory = try TemporaryDirectory()
        for (index, range) in [0..<3, 3..<90, 90..<91, 91..<200].enumerated() {
            _ = try ImportHelpers.importLines(lines(range), into: parts, in: directory, name: "part\(index).jsonl", options: options)
        }
        let imported = try derived(whole)
        #expect(imported["search_gram"]?.isEmpty == false)
        #expect(imported["search_progress"] == ["200"])
        #expect(imported["machine_version"]?.count == 200)
        let inParts = try derived(parts)
        for (table, rows) in imported { #expect(inParts[table] == rows, "\(table)") }
        // Rebuilt and recounted from the documents as they are: the same rows.
        try whole.rebuildSearchIndex()
        try whole.write { db in try RunningTotals.recount(in: db) }
        #expect(try derived(whole) == imported)
        #expect(try whole.read { db in try RunningTotals.differences(in: db) }.isEmpty)
    }

    /// The index's thread fills chunk after chunk as the writer would, batches crossing chunks.
    @Test func theIndexThreadWritesWhatTheWriterWrites() throws {
        let chunk = Int64(SearchChunkBits.blocksPerChunk) * SearchChunkBits.documentsPerBlock
        let ids = Array(1...40) + Array(chunk - 20...chunk + 30) + Array(2 * chunk + 500...2 * chunk + 540)
        let documents = ids.map { SearchIndexPipeline.Document(id: $0, externalID: "doc-\($0)", text: "words \($0 * 7919 % 1000) and \($0)") }
        let rows = { (database: AppDatabase) in
            try database.read { db in
                (try Row.fetchAll(db, sql: "SELECT chunk, bucket, blocks FROM search_gram ORDER BY chunk, bucket"), try SearchIndex.indexedThrough(in: db))
            }
        }
        let byWriter = try AppDatabase.inMemory()
        try byWriter.write { db in
            var writer = SearchIndexWriter()
            for document in documents { try writer.add(id: document.id, externalID: document.externalID, text: document.text, in: db) }
            try writer.flush(in: db)
        }
        let byThread = try AppDatabase.inMemory()
        let pipeline = SearchIndexPipeline()
        for start in stride(from: 0, to: documents.count, by: 9) {
            try byThread.write { db in try pipeline.writeFinished(in: db) }
            pipeline.add(Array(documents[start..<min(documents.count, start + 9)]))
        }
        try byThread.write { db in try pipeline.finish(in: db) }
        let (expected, covered) = try rows(byWriter)
        #expect(expected.count > 100)
        #expect(covered == ids.last)
        let (found, foundCovered) = try rows(byThread)
        #expect(found == expected)
        #expect(foundCovered == covered)
    }
}
