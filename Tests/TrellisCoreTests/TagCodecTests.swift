import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct TagCodecTests {
    let codec = TagCodec(schema: Fixtures.defaultSchema)

    @Test func parsesNestedTagsWithExactOffsets() {
        let result = codec.parse("<human>Hi!</human> <ai>You said <quote>hi</quote>.</ai>")
        #expect(result.errors.isEmpty)
        #expect(result.annotated.text == "Hi! You said hi.")
        #expect(result.annotated.spans == [
            Span(start: 0, end: 3, label: "human", depth: 0),
            Span(start: 4, end: 16, label: "ai", depth: 0),
            Span(start: 13, end: 15, label: "quote", depth: 1),
        ])
    }

    @Test func offsetsCountCodePointsNotGraphemesOrBytes() {
        // "e\u{301}" is one grapheme, two code points; 👩‍🔬 is three code points; 日本 two.
        let tagged = "<human>Cafe\u{301} 👩‍🔬</human>\r\n\t<ai>日本 🇰🇪</ai>"
        let result = codec.parse(tagged)
        #expect(result.errors.isEmpty)
        let spans = result.annotated.spans
        #expect(spans[0].start == 0 && spans[0].end == 9)   // C a f e ◌́ space 👩 ZWJ 🔬
        #expect(spans[1].start == 12 && spans[1].end == 17) // after \r \n \t: 日 本 space 🇰 🇪
        #expect(result.annotated.text(in: spans[1].start..<spans[1].end) == "日本 🇰🇪")
        #expect(codec.serialise(result.annotated) == tagged)
    }

    @Test func textThatOnlyLooksLikeATagIsText() {
        let tagged = "<ai>if a < b and b > c, then a<b; <br> stays, as does <p class=\"x\"> and &copy;</ai>"
        let result = codec.parse(tagged)
        #expect(result.errors.isEmpty)
        #expect(result.annotated.text == "if a < b and b > c, then a<b; <br> stays, as does <p class=\"x\"> and &copy;")
        #expect(codec.serialise(result.annotated) == tagged)
    }

    @Test func escapedTagsDecodeAndReEncode() {
        let tagged = "<human>What does &lt;ai&gt; mean? And &amp;lt; is not &lt;/human&gt;.</human>"
        let result = codec.parse(tagged)
        #expect(result.errors.isEmpty)
        #expect(result.annotated.text == "What does <ai> mean? And &lt; is not </human>.")
        #expect(result.annotated.spans.count == 1)
        #expect(codec.serialise(result.annotated) == tagged)
    }

    @Test func unneededEscapesAreDecodedAndWrittenInShortestForm() {
        let result = codec.parse("<ai>a &lt; b</ai>")
        #expect(result.annotated.text == "a < b")
        #expect(codec.serialise(result.annotated) == "<ai>a < b</ai>")
    }

    @Test func unknownTagIsAnErrorWithHint() {
        let result = codec.parse("<ai>ok</ai> <AI>shout</AI> <assistant>x</assistant>")
        #expect(result.errors.map(\.kind) == [.unknownTag, .unknownTag, .unknownTag, .unknownTag])
        #expect(result.errors[0].message.contains("did you mean <ai>?"))
        #expect(result.errors[0].taggedOffset == 12)
        #expect(result.errors[2].message.contains("&lt;assistant&gt;"))
    }

    @Test func unbalancedCrossingAndEmptyTagsAreReportedWithOffsets() {
        let crossing = codec.parse("<ai>one <human>two</ai> three</human>")
        #expect(crossing.errors.map(\.kind) == [.crossing])
        #expect(crossing.errors[0].taggedOffset == 18)

        let unclosed = codec.parse("<human>never closed")
        #expect(unclosed.errors.map(\.kind) == [.unclosed])
        #expect(unclosed.errors[0].taggedOffset == 0)

        let stray = codec.parse("text</ai>")
        #expect(stray.errors.map(\.kind) == [.unexpectedClose])
        #expect(stray.errors[0].taggedOffset == 4)
        #expect(stray.errors[0].plainOffset == 4)

        let empty = codec.parse("<ai></ai>")
        #expect(empty.errors.map(\.kind) == [.emptySpan])
    }

    @Test func offsetsCountCodePointsWhateverTheBytesBeforeThem() {
        // Multi-byte characters before and between tags, and runs long enough to be read
        // eight bytes at a time.
        let tagged = "日本語のテキスト、とても長い <ai>é👩‍🔬 &amp; some plain ASCII words</ai> <bogus> ✓"
        let result = codec.parse(tagged)
        #expect(result.text == "日本語のテキスト、とても長い é👩‍🔬 & some plain ASCII words <bogus> ✓")
        #expect(result.text == result.annotated.text)
        #expect(result.annotated.spans == [Span(start: 15, end: 44, label: "ai")])
        #expect(result.errors.map(\.kind) == [.unknownTag])
        #expect(result.errors[0].taggedOffset == 58)
        #expect(result.errors[0].plainOffset == 45)
    }

    @Test func equalRangesKeepTheirNestingOrder() {
        let tagged = "<ai><quote>all quoted</quote></ai>"
        let result = codec.parse(tagged)
        #expect(result.annotated.spans.map(\.label) == ["ai", "quote"])
        #expect(result.annotated.spans.map(\.depth) == [0, 1])
        #expect(codec.serialise(result.annotated) == tagged)
    }

    @Test func serialisingEscapesTagShapedTextUnlessASpanBoundaryBreaksIt() {
        // A boundary inside "<ai>" breaks the token: no escape needed.
        let broken = AnnotatedText(text: "x<ai>y", spans: [Span(start: 0, end: 2, label: "human")])
        #expect(codec.serialise(broken) == "<human>x<</human>ai>y")
        #expect(codec.parse(codec.serialise(broken)).annotated == broken)
        // Whole token in one piece: escaped.
        let whole = AnnotatedText(text: "x<ai>y", spans: [Span(start: 0, end: 6, label: "human")])
        #expect(codec.serialise(whole) == "<human>x&lt;ai&gt;y</human>")
    }

    @Test func mapsPlainOffsetsBackToTaggedOffsets() {
        let tagged = Array("<ai>a &lt; b</ai> <human>c</human>".unicodeScalars)
        #expect(codec.taggedOffsets(ofPlain: [0, 2, 3, 6, 7], in: tagged) == [0, 6, 10, 18, 26])
    }
}
