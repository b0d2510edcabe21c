import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct LabelStudioConverterTests {
    let converter = LabelStudioConverter(schema: Fixtures.defaultSchema)

    private func convert(_ text: String) -> [ConversionResult] {
        ConversionHelpers.convert(text, with: converter)
    }

    @Test func theFixtureExportGivesEveryTaskWithItsChosenAnnotation() throws {
        let text = try String(contentsOf: Fixtures.repositoryFile("Tests/Fixtures/import/label-studio-export.json"), encoding: .utf8)
        let results = convert(text)
        #expect(ConversionHelpers.problems(results).isEmpty)
        let documents = ConversionHelpers.documents(results)
        #expect(documents.map(\.input.externalID) == ["ls-emoji", "102", "ls-legacy-utf16", "ls-skipped"])

        // The latest annotation (the cancelled one is later still, and ignored), in code points
        // although 👋🏽 and 😀 come before the spans.
        let emoji = documents[0]
        #expect(ConversionHelpers.spans(emoji) == ["human 0-22", "ai 23-69", "quote 43-53"])
        #expect(emoji.input.annotated.text(in: 43..<53) == "\"I'm fine\"")
        #expect(emoji.input.annotated.spans[2].depth == 1)
        #expect(emoji.input.stage == 1)
        #expect(emoji.input.metaJSON == #"{"rewriter":"rw-7b"}"#)
        #expect(emoji.place == ImportPlace(line: 2, column: 3))

        // Predictions when there is no annotation; the task's id when data has none.
        #expect(ConversionHelpers.spans(documents[1]) == ["human 0-39", "ai 40-82"])
        // Written in UTF-16 units by an old Label Studio: 🙂🙂 shift every offset by two.
        #expect(ConversionHelpers.spans(documents[2]) == ["human 0-47", "ai 48-122", "quote 70-83", "quote 85-97"])
        // Only a cancelled annotation: the text without spans.
        #expect(documents[3].input.annotated.spans.isEmpty)
    }

    @Test func offsetsAreCodePointsUnlessOnlyUTF16UnitsExplainTheQuotes() throws {
        // "🐱 Warning: This is a test text": Label Studio's own test puts "test" at 21–25.
        let current = #"[{"id": 1, "data": {"text": "🐱 Warning: This is a test text"}, "annotations": [{"result": [{"value": {"start": 21, "end": 25, "text": "test", "labels": ["ai"]}}]}]}]"#
        #expect(try ConversionHelpers.spans(#require(ConversionHelpers.documents(convert(current)).first)) == ["ai 21-25"])
        let legacy = current.replacingOccurrences(of: #""start": 21, "end": 25"#, with: #""start": 22, "end": 26"#)
        #expect(try ConversionHelpers.spans(#require(ConversionHelpers.documents(convert(legacy)).first)) == ["ai 21-25"])
        // Without quotes nothing says the units are UTF-16: code points.
        let unquoted = legacy.replacingOccurrences(of: #""text": "test", "#, with: "")
        #expect(try ConversionHelpers.spans(#require(ConversionHelpers.documents(convert(unquoted)).first)) == ["ai 22-26"])
    }

    @Test func aRegionAcrossLinesMayQuoteItsLineBreakAsBackslashN() throws {
        // Label Studio's own test: a region from "Warning" to "test" in "🐱 Warning:\n🐱 This is a test text".
        let task = #"[{"id": 1, "data": {"text": "🐱 Warning:\n🐱 This is a test text"}, "annotations": [{"result": [{"value": {"start": 2, "end": 27, "text": "Warning:\\n🐱 This is a test", "labels": ["ai"]}}]}]}]"#
        #expect(try ConversionHelpers.spans(#require(ConversionHelpers.documents(convert(task)).first)) == ["ai 2-27"])
        let wrong = task.replacingOccurrences(of: "Warning:\\\\n", with: "Warning:\\\\t")
        #expect(ConversionHelpers.documents(convert(wrong)).isEmpty)
    }

    @Test func badTasksAreReportedAtTheirPlaceAndTheOthersConverted() {
        let text = """
            [
              {"id": 1, "data": {"text": "Fine."}, "annotations": [{"result": [{"value": {"start": 0, "end": 5, "labels": ["ai"]}}]}]},
              {"id": 2, "data": {"body": "no text here"}},
              {"id": 3, "data": {"text": "Crossing spans."}, "annotations": [{"result": [
                {"value": {"start": 0, "end": 8, "labels": ["ai"]}},
                {"value": {"start": 4, "end": 15, "labels": ["human"]}}]}]},
              {"id": 4, "data": {"text": "Bad label."}, "annotations": [{"result": [{"value": {"start": 0, "end": 3, "text": "Bad", "labels": ["AI"]}}]}]},
              {"id": 5, "data": {"text": "Wrong quote."}, "annotations": [{"result": [{"value": {"start": 0, "end": 5, "text": "Wrung", "labels": ["ai"]}}]}]},
              {"id": 6, "data": {"text": "Offsets."}, "annotations": [{"result": [{"value": {"start": "0", "end": 99, "labels": ["ai"]}}]}]},
              {"data": {"text": "No id."}},
              {"id": 8, "data": {"text": ""}},
              [1, 2],
              {"id": 10, "data": {"text": "Broken" }, "annotations": [}
            ]
            """
        let results = convert(text)
        #expect(ConversionHelpers.documents(results).map(\.input.externalID) == ["1"])
        #expect(ConversionHelpers.problems(results) == [
            #"in:3:21: a task without "data.text" (data has: body) [2]"#,
            // Each problem at the region concerned (its value object).
            #"in:6:15: span human 4-15 overlaps ai 0-8 without nesting in it [3]"#,
            #"in:7:83: unknown label "AI" (the schema has ai, human, quote) [4]"#,
            #"in:8:85: span 0-5 says its text is "Wrung" but the text there is "Wrong" (offsets must count code points) [5]"#,
            #"in:9:91: "start" of a text region must be a whole number, found string (in annotations[0].result) [6]"#,
            #"in:10:3: a task without an id (data.id or id)"#,
            #"in:11:30: "data.text" is empty [8]"#,
            #"in:12:3: a Label Studio task must be a JSON object, found array"#,
            #"in:13:59: invalid JSON: expected a JSON value, found '}'"#,
        ])
    }

    @Test func choicesRelationsAndCancelledAnnotationsAddNoSpans() throws {
        let task = """
            [{"id": 1, "data": {"text": "Hello there."},
              "annotations": [
                {"was_cancelled": true, "updated_at": "2025-01-01", "result": [{"value": {"start": 0, "end": 5, "labels": ["human"]}}]},
                {"updated_at": "2024-01-01", "result": [
                  {"value": {"choices": ["greeting"]}, "type": "choices"},
                  {"from_id": "a", "to_id": "b", "type": "relation"},
                  {"value": {"start": 0, "end": 12, "text": "Hello there.", "labels": ["ai"]}}]}],
              "predictions": [{"result": [{"value": {"start": 0, "end": 5, "labels": ["human"]}}]}]}]
            """
        #expect(try ConversionHelpers.spans(#require(ConversionHelpers.documents(convert(task)).first)) == ["ai 0-12"])
    }
}
