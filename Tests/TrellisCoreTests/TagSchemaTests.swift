import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct TagSchemaTests {
    @Test func builtInSchemaHasTheThreeModes() {
        let schema = Fixtures.defaultSchema
        #expect(schema.tags.map(\.name) == ["human", "ai", "quote"])
        #expect(schema.allows("quote", in: "ai"))
        #expect(!schema.allows("quote", in: nil))
        #expect(!schema.allows("quote", in: "human"))
        #expect(schema.allows("ai", in: nil))
        #expect(!schema.allowsUntaggedText)
        #expect(schema.literalTags.contains("br"))
    }

    private func loadError(_ text: String) -> ConfigError? {
        do {
            _ = try TagSchema.load(file: "s.json", bytes: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func syntaxErrorsNameLineAndColumn() {
        let error = loadError("{\n  \"tags\": [\n    {\"name\": \"ai\" \"key\": \"a\"}\n  ]\n}")
        #expect(error?.line == 3)
        #expect(error?.column == 19)
        #expect(error?.description.hasPrefix("s.json:3:19: ") == true)
    }

    @Test func semanticErrorsNameTheirPlace() {
        let unknownParent = loadError("""
            {"tags": [
              {"name": "ai", "key": "a"},
              {"name": "quote", "key": "q", "topLevel": false, "nestsIn": ["aii"]}
            ]}
            """)
        #expect(unknownParent?.line == 3)
        #expect(unknownParent?.message == "\"nestsIn\" names unknown tag \"aii\"")

        let clash = loadError("{\"tags\": [{\"name\": \"ai\", \"key\": \"a\"},\n {\"name\": \"alt\", \"key\": \"a\"}]}")
        #expect(clash?.line == 2)
        #expect(clash?.message.contains("already used by \"ai\"") == true)

        let badColour = loadError("{\"tags\": [{\"name\": \"ai\", \"key\": \"a\", \"color\": \"teal\"}]}")
        #expect(badColour?.message.contains("unknown colour \"teal\"") == true)

        let unknownKey = loadError("{\"tags\": [{\"name\": \"ai\", \"key\": \"a\", \"colour\": \"red\"}]}")
        #expect(unknownKey?.message.contains("unknown key \"colour\"") == true)

        let badBan = loadError("{\"tags\": [{\"name\": \"ai\", \"key\": \"a\"}], \"bannedTransitions\": [{\"from\": \"ai\", \"to\": \"bot\"}]}")
        #expect(badBan?.message == "banned transition names unknown tag \"bot\"")

        #expect(loadError("{\"tags\": []}")?.message == "the schema needs at least one tag")
        #expect(loadError("{\"tags\": [{\"name\": \"1ai\", \"key\": \"a\"}]}")?.message.contains("must start with an ASCII letter") == true)
    }

    @Test func commentsAreAllowed() throws {
        let schema = try TagSchema.load(file: "s.json", bytes: Array("// a comment\n{\"tags\": [{\"name\": \"ai\", \"key\": \"a\"}]} // end".utf8))
        #expect(schema.tags.count == 1)
        #expect(schema.tags[0].marker == "A")
    }
}
