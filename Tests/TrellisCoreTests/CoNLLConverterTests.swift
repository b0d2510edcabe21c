import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct CoNLLConverterTests {
    @Test func everyTagSchemeGivesTheSameSpans() {
        let schemes = [
            "IOB2": ["B-human", "I-human", "I-human", "B-human", "O", "B-ai", "I-ai"],
            "IOB1": ["I-human", "I-human", "I-human", "B-human", "O", "I-ai", "I-ai"],
            "BIOES": ["B-human", "I-human", "E-human", "S-human", "O", "B-ai", "E-ai"],
            "BILOU": ["B-human", "I-human", "L-human", "U-human", "O", "B-ai", "L-ai"],
        ]
        let tokens = ["Hi", "there", ".", "Me", "—", "Hello", "back"]
        for (scheme, tags) in schemes {
            let text = zip(tokens, tags).map { "\($0) \($1)" }.joined(separator: "\n")
            let documents = ConversionHelpers.documents(ConversionHelpers.convertCoNLL(text))
            #expect(documents.first?.input.text == "Hi there . Me — Hello back", "\(scheme)")
            #expect(documents.first.map(ConversionHelpers.spans) == ["human 0-10", "human 11-13", "ai 16-26"], "\(scheme)")
        }
    }

    @Test func blankLinesAndDocstartSeparateDocumentsAndColumnsMayBeMany() {
        let text = """
            -DOCSTART- -X- -X- O

            EU NNP B-NP B-human
            rejects VBZ B-VP I-human

            Peter\tNNP\tB-ai

            """
        let results = ConversionHelpers.convertCoNLL(text, idPrefix: "train")
        let documents = ConversionHelpers.documents(results)
        #expect(documents.map(\.input.externalID) == ["train-1", "train-2"])
        #expect(documents.map(\.input.text) == ["EU rejects", "Peter"])
        #expect(documents.map(ConversionHelpers.spans) == [["human 0-10"], ["ai 0-5"]])
        #expect(documents[0].place == ImportPlace(line: 3, column: 1))
        #expect(documents[0].spanPlaces == [ImportPlace(line: 3, column: 13)])
    }

    @Test func aDocumentWithABadLineIsRejectedWithItsPlacesAndTheOthersImport() {
        let text = """
            Good B-ai

            Bad X-ai
            lonely
            Token B-PERSON

            Fine B-human
            """
        let results = ConversionHelpers.convertCoNLL(text)
        #expect(ConversionHelpers.documents(results).map(\.input.externalID) == ["doc-1", "doc-3"])
        #expect(ConversionHelpers.problems(results, file: "t.conll") == [
            #"t.conll:3:5: "X-ai" is not a tag (O, or B-, I-, E-, S-, L- or U- and a label) [doc-2]"#,
            #"t.conll:4:1: a token without a tag (a line holds a token, then its tag in the last column) [doc-2]"#,
            #"t.conll:5:7: unknown label "PERSON" (the schema has ai, human, quote) [doc-2]"#,
        ])
    }
}
