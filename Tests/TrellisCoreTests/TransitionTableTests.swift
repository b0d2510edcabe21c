import Foundation
import Testing
import TrellisCore
import TrellisTestSupport

/// Schemas beyond the default one, and what the table and grammar must say of tagged text.
enum DecodingSchemas {
    /// docs/schema.md's second example: untagged text allowed, a ban whatever lies between.
    static let assistantTurns = load("""
        {"name": "assistant-turns", "version": "2", "allowUntaggedText": true,
         "tags": [{"name": "user", "key": "u"}, {"name": "assistant", "key": "s"},
                  {"name": "thinking", "key": "t", "topLevel": false, "nestsIn": ["assistant"]}],
         "bannedTransitions": [{"from": "user", "to": "user", "separation": "anything"}]}
        """)

    /// Names with `_` and `-`, a tag nesting in itself, no literal tags.
    static let odd = load("""
        {"name": "odd", "tags": [{"name": "a_b", "key": "x"}, {"name": "a-b", "key": "y", "nestsIn": ["a-b", "a_b"]}],
         "bannedTransitions": [{"from": "a-b", "to": "a_b"}, {"from": "a_b", "to": "a-b", "separation": "anything"}]}
        """)

    static let all = [Fixtures.defaultSchema, assistantTurns, odd]

    static func load(_ text: String) -> TagSchema {
        do {
            return try TagSchema.load(file: "test-schema.json", bytes: Array(text.utf8))
        } catch {
            fatalError("\(error)")
        }
    }

    /// Whether `tagged` imports without tag errors, passes validation and holds a span (or, where
    /// allowed, visible text): what the table and the grammar must accept.
    static func isValid(_ tagged: String, _ schema: TagSchema) -> Bool {
        let parsed = TagCodec(schema: schema).parse(tagged)
        return parsed.errors.isEmpty && isValid(parsed.annotated, schema)
    }

    static func isValid(_ annotated: AnnotatedText, _ schema: TagSchema) -> Bool {
        Validator(schema: schema).violations(in: annotated).isEmpty
            && (!annotated.spans.isEmpty || (schema.allowsUntaggedText && annotated.scalars.contains { !$0.isBlank }))
    }

    /// The table of `schema` as a decoder would get it: written to JSON and read back.
    static func exportedTable(_ schema: TagSchema) throws -> TransitionTable {
        try TransitionTable.load(file: "table.json", bytes: TransitionTable(schema: schema).json())
    }

    /// Documents of a generated corpus, as tagged text and decoded (lines the importer rejects left out).
    static func corpus(seed: UInt64, count: Int) -> [(tagged: String, annotated: AnnotatedText)] {
        var generator = CorpusGenerator(seed: seed)
        let decoder = DocumentLineDecoder(schema: Fixtures.defaultSchema)
        return (1...count).compactMap { index in
            let bytes = Array(generator.nextLine(index: index).utf8)
            guard case .success(let input) = bytes.withUnsafeBufferPointer({ decoder.decode($0, lineNumber: index) }),
                  let tagged = try? JSONParser.parse(bytes)["text"]?.stringValue else { return nil }
            return (tagged, input.annotated)
        }
    }

    /// Every way of planting one banned neighbour or one illegal nesting in `annotated`, each
    /// with the violation the validator must find.
    static func mutations(of annotated: AnnotatedText, _ schema: TagSchema) -> [(AnnotatedText, Violation.Kind)] {
        let tree = SpanTree(annotated)
        var found: [(AnnotatedText, Violation.Kind)] = []
        let word: [Unicode.Scalar] = Array("planted".unicodeScalars)
        for place in tree.spanPlaces() {
            // A banned neighbour right after the span, with only a space between.
            for ban in schema.bannedTransitions where ban.from == place.label && schema.allows(ban.to, in: place.parent) {
                var mutated = tree
                mutated.changeSiblings(of: place.path) { siblings, index in
                    siblings.insert(contentsOf: [.text([" "]), .span(ban.to, [.text(word)])], at: index + 1)
                }
                found.append((mutated.annotated, .bannedTransition))
            }
            // The span relabelled to a tag that may not stand where it is.
            for tag in schema.tags where !schema.allows(tag.name, in: place.parent) {
                var mutated = tree
                mutated.changeSiblings(of: place.path) { siblings, index in
                    guard case .span(_, let children) = siblings[index] else { return }
                    siblings[index] = .span(tag.name, children)
                }
                found.append((mutated.annotated, .nesting))
            }
            // A span nested inside it that may not nest there.
            for tag in schema.tags where !schema.allows(tag.name, in: place.label) {
                var mutated = tree
                mutated.changeSiblings(of: place.path) { siblings, index in
                    guard case .span(let label, let children) = siblings[index] else { return }
                    siblings[index] = .span(label, [.span(tag.name, [.text(word)]), .text([" "])] + children)
                }
                found.append((mutated.annotated, .nesting))
            }
        }
        return found
    }
}

