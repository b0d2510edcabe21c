import Foundation
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

@Suite struct ImporterTests {
    let directory: TemporaryDirectory
    let database: AppDatabase

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.inMemory()
    }

    private func run(_ lines: [String], options: ImportOptions = ImportOptions()) throws -> ImportSummary {
        try ImportHelpers.importLines(lines, into: database, in: directory, options: options)
    }

    @Test func importsTaggedAndOffsetFormsWithCodePointOffsets() throws {
        let summary = try run([
            ImportHelpers.line(id: "t1", text: "<human>Café 👩‍🔬!</human> <ai>日本 <quote>ok</quote></ai>", stage: 2, source: "orig"),
            #"{"id": "o1", "text": "e\u0301🇰🇪 hi", "spans": [{"start": 0, "end": 4, "label": "human", "text": "e\u0301🇰🇪"}, {"start": 5, "end": 7, "label": "ai"}], "meta": {"b": 1, "a": [true]}}"#,
        ])
        #expect(summary.imported == 2)
        #expect(summary.rejected == 0)
        let tagged = try #require(try database.document(externalID: "t1"))
        #expect(tagged.record.text == "Café 👩‍🔬! 日本 ok")
        #expect(tagged.record.length == 15)
        #expect(tagged.record.stage == 2)
        #expect(tagged.record.source == "orig")
        #expect(tagged.spans.map(\.span) == [
            Span(start: 0, end: 9, label: "human"), Span(start: 10, end: 15, label: "ai"), Span(start: 13, end: 15, label: "quote", depth: 1),
        ])
        let offsets = try #require(try database.document(externalID: "o1"))
        #expect(offsets.record.meta == #"{"b": 1, "a": [true]}"#)
        #expect(offsets.spans.map(\.span) == [Span(start: 0, end: 4, label: "human"), Span(start: 5, end: 7, label: "ai")])
    }

    @Test func badLinesAreReportedWithPlaceAndGoodLinesStillImport() throws {
        let lines = [
            ImportHelpers.line(id: "good1", text: "<ai>fine</ai>"),
            #"{"id": "broken", "text": "<ai>x</ai>""#,
            #"{"text": "<ai>no id</ai>"}"#,
            #"{"id": true, "text": "<ai>boolean id</ai>"}"#,
            ImportHelpers.line(id: "tags", text: "<ai>one <human>two</ai></human>"),
            ImportHelpers.line(id: "unknown", text: "<ai>hi</ai> <bot>x</bot>"),
            ImportHelpers.line(id: "empty", text: ""),
            ImportHelpers.line(id: "good1", text: "<ai>fine again</ai>"),
            #"{"id": "spans", "text": "abc", "spans": [{"start": 0, "end": 9, "label": "ai"}]}"#,
            "[1, 2]",
            ImportHelpers.line(id: "good2", text: "<human>also fine</human>"),
        ]
        let summary = try run(lines)
        #expect(summary.imported == 2)
        #expect(summary.rejected == 9)
        #expect(summary.hasRejections)
        let byLine = Dictionary(grouping: summary.problems, by: \.line)
        #expect(byLine[2]?.first?.message.contains("invalid JSON") == true)
        #expect(byLine[2]?.first?.column == 38)
        #expect(byLine[3]?.first?.message.hasPrefix("missing required field \"id\"") == true)
        #expect(byLine[4]?.first?.message == "\"id\" must be a string or a whole number, found boolean")
        #expect(byLine[4]?.first?.column == 8)
        // The crossing close tag </ai> is at text offset 18; the text value starts at column 25.
        #expect(byLine[5]?.first?.message.contains("tag at text offset 18") == true)
        #expect(byLine[5]?.first?.column == 25 + 18)
        #expect(byLine[6]?.first?.message.contains("unknown tag <bot>") == true)
        #expect(byLine[7]?.first?.message == "\"text\" is empty")
        #expect(byLine[8]?.first?.message == "duplicate id \"good1\" (first on line 1)")
        #expect(byLine[9]?.first?.message.contains("lies outside the text") == true)
        #expect(byLine[10]?.first?.message.contains("must hold a JSON object") == true)
        #expect(try database.document(externalID: "good2") != nil)
    }

    @Test func invalidUTF8IsReportedAtItsColumn() throws {
        var data = Data(#"{"id": "u", "text": "<ai>ab"#.utf8)
        data.append(contentsOf: [0xFF, 0xFE])
        data.append(Data("</ai>\"}\n".utf8))
        data.append(Data((ImportHelpers.line(id: "ok", text: "<ai>é</ai>") + "\n").utf8))
        let path = try directory.write("utf8.jsonl", data)
        let summary = try Importer(database: database, schema: Fixtures.defaultSchema, reviewer: "t").run(path: path)
        #expect(summary.imported == 1)
        #expect(summary.rejected == 1)
        #expect(summary.problems.first?.line == 1)
        #expect(summary.problems.first?.column == 28)
        #expect(summary.problems.first?.message.contains("UTF-8") == true)
    }

    @Test func byteOrderMarkAndCRLFLineEndsAreAccepted() throws {
        let body = "\u{FEFF}" + ImportHelpers.line(id: "a", text: "<ai>a\r\nb</ai>") + "\r\n" + ImportHelpers.line(id: "b", text: "<ai>b</ai>") + "\r\n"
        let path = try directory.write("bom.jsonl", body)
        let summary = try Importer(database: database, schema: Fixtures.defaultSchema, reviewer: "t").run(path: path)
        #expect(summary.imported == 2)
        #expect(try database.document(externalID: "a")?.record.text == "a\r\nb")
    }

    @Test func reimportingIsIdempotentAndChangesAreReportedNotApplied() throws {
        let lines = [ImportHelpers.line(id: "a", text: "<ai>one</ai>"), ImportHelpers.line(id: "b", text: "<human>two</human>")]
        #expect(try run(lines).imported == 2)
        let again = try run(lines)
        #expect(again.imported == 0)
        #expect(again.unchanged == 2)
        #expect(!again.hasRejections)

        let changed = [ImportHelpers.line(id: "a", text: "<ai>one, changed</ai>"), lines[1]]
        let kept = try run(changed)
        #expect(kept.changedKept == 1)
        #expect(kept.unchanged == 1)
        #expect(kept.hasRejections)
        #expect(kept.problems.first?.message.contains("--replace-changed") == true)
        #expect(try database.document(externalID: "a")?.record.text == "one")

        let replaced = try run(changed, options: ImportOptions(onChanged: .replace))
        #expect(replaced.replaced == 1)
        let document = try #require(try database.document(externalID: "a"))
        #expect(document.record.text == "one, changed")
        #expect(document.spans.map(\.end) == [12])
        let history = try database.read { db in try HistoryRecord.fetchAll(db) }
        #expect(history.map(\.action) == ["reimport"])
        #expect(history.first?.before?.contains("\"text\":\"one\"") == true)
    }

    @Test func aHugeLineIsRejectedWithoutHoldingItAndTheRestImports() throws {
        let limit = 1 << 20
        var data = Data((ImportHelpers.line(id: "before", text: "<ai>a</ai>") + "\n").utf8)
        data.append(Data(#"{"id": "huge", "text": "<ai>"#.utf8))
        data.append(Data(repeating: UInt8(ascii: "x"), count: 3 * limit))
        data.append(Data("</ai>\"}\n".utf8))
        data.append(Data((ImportHelpers.line(id: "after", text: "<ai>b</ai>")).utf8))
        let path = try directory.write("huge.jsonl", data)
        let options = ImportOptions(maxLineBytes: limit)
        let summary = try Importer(database: database, schema: Fixtures.defaultSchema, options: options, reviewer: "t").run(path: path)
        #expect(summary.imported == 2)
        #expect(summary.rejected == 1)
        #expect(summary.problems.first?.line == 2)
        #expect(summary.problems.first?.message.contains("over the limit of \(limit) bytes") == true)
    }

    /// Batches decode on a second thread while the one before is written: problems still come in
    /// file order, duplicates are caught across batches, and every count adds up.
    @Test func smallBatchesKeepFileOrderAcrossTheDecodingThread() throws {
        var lines: [String] = []
        for index in 1...23 {
            switch index % 6 {
            case 0: lines.append("{not json")
            case 1: lines.append("   ")
            case 2: lines.append(ImportHelpers.line(id: "d\(index - 3)", text: "<ai>again</ai>"))
            default: lines.append(ImportHelpers.line(id: "d\(index)", text: "<human>line \(index)</human>"))
            }
        }
        var seen: [Int] = []
        var progress: [Int] = []
        let options = ImportOptions(batchSize: 2)
        let path = try directory.write("batches.jsonl", Data(lines.joined(separator: "\n").utf8))
        let summary = try Importer(database: database, schema: Fixtures.defaultSchema, options: options, reviewer: "t")
            .run(path: path, onProblem: { seen.append($0.line) }, onProgress: { progress.append($0.linesRead) })
        #expect(summary.blank == 4)
        #expect(summary.rejected == 3 + 3)
        #expect(summary.imported == 12 + 1)
        #expect(seen == [6, 8, 12, 14, 18, 20])
        #expect(summary.problems.map(\.line) == seen)
        #expect(progress == progress.sorted() && progress.count == 12)
        #expect(try database.document(externalID: "d22")?.record.text == "line 22")
        #expect(try database.document(externalID: "d5")?.record.text == "line 5")
        #expect(try database.document(externalID: "d-1")?.record.text == "again")
    }

    @Test func prodigyAndDoccanoExportsImport() throws {
        let summary = try run([
            #"{"text": "Hi there. Fine.", "spans": [{"start": 0, "end": 9, "label": "human", "token_start": 0, "token_end": 1}], "_input_hash": -12345, "_task_hash": 9, "answer": "accept", "meta": {"source": "x"}}"#,
            #"{"text": "Rejected task", "spans": [], "_input_hash": 777, "answer": "reject"}"#,
            #"{"id": 42, "text": "Me. You.", "entities": [{"id": 1, "label": "human", "start_offset": 0, "end_offset": 3}, {"id": 2, "label": "ai", "start_offset": 4, "end_offset": 8}], "relations": []}"#,
            #"{"id": 43, "text": "Old style.", "label": [[0, 10, "ai"]]}"#,
        ])
        #expect(summary.imported == 3)
        #expect(summary.skipped == 1)
        #expect(summary.rejected == 0)
        #expect(try database.document(externalID: "-12345")?.spans.map(\.label) == ["human"])
        #expect(try database.document(externalID: "42")?.spans.map(\.span) == [Span(start: 0, end: 3, label: "human"), Span(start: 4, end: 8, label: "ai")])
        #expect(try database.document(externalID: "43")?.spans.first?.end == 10)
    }

    @Test func schemaViolationsImportButAreCounted() throws {
        let summary = try run([ImportHelpers.line(id: "v", text: "<quote>top-level quote</quote> loose")])
        #expect(summary.imported == 1)
        #expect(summary.withProblems == 1)
        #expect(try database.document(externalID: "v")?.record.problemCount == 2)
    }

    @Test func theSameDocumentHashesTheSameInTaggedAndOffsetForm() throws {
        #expect(try run([ImportHelpers.line(id: "same", text: "<ai>a <quote>b</quote></ai>")]).imported == 1)
        let offsets = #"{"id": "same", "text": "a b", "spans": [{"start": 0, "end": 3, "label": "ai"}, {"start": 2, "end": 3, "label": "quote"}]}"#
        #expect(try run([offsets]).unchanged == 1)
    }

    @Test func aDocumentWithEntitiesHashesLikeItsOffsetFormToo() throws {
        #expect(try run([ImportHelpers.line(id: "esc", text: "<ai>a &lt;b&gt; &amp; c</ai>")]).imported == 1)
        let offsets = #"{"id": "esc", "text": "a <b> & c", "spans": [{"start": 0, "end": 9, "label": "ai"}]}"#
        #expect(try run([offsets]).unchanged == 1)
    }

    @Test func spansWrittenManyToAStatementStayWithTheirDocumentsInOrder() throws {
        let counts = [1, 31, 33, 70, 2]
        let lines = counts.enumerated().map { index, count in
            ImportHelpers.line(id: "many\(index)", text: (0..<count).map { "<ai>w\($0)</ai>" }.joined(separator: " "))
        }
        #expect(try run(lines).imported == counts.count)
        var previousID: Int64 = 0
        for (index, count) in counts.enumerated() {
            let stored = try #require(try database.document(externalID: "many\(index)"))
            #expect(stored.spans.count == count)
            #expect(stored.spans.map { stored.record.text.unicodeScalars.dropFirst($0.start).prefix($0.end - $0.start).map(String.init).joined() } == (0..<count).map { "w\($0)" })
            let ids = stored.spans.map { $0.id }
            #expect(ids == ids.sorted() && ids[0] > previousID)
            previousID = ids.last!
        }
    }
}
