import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct BratConverterTests {
    private func convert(_ text: String, _ ann: String?, id: String = "doc") -> ConversionResult {
        let converter = BratConverter(schema: Fixtures.defaultSchema)
        return Array(text.utf8).withUnsafeBufferPointer { text in
            guard let ann else { return converter.convert(name: "doc", text: text, annotations: nil, id: id, idPlace: nil) }
            return Array(ann.utf8).withUnsafeBufferPointer { converter.convert(name: "doc", text: text, annotations: $0, id: id, idPlace: nil) }
        }
    }

    @Test func fragmentsAcrossALineBreakAreOneSpanAndOtherLinesAreIgnored() throws {
        let text = "Stage two 👋🏽.\nLine one\nline two « ok »."
        let ann = """
            T1\thuman 0 13\tStage two 👋🏽.
            T2\tai 14 22;23 39\tLine one line two « ok ».
            T3\tquote 32 38\t« ok »
            A1\tcare T1 4
            #1\tAnnotatorNotes T2\tfine
            R1\tQuotes Arg1:T2 Arg2:T3

            """
        let document = try convert(text, ann).get()
        #expect(ConversionHelpers.spans(document) == ["human 0-13", "ai 14-39", "quote 32-38"])
        #expect(document.spanPlaces.map { "\($0.file ?? ""):\($0.line):\($0.column)" } == ["doc.ann:1:4", "doc.ann:2:4", "doc.ann:3:4"])
    }

    @Test func fragmentsWithTextBetweenThemStaySeparateAndATextWithoutAnnotationsHasNoSpans() throws {
        let document = try convert("one two three", "T1\tai 0 3;8 13\tone three\n").get()
        #expect(ConversionHelpers.spans(document) == ["ai 0-3", "ai 8-13"])
        #expect(try convert("plain", nil).get().input.annotated.spans.isEmpty)
    }

    @Test func theTextFieldIsCheckedIgnoringWhiteSpace() throws {
        // A tab inside the span, written as a space by another tool: still the same text.
        #expect(throws: Never.self) { try convert("a\tb c", "T1\tai 0 5\ta b c\n").get() }
        guard case .failure(let rejection) = convert("héllo", "T1\tai 0 4\thell\n") else { Issue.record("accepted"); return }
        #expect(rejection.problems.map { $0.formatted(file: "f") } == [
            #"f/doc.ann:1:11: the text field "hell" is not the text at 0 4: "héll" (offsets must count code points) [doc]"#,
        ])
    }

    @Test func badLinesAreReportedAsFileLine() {
        let ann = "T1\tai 0 5\tHello\nT2 no tabs\nT3\tai five six\tx\nT4\tbot 0 5\tHello\nT5\tai 3 99\tx\n"
        guard case .failure(let rejection) = convert("Hello", ann) else { Issue.record("accepted"); return }
        #expect(rejection.problems.map { $0.formatted(file: "out/brat") } == [
            "out/brat/doc.ann:2:1: a T line needs an id, then a label with its offsets, then the text, separated by tabs [doc]",
            #"out/brat/doc.ann:3:7: "five six" are not offsets inside the text (START END, fragments separated by ';'; the text has 5 code points) [doc]"#,
            #"out/brat/doc.ann:4:4: unknown label "bot" (the schema has ai, human, quote) [doc]"#,
            #"out/brat/doc.ann:5:7: "3 99" are not offsets inside the text (START END, fragments separated by ';'; the text has 5 code points) [doc]"#,
        ])
    }

    @Test func invalidUTF8InTheTextIsPlaced() {
        let converter = BratConverter(schema: Fixtures.defaultSchema)
        let result = [UInt8]("ok\nab".utf8 + [0xFF]).withUnsafeBufferPointer {
            converter.convert(name: "doc", text: $0, annotations: nil, id: "doc", idPlace: nil)
        }
        guard case .failure(let rejection) = result else { Issue.record("accepted"); return }
        #expect(rejection.problems.map { $0.formatted(file: "b") } == ["b/doc.txt:2:3: invalid UTF-8 byte 0xFF [doc]"])
    }

    @Test func theIDMapGivesIdsAndReportsItsBadLines() {
        let tsv = "file\tid\ndoc-1.txt\tCafé #1\ndoc-2\tsecond\nbroken line\ndoc-2.ann\tagain\ndoc-3\tsecond\n# a comment\n\n"
        let map = Array(tsv.utf8).withUnsafeBufferPointer(BratIDMap.init(parsing:))
        #expect(map.id(of: "doc-1").id == "Café #1")
        #expect(map.id(of: "doc-1").place == ImportPlace(file: "ids.tsv", line: 2, column: 11))
        #expect(map.id(of: "doc-2").id == "second")
        #expect(map.id(of: "doc-3").id == "doc-3")
        #expect(map.id(of: "unlisted").id == "unlisted")
        #expect(map.problems.map { $0.formatted(file: "f") } == [
            "f/ids.tsv:4:1: a line needs two fields separated by a tab: the file name, then the id",
            #"f/ids.tsv:5:1: "doc-2" is listed again (first on line 3)"#,
            #"f/ids.tsv:6:7: the id "second" is given to "doc-2" already [second]"#,
        ])
    }
}
