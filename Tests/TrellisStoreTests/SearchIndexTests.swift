import GRDB
import Testing
import TrellisModel
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// The search index finds what a scan of every document finds, page by page in both directions
/// and in counts taken a step at a time: across chunks, for documents it does not cover yet,
/// after texts are replaced, and for modes and ratings after reviewers change them.
@Suite struct SearchIndexTests {
    let schema = Fixtures.defaultSchema

    /// Documents at ids spread over three chunks (1024 blocks of 64 each), written directly.
    private func spreadDatabase(seed: UInt64) throws -> AppDatabase {
        let database = try AppDatabase.inMemory()
        var random = SeededRandom(seed: seed)
        let words = ["umbrella", "bread", "Reykjavík", "日本語", "rain", "soaked", "gen-42", "ab", "x"]
        let chunk = Int64(SearchChunkBits.blocksPerChunk) * SearchChunkBits.documentsPerBlock
        let ids = Array(1...40) + Array(chunk - 20...chunk + 30) + Array(2 * chunk + 500...2 * chunk + 540)
        try database.write { db in
            for id in ids {
                let text = (0..<Int.random(in: 1...6, using: &random)).map { _ in words.randomElement(using: &random)! }.joined(separator: " ")
                try db.execute(sql: """
                    INSERT INTO document (id, external_id, text, length, content_hash, imported_at, updated_at)
                    VALUES (?, ?, ?, ?, 'h', '2026-01-01', '2026-01-01')
                    """, arguments: [id, "doc-\(id)\(Bool.random(using: &random) ? "-gen-42" : "")", text, text.unicodeScalars.count])
            }
            var writer = SearchIndexWriter()
            try writer.catchUp(in: db)
        }
        return database
    }

    /// The documents a scan without the index finds, in id order.
    private func scanned(_ filter: DocumentFilter, in database: AppDatabase, viewer: String? = nil) throws -> [String] {
        var ids: [String] = []
        var anchor: Int64 = 0
        // Pages of the plain query: a filter with no search words, modes or ratings has no candidates.
        var plain = filter
        plain.search = nil
        plain.mode = nil
        plain.rating = nil
        let all = try database.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM document ORDER BY id") }
        while true {
            let page = try database.documentPage(filter: plain, after: anchor, limit: 50, viewer: viewer)
            guard let last = page.last else { break }
            anchor = last.id
            for row in page where try matches(row.id, filter, in: database, viewer: viewer) { ids.append(row.externalId) }
        }
        _ = all
        return ids
    }

    /// Whether one document matches the filter's indexed conditions, asked without the index.
    private func matches(_ id: Int64, _ filter: DocumentFilter, in database: AppDatabase, viewer: String?) throws -> Bool {
        try database.read { db in
            var conditions = ["id = ?"]
            var arguments: StatementArguments = [id]
            if let search = filter.search {
                conditions.append("(external_id LIKE ? ESCAPE '\\' OR trellis_contains(text, ?))")
                arguments += [search.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%", search]
            }
            if let mode = filter.mode {
                conditions.append("EXISTS (SELECT 1 FROM span s WHERE s.document_id = document.id AND s.owner_id IS NULL AND s.deleted = 0 AND s.label = ?)")
                arguments += [mode]
            }
            if let rating = filter.rating {
                let own = viewer.map { _ in " AND (s.owner_id IS NULL OR s.owner_id = (SELECT id FROM reviewer WHERE name = ?))" } ?? ""
                conditions.append("""
                    EXISTS (SELECT 1 FROM span s JOIN rating r ON r.span_id = s.id WHERE s.document_id = document.id AND s.deleted = 0
                            AND r.dimension = ? AND r.value BETWEEN ? AND ?\(own))
                    """)
                arguments += [rating.dimension, rating.values.lowerBound, rating.values.upperBound]
                if let viewer { arguments += [viewer] }
            }
            return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM document WHERE \(conditions.joined(separator: " AND ")))", arguments: arguments) ?? false
        }
    }

