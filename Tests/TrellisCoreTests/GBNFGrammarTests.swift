import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct GBNFGrammarTests {
    private func grammar(_ schema: TagSchema) -> String {
        GBNFGrammar.grammar(for: TransitionTable(schema: schema))
    }

    /// The default schema's grammar is a golden file: `TRELLIS_RECORD_GOLDEN=1 swift test
    /// --filter GBNFGrammarTests` re-records it.
    @Test func theDefaultSchemasGrammarMatchesItsGoldenFile() throws {
        Golden.expect(grammar(Fixtures.defaultSchema), matches: "model-raising.gbnf")
    }

    @Test(arguments: DecodingSchemas.all)
    func everyGrammarLoadsByLlamaCppsRules(schema: TagSchema) throws {
        let recognizer = try GBNFRecognizer(grammar(schema))
        #expect(recognizer.names["root"] != nil)
    }

    @Test func theRecognizerRefusesWhatLlamaCppRefuses() {
        for broken in ["root ::= a", "root ::= \"x\" \nfoo_bar ::= \"y\"", "root ::= [\\q]", "root ::= root \"x\"", "rot ::= \"x\"", "root ::= \"x\"{3,1}"] {
            #expect(throws: GBNFRecognizer.SyntaxError.self, "\(broken)") { try GBNFRecognizer(broken) }
        }
        let grammar = try? GBNFRecognizer("root ::= (\"a\" | [0-9]{2,3})+ tail?\ntail ::= [^\\x00-\\x40]\n")
        #expect(grammar?.matches("a12a") == true)
        #expect(grammar?.matches("12345z") == true)
        #expect(grammar?.matches("1") == false)
        #expect(grammar?.matches("a@") == false)
    }

    @Test func matchesTheValidDocumentsOfAGeneratedCorpusOnly() throws {
        let schema = Fixtures.defaultSchema
        let recognizer = try GBNFRecognizer(grammar(schema))
        let corpus = DecodingSchemas.corpus(seed: 5, count: 300)
        let valid = corpus.filter { DecodingSchemas.isValid($0.tagged, schema) }.prefix(25)
        let invalid = corpus.filter { !DecodingSchemas.isValid($0.tagged, schema) }.prefix(5)
        #expect(valid.count == 25 && invalid.count == 5)
        for document in valid { #expect(recognizer.matches(document.tagged), "\(document.tagged)") }
        for document in invalid { #expect(!recognizer.matches(document.tagged), "\(document.tagged)") }
    }

    @Test func refusesPlantedBannedTransitionsAndIllegalNestings() throws {
        let schema = Fixtures.defaultSchema
        let recognizer = try GBNFRecognizer(grammar(schema))
        let codec = TagCodec(schema: schema)
        let short = AnnotatedText(text: "Hi there. Fine, you said okay.", spans: [
            Span(start: 0, end: 9, label: "human"), Span(start: 10, end: 30, label: "ai"), Span(start: 25, end: 29, label: "quote", depth: 1),
        ])
        #expect(recognizer.matches(codec.serialise(short)))
        let mutations = DecodingSchemas.mutations(of: short, schema)
        #expect(mutations.count > 10)
        for (mutated, _) in mutations {
            #expect(!recognizer.matches(codec.serialise(mutated)), "\(codec.serialise(mutated))")
        }
    }

    /// Text full of tag look-alikes: a `<` is text unless it starts a tag-shaped token, literal
    /// tags are text, unknown tags and over-long names are not what they seem.
    @Test(arguments: DecodingSchemas.all)
    func agreesWithTheCodecAndValidatorOnRandomTaggedText(schema: TagSchema) throws {
        let recognizer = try GBNFRecognizer(grammar(schema))
        let names = schema.tags.map(\.name)
        var fragments = names.flatMap { ["<\($0)>", "</\($0)>", "<\($0)", "</\($0)", "<\($0) >"] } + [
            "<", "</", "<<", "< ", "<>", "</>", "<br>", "</p>", "<br/>", "<AI>", "<bot>", "</bot>", "<a", "<a1-_", ">", "/",
            " ", "\n", "\u{3000}", "\u{85}", "\u{200B}", "x", "word", "&lt;ai&gt;", "&amp;", "&", "😀", "é",
            "<" + String(repeating: "a", count: 32) + ">", "<" + String(repeating: "a", count: 33) + ">", "<" + String(repeating: "b", count: 32),
        ]
        fragments += names.map { "<\($0)>x</\($0)>" } + names.map { "<\($0)> </\($0)>" }
        var random = SeededRandom(seed: 11)
        var matched = 0, refused = 0
        let topLevel = schema.tags.filter(\.topLevel).map(\.name)
        for _ in 0..<1500 {
            var tagged = (0..<Int.random(in: 1...9, using: &random)).map { _ in fragments.randomElement(using: &random)! }.joined()
            if Bool.random(using: &random), let tag = topLevel.randomElement(using: &random) { tagged = "<\(tag)>\(tagged)</\(tag)>" }
            let valid = DecodingSchemas.isValid(tagged, schema)
            #expect(recognizer.matches(tagged) == valid, "\(tagged.debugDescription)")
            if valid { matched += 1 } else { refused += 1 }
        }
        #expect(matched > 30)
        #expect(refused > 30)
    }

    /// Well-formed documents whose text holds every hazard the codec escapes.
    @Test(arguments: DecodingSchemas.all)
    func agreesWithTheValidatorOnSerialisedRandomDocuments(schema: TagSchema) throws {
        let recognizer = try GBNFRecognizer(grammar(schema))
        let codec = TagCodec(schema: schema)
        var generator = DocumentGenerator(seed: 3, labels: schema.tags.map(\.name))
        var matched = 0
        for _ in 0..<800 {
            let document = generator.next(maxPieces: 10)
            let tagged = codec.serialise(document)
            let valid = DecodingSchemas.isValid(tagged, schema)
            #expect(recognizer.matches(tagged) == valid, "\(tagged.debugDescription)")
            if valid { matched += 1 }
        }
        #expect(matched > 8)
    }
}
