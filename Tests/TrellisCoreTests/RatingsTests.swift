import Testing
import TrellisCore
import TrellisTestSupport

/// Ratings kept by their place in the rubric: read by name or by place alike, equal by what they
/// rate, and the gold rules and the eval record the same whichever list of names they are over.
@Suite struct RatingsTests {
    /// honesty, care, harmlessness, aligned-conduct, human-realism
    let names = Fixtures.defaultRubric.dimensions.map(\.name)

    @Test func byPlaceAndByNameAgree() {
        var ratings = Ratings<Int>(names: names)
        #expect(ratings.isEmpty && ratings.count == 0 && ratings.dictionary.isEmpty)
        ratings.set(4, at: 1)
        ratings[names[3]] = 2
        #expect(!ratings.isEmpty && ratings.count == 2)
        #expect(ratings[names[1]] == 4 && ratings.value(at: 1) == 4 && ratings.value(at: 1, named: names[1]) == 4)
        #expect(ratings[names[3]] == 2 && ratings.value(at: 3) == 2)
        #expect(ratings[names[0]] == nil && ratings.value(at: 0) == nil && ratings.value(at: names.count + 3) == nil)
        #expect(ratings.dictionary == [names[1]: 4, names[3]: 2])
        #expect(ratings.names == names, "rating a dimension of the list adds no name")
        ratings[names[1]] = nil
        #expect(ratings.dictionary == [names[3]: 2])
        ratings.set(nil, at: 3)
        #expect(ratings.isEmpty)
    }

    @Test func aDimensionOutsideTheListIsAddedByName() {
        var ratings = Ratings<Int>(names: names)
        ratings["made-up"] = 3
        #expect(ratings.names == names + ["made-up"])
        #expect(ratings["made-up"] == 3 && ratings.value(at: names.count) == 3 && !ratings.isEmpty)
        ratings["also-made-up"] = nil
        #expect(ratings.names == names + ["made-up"], "clearing an unknown name adds nothing")
    }

    @Test func equalityAndHashingGoByWhatIsRatedNotByTheListOfNames() {
        var byPlace = Ratings<Int>(names: names)
        byPlace.set(5, at: 0)
        byPlace.set(3, at: 2)
        let byName = Ratings([names[2]: 3, names[0]: 5])
        #expect(byName.names == [names[0], names[2]].sorted())
        #expect(byPlace == byName && byPlace.hashValue == byName.hashValue)
        #expect(Ratings<Int>(names: names) == Ratings<Int>([:]), "nothing rated, whatever the names")
        var trailing = byPlace
        trailing.set(nil, at: 4)
        #expect(trailing == byPlace)
        var other = byPlace
        other.set(4, at: 0)
        #expect(other != byPlace && other != byName)
        #expect(Ratings(["care": 4]) != Ratings(["honesty": 4]))
        #expect(byName.description == #"["harmlessness": 3, "honesty": 5]"#, "by name, in alphabetical order")
    }

    @Test func aPlaceWhoseNameDiffersIsReadByName() {
        // Ratings over another list (here, alphabetical): read at a rubric place, found by name.
        let alphabetical = Ratings([names[4]: 1, names[0]: 2])
        #expect(alphabetical.value(at: 4, named: names[4]) == 1)
        #expect(alphabetical.value(at: 0, named: names[0]) == 2)
        #expect(alphabetical.value(at: 1, named: names[1]) == nil)
        #expect(alphabetical.value(at: 40, named: names[0]) == 2)
    }

    @Test func mappedValuesKeepTheirPlaces() {
        var ratings = Ratings<Double>(names: names)
        ratings.set(3.5, at: 2)
        let rounded = ratings.mapValues { Int($0.rounded()) }
        #expect(rounded.names == names && rounded.value(at: 2) == 4 && rounded.count == 1)
    }

    /// The gold rules judge the same, and the eval record's bytes are the same, whether the
    /// judgements' ratings are kept over the rubric's names (as the export reads them) or by name.
    @Test func goldAndTheEvalRecordAreTheSameOverEitherList() throws {
        let selector = GoldSelector(policy: GoldPolicy(rubric: Fixtures.defaultRubric))
        #expect(selector.dimensionNames == names)
        let span = Span(start: 0, end: 5, label: "ai")
        let given: [(reviewer: String, ratings: [String: Int])] = [
            ("ada", Dictionary(uniqueKeysWithValues: Fixtures.defaultRubric.dimensions(for: "ai").map { ($0.name, 4) })),
            ("bo", Dictionary(uniqueKeysWithValues: Fixtures.defaultRubric.dimensions.map { ($0.name, 5) }).merging(["made-up": 1]) { $1 }),
        ]
        let byName = given.map { SpanJudgement(reviewer: $0.reviewer, decision: "approved", ratings: $0.ratings, note: nil, at: "t") }
        let byPlace = given.map { judgement in
            var ratings = Ratings<Int>(names: names)
            for (name, value) in judgement.ratings { ratings[name] = value }
            return SpanJudgement(reviewer: judgement.reviewer, decision: "approved", ratings: ratings, ratingsBeforeChange: Ratings(names: names),
                                 note: nil, at: "t")
        }
        #expect(byPlace == byName)
        let gold = try selector.judge(span, judgements: byPlace).get(), goldByName = try selector.judge(span, judgements: byName).get()
        #expect(gold == goldByName)
        #expect(gold.ratings.dictionary == Dictionary(uniqueKeysWithValues: Fixtures.defaultRubric.dimensions(for: "ai").map { ($0.name, 4.5) }))
        #expect(gold.ratings.names == names, "the gold's ratings are kept over the rubric's names")
        func record(_ gold: GoldSpan) -> String {
            let document = GoldDocument(id: "d", stage: 1, metaJSON: nil, text: "hello", spans: [span], gold: [gold], source: nil,
                                        importHash: "h", sourceHash: nil, notes: [])
            return String(decoding: ExportRecords.eval(document, provenance: ExportProvenance(schema: "s", rubric: "r", databaseID: "db"),
                                                       dimensions: names), as: UTF8.self)
        }
        let written = record(gold)
        #expect(written == record(goldByName))
        // Kept by name, in the old way: the same bytes.
        let dictionaryGold = GoldSpan(span: span, ratings: gold.ratings.dictionary, judgements: byName, reviewers: gold.reviewers, notes: [],
                                      resolution: gold.resolution, reviewedAt: gold.reviewedAt)
        #expect(written == record(dictionaryGold))
        let bo = names.map { "\"\($0)\":5.0" }.joined(separator: ",")
        #expect(written.contains("{\"reviewer\":\"bo\",\"decision\":\"approved\",\"ratings\":{\(bo)},"), "every rubric dimension by place, not the made-up one")
        let spanRatings = names.map { name in "\"\(name)\":" + (gold.ratings[name].map { "\($0)" } ?? "null") }.joined(separator: ",")
        #expect(written.contains("\"text\":\"hello\",\"ratings\":{\(spanRatings)},"))
    }
}