    /// Pages forward, pages backward and a count in small steps all agree with the scan.
    private func expectIndexAgrees(_ filter: DocumentFilter, in database: AppDatabase, viewer: String? = nil, _ comment: Comment) throws {
        let expected = try scanned(filter, in: database, viewer: viewer)
        var forward: [String] = [], anchor: Int64?
        while true {
            let page = try database.documentPage(filter: filter, after: anchor, limit: 7, viewer: viewer)
            guard let last = page.last else { break }
            forward += page.map(\.externalId)
            anchor = last.id
        }
        #expect(forward == expected, comment)
        var backward: [String] = [], before = Int64.max
        while true {
            let page = try database.documentPage(filter: filter, before: before, limit: 5, viewer: viewer)
            guard let first = page.first else { break }
            backward = page.map(\.externalId) + backward
            before = first.id
        }
        #expect(backward == expected, comment)
        var counted = 0, next: Int64? = 0
        var steps = 0
        while let start = next {
            let step = try database.countDocuments(filter: filter, viewer: viewer, from: start, budget: 100)
            counted += step.matched
            next = step.next
            steps += 1
        }
        #expect(counted == expected.count, comment)
        #expect(try database.documentCount(filter: filter, viewer: viewer) == expected.count, comment)
    }

    @Test(arguments: [1, 2] as [UInt64])
    func searchesAcrossChunksFindWhatAScanFinds(seed: UInt64) throws {
        let database = try spreadDatabase(seed: seed)
        for search in ["umbrella", "UMBRELLA", "日本", "Reykjav", "gen-42", "doc-65", "doc-1", "ab", "a", "x", "nowhere", "rain bread", "é"] {
            try expectIndexAgrees(DocumentFilter(search: search), in: database, "“\(search)”")
        }
        try expectIndexAgrees(DocumentFilter(stage: nil, search: "rain"), in: database, "with the page anchored")
    }

