import Testing
import TrellisCore
import TrellisTestSupport

/// Import lines and configuration files written as an attacker would: every rule holds, errors
/// name their place, nothing costs more than linear time in the input.
@Suite struct UntrustedInputTests {
    let decoder = DocumentLineDecoder(schema: Fixtures.defaultSchema)
    let lineValidator = LineValidator(schema: Fixtures.defaultSchema)

    private func problems(_ line: String) -> [ImportProblem] {
        var bytes = Array(line.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer in
            switch decoder.decode(UnsafeBufferPointer(buffer), lineNumber: 1) {
            case .success: return []
            case .failure(let rejection): return rejection.problems
            }
        }
    }

    private func validation(_ line: String) -> [ImportProblem] {
        Array(line.utf8).withUnsafeBufferPointer { lineValidator.problems(in: $0, lineNumber: 1) }
    }

    @Test(arguments: [
        ("\u{9B}31m", "\"id\" contains a control character U+009B"),
        ("a\u{1B}]2;x\u{7}", "\"id\" contains a control character U+001B"),
        ("abc\u{202E}txt", "\"id\" contains a bidirectional control U+202E"),
        ("\u{2066}x", "\"id\" contains a bidirectional control U+2066"),
        ("a\u{2028}b", "\"id\" contains a line or paragraph separator U+2028"),
        ("\u{200B}", "\"id\" has no visible characters"),
        ("\u{200B}\u{FEFF} \u{2060}", "\"id\" has no visible characters"),
        ("   ", "\"id\" has no visible characters"),
        ("", "\"id\" is empty"),
    ])
    func idsMustBeVisibleText(id: String, message: String) {
        let found = problems(ImportHelpers.line(id: id, text: "<ai>x</ai>"))
        #expect(found.map(\.message) == [message])
        #expect(found.first?.column == 8)
    }

    @Test(arguments: ["a-1", "日本", "👩‍🔬", "e\u{301}", "x\u{200B}y"])
    func visibleIdsAreKept(id: String) {
        #expect(problems(ImportHelpers.line(id: id, text: "<ai>x</ai>")).isEmpty)
    }

    @Test func aTextOfOnlyInvisibleCharactersIsRefusedLikeOneOfSpaces() {
        for text in ["   ", "\u{200B}", "<ai>\u{200B}\u{200D}</ai>", "\u{FEFF}<human>\u{2060} </human>"] {
            #expect(problems(ImportHelpers.line(id: "z", text: text)).map(\.message) == ["\"text\" has no visible characters"], "\(text.debugDescription)")
        }
    }

    @Test func invisibleCharactersCountAsWhiteSpaceForTheSchema() {
        // Two ai spans with only a zero-width space between are banned neighbours, as with a space.
        let banned = validation(ImportHelpers.line(id: "b", text: "<ai>one</ai>\u{200B}<ai>two</ai>"))
        #expect(banned.map { $0.message.hasPrefix("banned-transition:") } == [true])
        // Invisible text outside every span is not untagged text.
        #expect(validation(ImportHelpers.line(id: "u", text: "\u{FEFF}<ai>one</ai>\u{200B}")).isEmpty)
    }

