import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct TagCodecPropertyTests {
    let codec = TagCodec(schema: Fixtures.defaultSchema)

    @Test(arguments: 0..<4)
    func serialiseThenParseGivesTheDocumentBackAndIsAFixedPoint(batch: UInt64) {
        var generator = DocumentGenerator(seed: 1000 + batch, labels: ["ai", "human", "quote"])
        for _ in 0..<1500 {
            let document = generator.next()
            let tagged = codec.serialise(document)
            let parsed = codec.parse(tagged)
            #expect(parsed.errors.isEmpty, "\(tagged.debugDescription): \(parsed.errors)")
            #expect(parsed.annotated == document, "\(tagged.debugDescription)")
            #expect(parsed.text == document.text)
            #expect(codec.serialise(parsed.annotated) == tagged)
            if parsed.annotated != document { return }
        }
    }

    @Test func parsingRandomTaggedTextNeverCrashesAndReparsesStably() {
        var random = SeededRandom(seed: 7)
        let pieces = DocumentGenerator.alphabet + ["<quote>", "</quote>", "</human>", "<", "</", "<a", "i>"]
        for _ in 0..<3000 {
            let text = (0..<Int.random(in: 0...25, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let parsed = codec.parse(text)
            for span in parsed.annotated.spans {
                #expect(span.start >= 0 && span.end <= parsed.annotated.scalars.count)
            }
            guard parsed.isValid else { continue }
            let canonical = codec.serialise(parsed.annotated)
            #expect(codec.parse(canonical).annotated == parsed.annotated, "\(text.debugDescription)")
            #expect(codec.serialise(codec.parse(canonical).annotated) == canonical)
        }
    }

    @Test func textParsedAsCanonicalIsExactlyWhatTheSerialiserWrites() {
        var random = SeededRandom(seed: 11)
        let pieces = DocumentGenerator.alphabet + ["<quote>", "</quote>", "</human>", "<human>", "</ai>", "<ai>", "<q>", "</q>"]
        var canonical = 0, rewritten = 0
        for _ in 0..<6000 {
            let text = (0..<Int.random(in: 1...20, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let parsed = codec.parse(text)
            guard parsed.isValid else { continue }
            let serialised = codec.serialise(parsed.annotated)
            if parsed.isCanonical {
                canonical += 1
                #expect(serialised == text, "\(text.debugDescription) parsed as canonical but serialises as \(serialised.debugDescription)")
            } else {
                rewritten += 1
            }
        }
        #expect(canonical > 300 && rewritten > 300, "\(canonical) canonical, \(rewritten) not")
    }
}