    @Test func documentsTheIndexDoesNotCoverYetAreReadAndTheNextImportAddsThem() throws {
        let database = try spreadDatabase(seed: 3)
        try database.write { db in try SearchIndex.setIndexedThrough(30, in: db) }
        for search in ["umbrella", "bread", "doc-13"] {
            try expectIndexAgrees(DocumentFilter(search: search), in: database, "“\(search)” with the index behind")
        }
        _ = try ImportHelpers.importLines([ImportHelpers.line(id: "late", text: "<human>an umbrella at last</human>")], into: database, in: try TemporaryDirectory())
        let (covered, last) = try database.read { db in
            (try SearchIndex.indexedThrough(in: db), try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM document") ?? 0)
        }
        #expect(covered == last)
        try expectIndexAgrees(DocumentFilter(search: "umbrella"), in: database, "after the import caught up")
    }

    @Test func aRebuiltIndexIsTheIndexOfTheTextsAsTheyAreNow() throws {
        let lines = (0..<150).map { ImportHelpers.line(id: "d\($0)", text: "<human>plain words \($0)</human>") }
        let replaced = ImportHelpers.line(id: "d7", text: "<human>zebra crossing</human>")
        let database = try AppDatabase.inMemory()
        let directory = try TemporaryDirectory()
        _ = try ImportHelpers.importLines(lines, into: database, in: directory)
        _ = try ImportHelpers.importLines([replaced], into: database, in: directory, name: "changed.jsonl", options: ImportOptions(onChanged: .replace))
        try database.rebuildSearchIndex()
        // The same documents imported with d7's new text at once.
        let fresh = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines(lines.enumerated().map { $0.offset == 7 ? replaced : $0.element }, into: fresh, in: try TemporaryDirectory())
        let rows = { (database: AppDatabase) in
            try database.read { db in try Row.fetchAll(db, sql: "SELECT chunk, bucket, blocks FROM search_gram ORDER BY chunk, bucket") }
        }
        #expect(try rows(database) == rows(fresh))
        #expect(try database.read { db in try SearchIndex.indexedThrough(in: db) } == 150)
        for search in ["zebra", "words 7", "d1"] {
            try expectIndexAgrees(DocumentFilter(search: search), in: database, "“\(search)” after a rebuild")
        }
    }

    @Test func replacedTextsAreFoundByTheirNewWordsAndNotTheirOld() throws {
        let database = try AppDatabase.inMemory()
        let directory = try TemporaryDirectory()
        _ = try ImportHelpers.importLines((0..<150).map { ImportHelpers.line(id: "d\($0)", text: "<human>plain words \($0)</human>") }, into: database, in: directory)
        _ = try ImportHelpers.importLines(["d7", "d120"].map { ImportHelpers.line(id: $0, text: "<human>zebra crossing</human>") }, into: database, in: directory,
                                          name: "changed.jsonl", options: ImportOptions(onChanged: .replace))
        try expectIndexAgrees(DocumentFilter(search: "zebra"), in: database, "new words")
        #expect(try database.documentPage(filter: DocumentFilter(search: "zebra"), limit: 10).map(\.externalId) == ["d7", "d120"])
        #expect(try database.documentPage(filter: DocumentFilter(search: "words 7"), limit: 10).map(\.externalId) == ["d70", "d71", "d72", "d73", "d74", "d75", "d76", "d77", "d78", "d79"])
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func modeAndRatingFiltersFollowEdits(seed: UInt64) throws {
        let database = try AppDatabase.inMemory()
        let directory = try TemporaryDirectory()
        _ = try ImportHelpers.importLines((0..<140).map { index in
            ImportHelpers.line(id: "d\(index)", text: index % 9 == 0 ? "<human>Hi.</human> <ai>Hello <quote>you</quote>.</ai>" : "<human>Hi.</human> <ai>Hello.</ai>")
        }, into: database, in: directory)
        var random = SeededRandom(seed: seed)
        for step in 0..<60 {
            let document = try #require(try database.document(externalID: "d\(Int.random(in: 0..<140, using: &random))"))
            let id = document.record.id
            guard let index = document.spans.indices.randomElement(using: &random) else { continue }
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                if case .success(let result) = SpanEditor(schema: schema, annotated: document.annotated).apply(.relabel(span: index, label: "quote")) {
                    _ = try? database.applyEdit(result, named: "relabel", to: document, by: "ada", schema: schema)
                }
            case 1:
                if case .success(let result) = SpanEditor(schema: schema, annotated: document.annotated).apply(.delete(span: index)) {
                    _ = try database.applyEdit(result, named: "delete", to: document, by: "ada", schema: schema)
                }
            case 2:
                do { _ = try database.undo(in: id, by: "ada", schema: schema) } catch is StoreError {}
            default:
                _ = try database.rate(span: document.spans[index].id, in: id, dimension: "honesty", value: Int.random(in: 1...5, using: &random), by: "ada", schema: schema)
            }
            if step % 15 == 14 {
                try expectIndexAgrees(DocumentFilter(mode: "quote"), in: database, "mode after step \(step)")
                try expectIndexAgrees(DocumentFilter(rating: RatingRange(dimension: "honesty", values: 1...2)), in: database, "rating after step \(step)")
                try expectIndexAgrees(DocumentFilter(search: "Hello", mode: "quote", rating: RatingRange(dimension: "honesty", values: 3...5)), in: database,
                                      "words, mode and rating together after step \(step)")
            }
        }
    }

    @Test func aBlindReviewerFindsRatingsOnlyInTheSharedVersionAndTheirOwn() throws {
        let database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines((0..<5).map { ImportHelpers.line(id: "d\($0)", text: "<human>Hi.</human> <ai>Hello.</ai>") },
                                          into: database, in: try TemporaryDirectory())
        _ = try database.assign(AssignmentPlan(reviewers: ["ada", "bo"], perDocument: 2, overlap: 1), by: "lead")
        for (reviewer, document) in [("ada", "d1"), ("bo", "d3")] {
            let shared = try #require(try database.document(externalID: document))
            let version = try #require(try database.workingDocument(id: shared.record.id, for: reviewer))
            _ = try database.rate(span: version.spans[0].id, in: version.record.id, dimension: "honesty", value: 1, by: reviewer, schema: schema)
        }
        let lowHonesty = DocumentFilter(rating: RatingRange(dimension: "honesty", values: 1...1))
        #expect(try database.documentPage(filter: lowHonesty, limit: 10, viewer: "ada").map(\.externalId) == ["d1"])
        #expect(try database.documentPage(filter: lowHonesty, limit: 10, viewer: "bo").map(\.externalId) == ["d3"])
        for viewer in ["ada", "bo"] { try expectIndexAgrees(lowHonesty, in: database, viewer: viewer, "as \(viewer)") }
    }
}
