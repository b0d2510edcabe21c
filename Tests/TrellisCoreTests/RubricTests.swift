import Testing
import TrellisCore
import TrellisTestSupport

@Suite struct RubricTests {
    let schema = Fixtures.defaultSchema

    @Test func theBuiltInRubricRatesEveryModeAndAIConduct() {
        let rubric = Fixtures.defaultRubric
        #expect(rubric.dimensions.map(\.name) == ["honesty", "care", "harmlessness", "aligned-conduct", "human-realism"])
        #expect(rubric.dimensions(for: "ai").map(\.name) == ["honesty", "care", "harmlessness", "aligned-conduct"])
        #expect(rubric.dimensions(for: "human").map(\.name).contains("human-realism"))
        #expect(rubric.dimension("honesty")?.scale == 1...5)
        #expect(rubric.dimension("honesty")?.levels[1] == "deceptive or manipulative")
        #expect(rubric.missing(for: "human", ratings: ["honesty": 4, "care": 3]).map(\.name) == ["harmlessness"])
    }

    private func error(_ text: String, reserved: [Character: String] = [:]) -> ConfigError? {
        do {
            _ = try Rubric.load(file: "r.json", bytes: Array(text.utf8), schema: schema, reservedKeys: reserved)
            return nil
        } catch {
            return error
        }
    }

    @Test func errorsNameTheLine() {
        let unknownMode = error("""
            {"dimensions": [
              {"name": "honesty", "key": "T"},
              {"name": "tone", "key": "O", "modes": ["robot"]}
            ]}
            """)
        #expect(unknownMode?.line == 3)
        #expect(unknownMode?.message.contains("mode \"robot\" is not a tag of the schema") == true)

        let badLevel = error("{\"dimensions\": [{\"name\": \"h\", \"key\": \"T\",\n \"levels\": {\"7\": \"too high\"}}]}")
        #expect(badLevel?.line == 2)
        #expect(badLevel?.message == "dimension \"h\": level \"7\" is not a value of the scale 1–5")

        let clash = error("{\"dimensions\": [{\"name\": \"a\", \"key\": \"T\"},\n{\"name\": \"b\", \"key\": \"T\"}]}")
        #expect(clash?.line == 2)
        #expect(clash?.message.contains("already used by \"a\"") == true)

        let reserved = error("{\"dimensions\": [{\"name\": \"a\", \"key\": \"j\"}]}", reserved: ["j": "next-span"])
        #expect(reserved?.message == "dimension \"a\" uses key \"j\", which already means next-span in the review screen")

        #expect(error("{\"scale\": {\"min\": 3, \"max\": 2}, \"dimensions\": [{\"name\": \"a\", \"key\": \"Z\"}]}")?.message.contains("0 ≤ min < max ≤ 9") == true)
        #expect(error("{\"dimensions\": [{\"name\": \"a\", \"key\": \"1\"}]}")?.message.contains("not a digit") == true)
        #expect(error("{\"dimensions\": []}")?.message == "the rubric needs at least one dimension")
        #expect(error("{\"dimensions\": [{\"name\": \"a\", \"key\": \"Z\"}],}")?.line == 1)
    }

    @Test func theBuiltInRubricKeysDoNotClashWithTheBuiltInKeymap() throws {
        let reserved = TestApp.defaultKeymap.reservedDocumentKeys
        #expect(reserved["j"] == "next-span")
        _ = try Rubric.load(file: "rubric.json", bytes: Fixtures.rubricBytes(), schema: schema, reservedKeys: reserved)
    }

    @Test func approvalNeedsRequiredRatingsAndAValidDocument() {
        let rubric = Fixtures.defaultRubric
        #expect(ApprovalRules.spanBlockers(mode: "ai", ratings: [:], rubric: rubric, documentProblems: 2) == [
            "rate honesty (T), care (K), harmlessness (S), aligned-conduct (P)", "fix the document's 2 schema problems",
        ])
        let full = ["honesty": 5, "care": 4, "harmlessness": 5, "aligned-conduct": 4]
        #expect(ApprovalRules.spanBlockers(mode: "ai", ratings: full, rubric: rubric, documentProblems: 0).isEmpty)
        #expect(ApprovalRules.spanBlockers(mode: "human", ratings: ["honesty": 1, "care": 1, "harmlessness": 1], rubric: rubric, documentProblems: 0).isEmpty)
        #expect(ApprovalRules.documentBlockers(documentProblems: 0, undecided: 1) == ["approve or reject 1 more span"])
    }
}

/// The optional tolerance of ratings for adjudication: the rubric's, overridden per dimension.
@Suite struct RubricToleranceTests {
    private func load(_ text: String) throws -> Rubric {
        try Rubric.load(file: "r.json", bytes: Array(text.utf8), schema: Fixtures.defaultSchema)
    }

    @Test func theToleranceDefaultsToNoneAndIsSetForTheRubricOrADimension() throws {
        #expect(Fixtures.defaultRubric.dimensions.allSatisfy { $0.tolerance == 0 })
        let rubric = try load("""
            {"tolerance": 1, "dimensions": [
              {"name": "honesty", "key": "T"},
              {"name": "care", "key": "K", "tolerance": 0},
              {"name": "tone", "key": "O", "scale": {"min": 0, "max": 9}, "tolerance": 3}
            ]}
            """)
        #expect(rubric.tolerance(of: "honesty") == 1)
        #expect(rubric.tolerance(of: "care") == 0)
        #expect(rubric.tolerance(of: "tone") == 3)
        #expect(rubric.tolerance(of: "missing") == 0)
    }

    @Test func aToleranceAsWideAsTheScaleIsAnErrorNamingTheLine() {
        do {
            _ = try load("{\"dimensions\": [{\"name\": \"a\", \"key\": \"Z\",\n \"tolerance\": 4}]}")
            Issue.record("accepted")
        } catch let error as ConfigError {
            #expect(error.line == 2)
            #expect(error.message == "dimension \"a\": \"tolerance\" must be 0–3 on the scale 1–5, found 4")
        } catch {
            Issue.record("\(error)")
        }
        #expect(throws: ConfigError.self) { try load("{\"tolerance\": -1, \"dimensions\": [{\"name\": \"a\", \"key\": \"Z\"}]}") }
    }
}
