import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct ValidatorTests {
    let codec = TagCodec(schema: Fixtures.defaultSchema)
    let validator = Validator(schema: Fixtures.defaultSchema)

    private func violations(_ tagged: String) -> [Violation] {
        let parsed = codec.parse(tagged)
        precondition(parsed.isValid, "\(parsed.errors)")
        return validator.violations(in: parsed.annotated)
    }

    @Test func wellFormedDialogueHasNoViolations() {
        #expect(violations("<human>Hi.</human>\n<ai>Hello, you said <quote>hi</quote>.</ai>").isEmpty)
    }

    @Test func quoteOutsideAnAISpanIsANestingViolation() {
        let found = violations("<human>I said <quote>no</quote>.</human> <quote>top</quote>")
        #expect(found.map(\.kind) == [.nesting, .nesting])
        #expect(found[0].message == "<quote> is not allowed inside <human> (allowed only inside <ai>)")
        #expect(found[0].range == 7..<9)
        #expect(found[1].message.contains("at the top level"))
    }

    @Test func untaggedTextIsReportedWithoutItsWhitespace() {
        let found = violations("<human>a</human>  stray words \n<ai>b</ai> tail")
        #expect(found.map(\.kind) == [.untaggedText, .untaggedText])
        #expect(found[0].range == 3..<14)
        #expect(found[0].message == "text outside any span: \"stray words\"")
        #expect(found[1].range == 18..<22)
    }

    @Test func sameModeNeighboursSeparatedOnlyByWhitespaceAreBanned() {
        let found = violations("<ai>one</ai> \n<ai>two</ai><human>x</human>, <human>y</human>")
        // The comma between the human spans is untagged text, so that pair is not banned.
        #expect(found.map(\.kind) == [.bannedTransition, .untaggedText])
        #expect(found[0].range == 0..<8)
        #expect(found[0].message == "<ai> followed by <ai>: two ai spans with only white space between; merge them")
    }

    @Test func onlyBansBetweenSpansOfOneLabelSuggestMerging() {
        var schema = Fixtures.defaultSchema
        schema.bannedTransitions.append(BannedTransition(from: "human", to: "ai", separation: .whitespace, reason: "answer in a new turn"))
        let parsed = codec.parse("<human>Hi.</human> <ai>Hello.</ai> <ai>Again.</ai>")
        let found = Validator(schema: schema).violations(in: parsed.annotated)
        #expect(found.map(\.message) == [
            "<human> followed by <ai>: answer in a new turn",
            "<ai> followed by <ai>: two ai spans with only white space between; merge them",
        ])
        // A schema kept from an older default already says it in its reason: said once.
        schema.bannedTransitions = [BannedTransition(from: "ai", to: "ai", reason: "two ai spans: merge them")]
        #expect(Validator(schema: schema).violations(in: parsed.annotated).map(\.message) == ["<ai> followed by <ai>: two ai spans: merge them"])
    }

    @Test func transitionsAreCheckedBetweenSiblingsOnly() {
        // The first two quotes are siblings; the second <ai> follows the first at the top level, not
        // the quote nested in it; the last quote, only whitespace after the second, has no sibling
        // before it in its own <ai>.
        let found = violations("<ai>a <quote>b</quote> <quote>c</quote></ai> <ai><quote>e</quote> f</ai>")
        #expect(found.map(\.kind) == [.bannedTransition, .bannedTransition])
        #expect(found.map(\.range) == [0..<9, 2..<5])
        #expect(found.map { $0.message.hasPrefix("<ai> followed by <ai>") } == [true, false])
    }

    @Test func spansGivenByOffsetsAreCheckedForBoundsCrossingAndLabels() {
        let text = AnnotatedText(text: "abcdef", spans: [
            Span(start: 0, end: 4, label: "ai"),
            Span(start: 2, end: 6, label: "human"),
            Span(start: 5, end: 9, label: "robot"),
        ])
        let kinds = Set(validator.violations(in: text).map(\.kind))
        #expect(kinds.isSuperset(of: [.crossing, .unknownLabel, .outOfBounds]))
    }

    @Test func untaggedTextCanBeAllowed() {
        var schema = Fixtures.defaultSchema
        schema.allowsUntaggedText = true
        let parsed = codec.parse("free text <ai>a</ai>")
        #expect(Validator(schema: schema).violations(in: parsed.annotated).isEmpty)
    }
}