@Suite struct TransitionTableTests {
    @Test func theDefaultSchemasTable() throws {
        let table = TransitionTable(schema: Fixtures.defaultSchema)
        #expect(table.tags == ["human", "ai", "quote"])
        let top = try #require(table.context(nil))
        #expect(top.mayOpen == ["human", "ai"])
        #expect(top.text == .whitespace)
        #expect(top.banned.map { "\($0.after)>\($0.open)" } == ["human>human", "ai>ai"])
        let ai = try #require(table.context("ai"))
        #expect(ai.mayOpen == ["quote"])
        #expect(ai.banned.map { "\($0.after)>\($0.open)" } == ["quote>quote"])
        #expect(table.context("human")?.mayOpen == [])
        #expect(table.context("quote")?.text == .any)
        #expect(table.whitespace.first == 0x09...0x0D)
        #expect(table.whitespace.contains(0x3000...0x3000))
        #expect(table.literalTags.contains("br"))
    }

    @Test func theJSONFormReadsBackAsTheSameTable() throws {
        for schema in DecodingSchemas.all {
            #expect(try DecodingSchemas.exportedTable(schema) == TransitionTable(schema: schema))
        }
    }

    @Test func theJSONFormMatchesItsGoldenFile() throws {
        let json = String(decoding: TransitionTable(schema: Fixtures.defaultSchema).json(), as: UTF8.self)
        Golden.expect(json, matches: "model-raising.transitions.json")
    }

    @Test func aBrokenTableIsReportedWithItsPlace() {
        func error(_ text: String) -> String? {
            do {
                _ = try TransitionTable.load(file: "t.json", bytes: Array(text.utf8))
                return nil
            } catch {
                return error.description
            }
        }
        #expect(error("{\"format\": \"other\"}") == "t.json:1:12: \"format\" must be \"trellis-transition-table\", found \"other\"")
        let good = String(decoding: TransitionTable(schema: Fixtures.defaultSchema).json(), as: UTF8.self)
        #expect(error(good.replacingOccurrences(of: "\"text\":\"any\"", with: "\"text\":\"some\""))?.contains("\"text\" must be any or whitespace") == true)
        #expect(error(good.replacingOccurrences(of: "\"open\":[\"quote\"]", with: "\"open\":[\"qoute\"]"))?.contains("\"open\" names unknown tag \"qoute\"") == true)
    }

    @Test func theAcceptorSaysWhatMayComeNext() throws {
        var acceptor = TransitionTable.Acceptor(table: try DecodingSchemas.exportedTable(Fixtures.defaultSchema))
        #expect(acceptor.next == .init(open: ["human", "ai"], close: nil, text: .whitespace, mayEnd: false))
        acceptor.open("human")
        #expect(acceptor.next == .init(open: [], close: nil, text: .any, mayEnd: false))
        acceptor.text("Hi.".unicodeScalars)
        #expect(acceptor.next?.close == "human")
        acceptor.close("human")
        acceptor.text(" \n".unicodeScalars)
        #expect(acceptor.next == .init(open: ["ai"], close: nil, text: .whitespace, mayEnd: true))
        acceptor.open("ai")
        acceptor.open("quote")
        acceptor.text("x".unicodeScalars)
        acceptor.close("quote")
        #expect(acceptor.next == .init(open: [], close: "ai", text: .any, mayEnd: false))
        acceptor.text(" said".unicodeScalars)
        #expect(acceptor.next?.open == ["quote"])
        acceptor.close("ai")
        acceptor.finish()
        #expect(acceptor.refusal == nil)

        acceptor.open("ai")
        #expect(acceptor.refusal == "<ai> may not follow <ai> at the top level: two ai spans with only white space between")
        #expect(acceptor.next == nil)
    }

    @Test func theAcceptorRefusesWhatTheValidatorFlags() throws {
        let table = try DecodingSchemas.exportedTable(Fixtures.defaultSchema)
        func refusal(_ tagged: String) -> String? {
            table.refusal(of: TagCodec(schema: Fixtures.defaultSchema).parse(tagged).annotated)
        }
        #expect(refusal("<human>a</human> <ai>b <quote>c</quote></ai>") == nil)
        #expect(refusal("<quote>a</quote>") == "<quote> may not open at the top level")
        #expect(refusal("<ai>a<human>b</human></ai>") == "<human> may not open inside <ai>")
        #expect(refusal("<ai><quote>a</quote> <quote>b</quote></ai>")?.hasPrefix("<quote> may not follow <quote> inside <ai>") == true)
        #expect(refusal("<ai><quote>a</quote> x <quote>b</quote></ai>") == nil)
        #expect(refusal("<human>a</human> stray") == "text outside every span")
        #expect(refusal("  ") == "the document holds no span")
        #expect(table.refusal(of: AnnotatedText(text: " b", spans: [Span(start: 1, end: 1, label: "ai")])) == "<ai> would be empty")
        #expect(table.refusal(of: AnnotatedText(text: "abc", spans: [Span(start: 0, end: 2, label: "ai"), Span(start: 1, end: 3, label: "ai")])) == "spans cross")
    }

