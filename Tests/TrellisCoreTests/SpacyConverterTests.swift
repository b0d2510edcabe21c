import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct SpacyConverterTests {
    private func convert(_ text: String, layout: JSONLayout) -> [ConversionResult] {
        ConversionHelpers.convert(text, with: SpacyConverter(schema: Fixtures.defaultSchema, fallbackIDPrefix: "corpus"), layout: layout)
    }

    // What `nlp("…").to_json()` writes (spaCy 3.8), with a span group for the nested quote.
    static let doc = #"""
        {"text":"Je suis là 👋🏽. Tu as dit « non », je comprends.","ents":[{"start":0,"end":14,"label":"human"},{"start":15,"end":47,"label":"ai"}],"spans":{"sc":[{"start":15,"end":47,"label":"ai","kb_id":""},{"start":25,"end":32,"label":"quote","kb_id":""}]},"sents":[{"start":0,"end":14},{"start":15,"end":47}],"tokens":[{"id":0,"start":0,"end":2,"tag":"","pos":"","morph":"","lemma":"","dep":"","head":0}],"_":{"id":"fr-1"}}
        """#

    @Test func entitiesAndSpanGroupsInCodePoints() throws {
        let documents = ConversionHelpers.documents(convert(Self.doc, layout: .lines))
        let doc = try #require(documents.first)
        #expect(doc.input.externalID == "fr-1")
        // The ai span is in ents and in the group: once.
        #expect(ConversionHelpers.spans(doc) == ["human 0-14", "ai 15-47", "quote 25-32"])
        #expect(doc.input.annotated.text(in: 25..<32) == "« non »")
    }

    @Test func documentsWithoutAnIdAreNamedByFileAndPosition() {
        let text = """
            [
              {"text": "First.", "ents": [{"start": 0, "end": 6, "label": "ai"}]},
              {"text": "Second.", "id": 42, "ents": []},
              {"text": "Third.", "ents": []}
            ]
            """
        #expect(ConversionHelpers.documents(convert(text, layout: .array)).map(\.input.externalID) == ["corpus-1", "42", "corpus-3"])
    }

    @Test func aPrettyPrintedDocumentAndBadOnes() {
        let text = """
            {
              "text": "Fine.",
              "ents": [{"start": 0, "end": 5, "label": "ai"}]
            }
            {"text": "Bad.", "ents": [{"start": 0, "label": "ai"}]}
            {"text": "Bad too.", "spans": [{"start": 0, "end": 3, "label": "ai"}], "_": {"id": "b2"}}
            {"text": "Unknown.", "ents": [{"start": 0, "end": 8, "label": "PERSON"}]}
            """
        let results = convert(text, layout: .values)
        #expect(ConversionHelpers.documents(results).map(\.input.externalID) == ["corpus-1"])
        #expect(ConversionHelpers.problems(results) == [
            #"in:5:27: a span in "ents" needs a whole-number "start" and "end" and a string "label" [corpus-2]"#,
            #"in:6:31: "spans" must be an object of span groups, found array [b2]"#,
            #"in:7:31: unknown label "PERSON" (the schema has ai, human, quote) [corpus-4]"#,
        ])
    }
}