    @Test func aRepeatedKeyIsAnErrorAtTheSecondKey() {
        let line = #"{"id": "a", "text": "<ai>first</ai>", "text": "<ai>second</ai>"}"#
        #expect(problems(line).map { "\($0.column): \($0.message)" } == [
            "39: invalid JSON: duplicate key \"text\" (each key may appear once in an object)",
        ])
        // Inside meta too: Python would keep the last value, other readers the first.
        #expect(problems(#"{"id": "a", "text": "<ai>x</ai>", "meta": {"k": 1, "k": 2}}"#).first?.column == 52)
    }

    @Test func tagErrorsArePlacedUpToTheLimitThenCounted() {
        let line = ImportHelpers.line(id: "x", text: String(repeating: "<bot>", count: 16_000))
        let found = problems(line)
        #expect(found.count == ProblemLimit.perLine + 1)
        #expect(found.prefix(ProblemLimit.perLine).allSatisfy { $0.message.hasPrefix("unknown tag <bot>") })
        #expect(found[1].column == found[0].column + 5)
        #expect(found.last?.message == "… and 15,980 more problems on this line")
        #expect(found.last?.leftOut == 15_980)
        #expect(ImportProblem.count(found) == 16_000)
    }

    @Test func schemaViolationsArePlacedUpToTheLimitThenCounted() {
        // 500 quotes at the top level: each breaks the schema.
        let line = ImportHelpers.line(id: "q", text: String(repeating: "<ai>a</ai><quote>q</quote>", count: 500))
        let found = validation(line)
        #expect(found.count == ProblemLimit.perLine + 1)
        #expect(found.last?.message == "… and 480 more problems on this line")
        #expect(ImportProblem.count(found) == 500)
    }

    @Test func offsetSpansArePlacedUpToTheLimitThenCounted() {
        let spans = (0..<3000).map { #"{"start": \#($0), "end": \#($0 + 1), "label": "bot"}"# }.joined(separator: ", ")
        let found = problems(#"{"id": "o", "text": "x", "spans": [\#(spans)]}"#)
        #expect(found.count == ProblemLimit.perLine + 1)
        #expect(ImportProblem.count(found) == 3000)
    }

    @Test func theCodecKeepsItsFirstErrorsAndCountsTheRest() {
        let codec = TagCodec(schema: Fixtures.defaultSchema)
        let parsed = codec.parse(String(repeating: "<ai>", count: 100_000))
        #expect(parsed.errorCount == 100_000)
        #expect(parsed.errors.count == TagCodec.maxKeptErrors)
        #expect(!parsed.isValid)
    }

    @Test func deeplyNestedAndCrossingTagsParseAsBefore() {
        let codec = TagCodec(schema: Fixtures.defaultSchema)
        // Crossing: </ai> closes the outer ai while human is open; the human then closes normally.
        let crossing = codec.parse("<ai>a<human>b</ai>c</human>")
        #expect(crossing.errors.map(\.kind) == [.crossing])
        #expect(crossing.annotated.spans == [Span(start: 0, end: 2, label: "ai"), Span(start: 1, end: 3, label: "human", depth: 1)])
        // Many tags closed below the top of the stack, then the rest: every span gets its end.
        let count = 20_000
        let text = String(repeating: "<ai>x", count: count) + "<human>h" + String(repeating: "</ai>", count: count) + "</human>"
        let parsed = codec.parse(text)
        #expect(parsed.errorCount == count)
        #expect(parsed.errors.allSatisfy { $0.kind == .crossing })
        #expect(parsed.annotated.spans.count == count + 1)
        #expect(parsed.annotated.spans.last == Span(start: count, end: count + 1, label: "human", depth: count))
        #expect(parsed.annotated.spans.first == Span(start: 0, end: count + 1, label: "ai"))
        // Unexpected closings of a name that is not open at all, under a deep stack.
        let unopened = codec.parse(String(repeating: "<ai>", count: count) + "x" + String(repeating: "</quote>", count: count))
        #expect(unopened.errorCount == 2 * count)
    }

    @Test func textPositionsAreFoundInOnePass() {
        let scalars = Array("ab\ncd\n\nefgh".unicodeScalars)
        #expect(TextPosition.positions(of: [0, 2, 3, 5, 6, 7, 10, 99], in: scalars).map(\.description)
                == ["1:1", "1:3", "2:1", "2:3", "3:1", "4:1", "4:4", "4:93"])
    }

    @Test func problemCountsAreWrittenWithThousandsSeparators() {
        #expect(ProblemLimit.more(15_997, "on this line") == "… and 15,997 more problems on this line")
        #expect(ProblemLimit.more(1, "in this document") == "… and 1 more problem in this document")
        #expect(ProblemLimit.more(1_234_567, "on this line") == "… and 1,234,567 more problems on this line")
    }
}
