import Foundation
import GRDB
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// Every code point, NUL included, comes back exactly from import, storage, history and every
/// export, on generated documents full of what breaks naive code.
@Suite struct RoundTripPropertyTests {
    let directory: TemporaryDirectory
    let database: AppDatabase
    /// The default modes, each allowed anywhere, so that any generated nesting is a valid document.
    static let openSchema: TagSchema = {
        let anywhere = #""topLevel": true, "nestsIn": ["human", "ai", "quote"]"#
        let text = """
            {"name": "open", "allowUntaggedText": true, "tags": [
              {"name": "human", "key": "h", \(anywhere)}, {"name": "ai", "key": "a", \(anywhere)}, {"name": "quote", "key": "q", \(anywhere)}]}
            """
        return try! TagSchema.load(file: "open.json", bytes: Array(text.utf8))
    }()

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.inMemory(clock: { Date(timeIntervalSince1970: 1_790_000_000) })
    }

    /// Generated documents with something visible in them, keyed by id, with a source each.
    private func generate(count: Int, seed: UInt64) -> [(id: String, document: AnnotatedText, source: String)] {
        var generator = DocumentGenerator(seed: seed, labels: ["human", "ai", "quote"])
        var documents: [(String, AnnotatedText, String)] = []
        while documents.count < count {
            let document = generator.next(maxPieces: 12)
            guard !document.scalars.allSatisfy(\.isBlank) else { continue }
            let source = generator.next(maxPieces: 6).text
            documents.append(("d\(documents.count)", document, source))
        }
        return documents
    }

    private func importDocuments(_ documents: [(id: String, document: AnnotatedText, source: String)], options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        let codec = TagCodec(schema: Self.openSchema)
        let lines = documents.map { ImportHelpers.line(id: $0.id, text: codec.serialise($0.document), source: $0.source) }
        let path = try directory.write("generated.jsonl", lines.joined(separator: "\n") + "\n")
        return try Importer(database: database, schema: Self.openSchema, options: options, reviewer: "tester").run(path: path)
    }

    @Test func generatorsProduceNUL() {
        #expect(DocumentGenerator.alphabet.contains("\u{0}"))
        #expect(generate(count: 60, seed: 3).contains { $0.document.scalars.contains("\u{0}") && $0.source.unicodeScalars.contains("\u{0}") })
    }

    @Test func importAndStorageKeepEveryCodePoint() throws {
        let documents = generate(count: 300, seed: 21)
        let summary = try importDocuments(documents)
        #expect(summary.imported == documents.count && summary.rejected == 0)
        for (id, document, source) in documents {
            let stored = try #require(try database.document(externalID: id))
            #expect(stored.record.text == document.text, "\(id): \(document.text.debugDescription)")
            #expect(stored.record.length == document.scalars.count)
            #expect(stored.annotated == document, "\(id)")
            #expect(stored.record.source == source, "\(id): \(source.debugDescription)")
        }
        var seen = 0
        try database.forEachDocument(batchSize: 37) { stored in
            seen += 1
            #expect(stored.record.text.unicodeScalars.count == stored.record.length)
        }
        #expect(seen == documents.count)
        // The list's preview too.
        let page = try database.documentPage(filter: DocumentFilter(), limit: documents.count)
        let previews = Dictionary(uniqueKeysWithValues: page.map { ($0.externalId, $0.preview) })
        for (id, document, _) in documents where document.scalars.count <= 200 {
            #expect(previews[id] == document.text, "\(id)")
        }
    }

    @Test func aReplacedDocumentKeepsEveryCodePointAndSoDoesItsHistory() throws {
        let documents = generate(count: 40, seed: 5)
        _ = try importDocuments(documents)
        let changed = documents.map { ($0.id, AnnotatedText(scalars: $0.document.scalars + ["\u{0}", "!"], spans: $0.document.spans), $0.source + "\u{0}") }
        let summary = try importDocuments(changed, options: ImportOptions(onChanged: .replace))
        #expect(summary.replaced == documents.count)
        for ((id, before, _), (_, after, source)) in zip(documents, changed) {
            let stored = try #require(try database.document(externalID: id))
            #expect(stored.record.text == after.text)
            #expect(stored.record.source == source)
            let entry = try #require(try database.read { db in
                try HistoryRecord.filter(Column("document_id") == stored.record.id && Column("action") == "reimport").fetchOne(db)
            })
            let old = try JSONParser.parse(Array((entry.before ?? "").utf8))
            let new = try JSONParser.parse(Array((entry.after ?? "").utf8))
            #expect(old["text"]?.stringValue == before.text)
            #expect(new["text"]?.stringValue == after.text)
        }
    }

    @Test func everyExportKeepsEveryCodePoint() throws {
        let documents = generate(count: 40, seed: 8)
        _ = try importDocuments(documents)
        for (id, _, _) in documents {
            var stored = try #require(try database.document(externalID: id))
            for span in stored.spans {
                for dimension in Fixtures.defaultRubric.dimensions(for: span.label) {
                    stored = try database.rate(span: span.id, in: stored.record.id, dimension: dimension.name, value: 4, by: "ada", schema: Self.openSchema)
                }
                stored = try database.decide(span: span.id, in: stored.record.id, decision: .approved, by: "ada", schema: Self.openSchema)
            }
            // Whole-document formats (train) write only documents approved as a whole.
            _ = try database.decide(document: stored.record.id, decision: .approved, by: "ada", schema: Self.openSchema)
        }
        let byID = Dictionary(uniqueKeysWithValues: documents.map { ($0.id, $0.document) })
        let codec = TagCodec(schema: Self.openSchema)
        func export(_ format: ExportFormat, _ name: String) throws -> String {
            let path = directory.path(name)
            let options = ExportOptions(format: format, policy: GoldPolicy(rubric: Fixtures.defaultRubric))
            _ = try Exporter(database: database, schema: Self.openSchema, rubric: Fixtures.defaultRubric, options: options).run(to: path)
            return path
        }
        func records(_ path: String) throws -> [JSONNode] {
            try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: 0x0A).map { try JSONParser.parse(Array($0)) }
        }

        let train = try records(try export(.train, "train.jsonl"))
        #expect(train.count == documents.filter { !$0.document.spans.isEmpty }.count)
        for record in train {
            let id = try #require(record["id"]?.stringValue)
            #expect(record["text"]?.stringValue == codec.serialise(byID[id]!), "\(id)")
        }
        for record in try records(try export(.eval, "eval.jsonl")) {
            let id = try #require(record["id"]?.stringValue)
            #expect(record["text"]?.stringValue == byID[id]!.text, "\(id)")
        }
        for record in try records(try export(.controlTokens, "tokens.jsonl")) {
            let id = try #require(record["id"]?.stringValue)
            let joined = (record["segments"]?.arrayValue ?? []).map { $0["text"]?.stringValue ?? "" }.joined()
            #expect(joined == byID[id]!.text, "\(id)")
        }

        // brat: the text as it is, every span back from the .ann by import (fragments around line
        // breaks, tabs and separators joined again), the ids from ids.tsv; only documents with a
        // span of nothing but line breaks and tabs are left out.
        let brat = try export(.brat, "brat")
        let fromBrat = try AppDatabase.inMemory()
        _ = try Importer(database: fromBrat, schema: Self.openSchema, reviewer: "t").run(path: brat)
        var bratDocuments = 0
        for (id, document) in byID where !document.spans.isEmpty {
            let unwritable = document.spans.contains { span in document.scalars[span.start..<span.end].allSatisfy(BratStandoff.breaksLine) }
            guard !unwritable else { continue }
            bratDocuments += 1
            let text = try Data(contentsOf: URL(fileURLWithPath: "\(brat)/\(BratStandoff.fileName(for: id)).txt"))
            #expect(text == Data(document.text.utf8), "\(id)")
            // Offset formats cannot tell a span nested in one of the same label and offsets from
            // it: import takes a span given twice once (formats.md).
            func key(_ span: Span) -> String { "\(span.start) \(span.end) \(span.label)" }
            let imported = try #require(try fromBrat.document(externalID: id)?.annotated, "\(id)")
            #expect(imported.text == document.text, "\(id)")
            if Set(document.spans.map(key)).count < document.spans.count {
                #expect(Set(imported.spans.map(key)) == Set(document.spans.map(key)), "\(id)")
            } else {
                #expect(imported.spans == document.spans, "\(id)")
            }
        }
        #expect(bratDocuments > 20)

        // Each gold span's text is one CSV cell per reviewer: the file holds every NUL of them.
        let csv = try Data(contentsOf: URL(fileURLWithPath: try export(.csv, "gold.csv")))
        let nulsInGold = byID.values.flatMap { document in document.spans.map { span in document.scalars[span.start..<span.end].filter { $0 == "\u{0}" }.count } }.reduce(0, +)
        #expect(nulsInGold > 0)
        #expect(csv.filter { $0 == 0 }.count == nulsInGold)
    }
}