    @Test func acceptsEveryValidDocumentOfAGeneratedCorpusAndRefusesEveryOther() throws {
        let schema = Fixtures.defaultSchema
        let table = try DecodingSchemas.exportedTable(schema)
        var accepted = 0, refused = 0
        for document in DecodingSchemas.corpus(seed: 18, count: 600) {
            let valid = DecodingSchemas.isValid(document.annotated, schema)
            #expect((table.refusal(of: document.annotated) == nil) == valid, "\(document.tagged)")
            if valid { accepted += 1 } else { refused += 1 }
        }
        #expect(accepted > 500)
        #expect(refused > 10)  // the generator's same-mode neighbours and stray text
    }

    @Test func refusesEveryPlantedBannedTransitionAndIllegalNesting() throws {
        let schema = Fixtures.defaultSchema
        let table = try DecodingSchemas.exportedTable(schema)
        var planted: [Violation.Kind: Int] = [:]
        for document in DecodingSchemas.corpus(seed: 19, count: 150) where DecodingSchemas.isValid(document.annotated, schema) {
            for (mutated, kind) in DecodingSchemas.mutations(of: document.annotated, schema) {
                #expect(Validator(schema: schema).violations(in: mutated).contains { $0.kind == kind })
                #expect(table.refusal(of: mutated) != nil, "\(TagCodec(schema: schema).serialise(mutated))")
                planted[kind, default: 0] += 1
            }
        }
        #expect(planted[.bannedTransition, default: 0] > 1000)
        #expect(planted[.nesting, default: 0] > 1000)
    }

    @Test(arguments: DecodingSchemas.all)
    func agreesWithTheValidatorOnRandomDocuments(schema: TagSchema) throws {
        let table = try DecodingSchemas.exportedTable(schema)
        var generator = DocumentGenerator(seed: 7, labels: schema.tags.map(\.name) + ["stray"])
        var accepted = 0
        for _ in 0..<3000 {
            let document = generator.next(maxPieces: 12)
            let valid = DecodingSchemas.isValid(document, schema)
            #expect((table.refusal(of: document) == nil) == valid, "\(document.spans)")
            if valid { accepted += 1 }
        }
        #expect(accepted > 30)
    }

    /// The Python acceptor that docs/schema.md shows, run over the exported table and a corpus
    /// with tag look-alikes: it must give Trellis's verdict on every document.
    @Test func thePythonAcceptorOfTheDocsAgrees() throws {
        guard (try? Subprocess.isAvailable("python3")) == true else { return }
        let schema = Fixtures.defaultSchema
        let directory = try TemporaryDirectory()
        let table = try directory.write("table.json", String(decoding: TransitionTable(schema: schema).json(), as: UTF8.self))
        var generator = CorpusGenerator(seed: 44)
        var lines = (1...300).map { generator.nextLine(index: $0) }
        var expected = lines.map { line in
            DecodingSchemas.isValid((try? JSONParser.parse(Array(line.utf8))["text"]?.stringValue) ?? "", schema)
        }
        let tricky = ["<ai>a <b> <br> &lt;ai&gt; <<ai></ai>", "<ai>x<AI></ai>", "<human>é\\u3000</human>\\u3000<ai>y</ai>", "<ai>x</ai>\\u3000<ai>y</ai>",
                      "<ai><quote>q</quote> <quote>r</quote></ai>", "<ai>x</ai><human></human>", "<ai><human>x</human></ai>", "<ai>a </ai",
                      "<ai>" + String(repeating: "n", count: 33) + "></ai>", " \\n "]
        for (index, text) in tricky.enumerated() {
            lines.append("{\"id\": \"t\(index)\", \"text\": \"\(text)\"}")
            expected.append(DecodingSchemas.isValid((try JSONParser.parse(Array(lines.last!.utf8)))["text"]!.stringValue!, schema))
        }
        let corpus = try directory.write("corpus.jsonl", lines.joined(separator: "\n") + "\n")
        let script = Fixtures.repositoryFile("Tests/interop/transition_acceptor.py").path
        let outcome = try Subprocess.run(["python3", script, table, corpus], captureOutput: true)
        #expect(outcome.status == 0, "\(outcome.output)")
        let verdicts = outcome.output.split(separator: "\n").map { $0.split(separator: "\t", maxSplits: 1).last.map(String.init) ?? "" }
        #expect(verdicts.count == lines.count)
        for (index, (verdict, valid)) in zip(verdicts, expected).enumerated() {
            #expect((verdict == "ok") == valid, "line \(index + 1): \(verdict)")
        }
        #expect(expected.filter { !$0 }.count > 15)
    }
}
