import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct LabelStudioMinConverterTests {
    private func convert(_ text: String) -> [ConversionResult] {
        ConversionHelpers.convert(text, with: LabelStudioMinConverter(schema: Fixtures.defaultSchema))
    }

    @Test func theLatestRecordOfEachTaskCountsWithEveryControlsRegions() throws {
        let text = """
            [
              {"text": "Hi there.\\nHello 😀 friend.", "id": 5, "stage": 2,
               "label": [{"start": 0, "end": 9, "text": "Hi there.", "labels": ["human"]}],
               "inner": [{"start": 16, "end": 25, "text": "😀 friend.", "labels": ["quote"]}],
               "modes": [{"start": 10, "end": 25, "text": "Hello 😀 friend.", "labels": ["ai"]}],
               "kind": "dialogue", "annotator": 1, "annotation_id": 9, "created_at": "2024-01-02T00:00:00Z", "updated_at": "2024-01-03T00:00:00Z", "lead_time": 3.5},
              {"text": "Hi there.\\nHello 😀 friend.", "id": 5, "label": [{"start": 0, "end": 25, "labels": ["ai"]}],
               "annotator": 2, "annotation_id": 8, "created_at": "2024-01-01T00:00:00Z", "updated_at": "2024-01-01T00:00:00Z"},
              {"text": "No annotation yet.", "id": 6},
              {"text": "Two annotators, same time.", "id": "t7", "label": [{"start": 0, "end": 3, "labels": ["human"]}], "updated_at": "2024-02-01"},
              {"text": "Two annotators, same time.", "id": "t7", "label": [{"start": 0, "end": 26, "labels": ["ai"]}], "updated_at": "2024-02-01"}
            ]
            """
        let results = convert(text)
        #expect(ConversionHelpers.problems(results).isEmpty)
        let documents = ConversionHelpers.documents(results)
        #expect(documents.map(\.input.externalID) == ["5", "6", "t7"])
        #expect(ConversionHelpers.spans(documents[0]) == ["human 0-9", "ai 10-25", "quote 16-25"])
        #expect(documents[0].input.stage == 2)
        #expect(documents[0].place.line == 2)
        #expect(documents[1].input.annotated.spans.isEmpty)
        // On a tie, the later record.
        #expect(ConversionHelpers.spans(documents[2]) == ["ai 0-26"])
    }

    @Test func badRecordsAreReportedAtTheirPlace() {
        let text = """
            [
              {"text": "Fine.", "id": 1, "label": [{"start": 0, "end": 5, "labels": ["ai"]}]},
              {"id": 2, "body": "no text"},
              {"text": "Out of range.", "id": 3, "label": [{"start": 0, "end": 99, "labels": ["ai"]}]},
              {"text": "No id."},
              {"text": "Labels not a list.", "id": 5, "label": [{"start": 0, "end": 6, "labels": "ai"}]}
            ]
            """
        let results = convert(text)
        #expect(ConversionHelpers.documents(results).map(\.input.externalID) == ["1"])
        #expect(ConversionHelpers.problems(results) == [
            #"in:3:3: a record without "text" (its keys: id, body)"#,
            #"in:4:48: span 0-99 lies outside the text (length 13 code points) [3]"#,
            #"in:5:3: a record without "id""#,
            #"in:6:86: "labels" must be a list of at least one label, found string (in "label") [5]"#,
        ])
    }
}
