import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct ImportFormatDetectorTests {
    private func shape(_ text: String, whole: Bool = true) -> ImportFormatDetector.HeadShape {
        Array(text.utf8).withUnsafeBufferPointer { ImportFormatDetector.shape(ofHead: $0, isWholeFile: whole) }
    }

    private func record(_ text: String) throws -> JSONNode {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func theFirstBytesTellJSONLinesArraysValuesAndText() throws {
        #expect(shape(" \n\t") == .empty)
        #expect(shape("\u{FEFF}{\"id\": \"a\", \"text\": \"x\"}\n{\"id\": \"b\"") == .jsonLines(firstLine: try record(#"{"id": "a", "text": "x"}"#)))
        #expect(shape("[\n  {\"data\": {\"text\": \"x\"}}\n]") == .jsonArray)
        // A whole array on one line: one record per element, unless more lines follow (JSONL of arrays).
        #expect(shape(#"[{"text": "x"}]"#) == .jsonArray)
        #expect(shape(#"[{"text": "x"}, {"te"#, whole: false) == .jsonArray)
        #expect(shape("[1, 2]\n[3]") == .jsonLines(firstLine: try record("[1, 2]")))
        #expect(shape("{\n  \"text\": \"x\"\n}") == .jsonValues)
        #expect(shape("{\"id\": \"a\", \"text\": \"<ai>x</ai>\" oops}\n") == .brokenJSONLine)
        #expect(shape("EU B-ORG\nrejects O\n") == .text)
    }

    @Test func recordsAreRecognisedByTheirKeys() throws {
        #expect(ImportFormatDetector.format(ofRecord: try record(#"{"id": 1, "data": {"text": "x"}, "annotations": []}"#)) == .labelStudio)
        #expect(ImportFormatDetector.format(ofRecord: try record(#"{"text": "x", "ents": [], "tokens": []}"#)) == .spacy)
        #expect(ImportFormatDetector.format(ofRecord: try record(#"{"text": "x", "id": 4, "label": []}"#)) == .labelStudioMin)
        // Prodigy's tasks have tokens and a list of spans: Trellis JSONL reads them, not the spaCy reader.
        #expect(ImportFormatDetector.format(ofRecord: try record(#"{"text": "x", "tokens": [], "spans": [], "_input_hash": 1}"#)) == .labelStudioMin)
        #expect(!SpacyConverter.fits(try record(#"{"text": "x", "tokens": [], "spans": []}"#)))
        #expect(ImportFormatDetector.format(ofRecord: try record(#"{"foo": 1}"#)) == nil)
        #expect(!ImportFormatDetector.record(try record(#"{"foo": 1}"#), fits: .labelStudio))
    }

    @Test func coNLLIsMostlyTokensAndTagsFromItsFirstLine() {
        #expect(ImportFormatDetector.isCoNLL(["-DOCSTART- -X- O", "", "EU NNP B-ORG", "rejects VBZ O", "Bad X-ai"]))
        #expect(!ImportFormatDetector.isCoNLL(["id,text", "EU B-ORG"]))
        #expect(!ImportFormatDetector.isCoNLL(["a b", "c d", "EU O"]))
        #expect(!ImportFormatDetector.isCoNLL(["", " "]))
    }

    @Test func utf16UnitsBecomeCodePoints() {
        let offsets = UTF16Offsets("a👋🏽b".codePoints)
        #expect([0, 1, 3, 5, 6].map { offsets.codePoint(atUnit: $0) } == [0, 1, 2, 3, 4])
        #expect(offsets.codePoint(atUnit: 2) == nil)
        #expect(offsets.codePoint(atUnit: 7) == nil)
    }
}
