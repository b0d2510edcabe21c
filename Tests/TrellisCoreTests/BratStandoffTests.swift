import Testing
@testable import TrellisCore
import TrellisTestSupport

/// brat's line format: a span's text field never holds what would end an `.ann` line or split
/// its fields, the offsets stay the span's, nesting is declared where the schema allows it, and
/// every id gets a file name that a file system takes.
@Suite struct BratStandoffTests {
    private func document(_ text: String, _ spans: [Span]) -> GoldDocument {
        GoldDocument(id: "d", stage: 1, metaJSON: nil, text: text, spans: spans,
                     gold: spans.map { GoldSpan(span: $0, ratings: [:], reviewers: ["ada"], notes: [], resolution: "single", reviewedAt: "") },
                     importHash: "h", sourceHash: nil)
    }

    @Test func everyLineBreakingCodePointIsLeftOutOfTheFragments() {
        let breakers = ["\t", "\n", "\r\n", "\u{0B}", "\u{0C}", "\u{1C}", "\u{85}", "\u{2028}", "\u{2029}"]
        for breaker in breakers {
            let text = "ab\(breaker)cd"
            let length = text.unicodeScalars.count
            let files = BratStandoff.files(for: document(text, [Span(start: 0, end: length, label: "ai")]))
            #expect(files.annotations == "T1\tai 0 2;\(length - 2) \(length)\tab cd\n", "\(breaker.unicodeScalars.map(\.value))")
            #expect(files.text == text)
        }
    }

    @Test func aSpanStartingOrEndingWithALineBreakKeepsItsOffsetsAsEmptyFragments() {
        let files = BratStandoff.files(for: document("x\tab\u{2028}y", [Span(start: 1, end: 5, label: "ai")]))
        #expect(files.annotations == "T1\tai 1 1;2 4;5 5\t ab \n")
        #expect(BratStandoff.problem(in: AnnotatedText(scalars: Array("a\t\nb".unicodeScalars), spans: [Span(start: 1, end: 3, label: "ai")]),
                                     schema: Fixtures.defaultSchema)?.contains("only line breaks") == true)
    }

    @Test func notesStayOnOneLine() {
        var gold = document("Hello", [Span(start: 0, end: 5, label: "human")])
        gold.notes = [DocumentNote(reviewer: "ada", note: "one\u{2028}two\u{85}three\tfour")]
        #expect(BratStandoff.files(for: gold).annotations.hasSuffix("#1\tDocumentNote T1\tada: one two three four\n"))
    }

    @Test func nestingIsDeclaredWhereTheSchemaAllowsItAndRefusedElsewhere() {
        let conf = BratStandoff.configuration(schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric)
        #expect(conf.contains("[relations]\n<OVERLAP>\tArg1:quote, Arg2:ai, <OVL-TYPE>:contain|equal\n"))
        let inHuman = AnnotatedText(scalars: Array("Hello there".unicodeScalars), spans: [Span(start: 0, end: 11, label: "human"), Span(start: 6, end: 11, label: "quote", depth: 1)])
        #expect(BratStandoff.problem(in: inHuman, schema: Fixtures.defaultSchema)?.contains("<quote> lies inside <human>") == true)
    }

    @Test func everyIdGetsAShortSafeFileName() {
        #expect(BratStandoff.fileName(for: "s1-bike-003") == "s1-bike-003")
        #expect(BratStandoff.fileName(for: "../etc/passwd").hasPrefix("_._etc_passwd-"))
        let long = String(repeating: "é", count: 256)
        let name = BratStandoff.fileName(for: long)
        #expect(name.utf8.count + 4 < 255)
        #expect(name != BratStandoff.fileName(for: String(repeating: "é", count: 255) + "e"))
        #expect(BratStandoff.fileName(for: String(repeating: "a", count: 256)).utf8.count <= 117)
        #expect(BratStandoff.idsLine(id: long) == "\(name).txt\t\(long)\n")
    }
}
