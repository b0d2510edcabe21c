import Foundation
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// The export reads each judgement's ratings by their place in the rubric: ratings given to
/// different states of a span are told apart one by one, and a rating of a dimension the rubric
/// does not have is kept (it is a rating) but never written.
@Suite struct GoldRatingsReadingTests {
    let directory: TemporaryDirectory
    let database: AppDatabase
    let human: Int64, ai: Int64

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.inMemory()
        _ = try ImportHelpers.importLines([StaleDecisionTests.bike], into: database, in: directory)
        let document = try ReviewHelpers.judgeAll("bike", in: database, by: "ada")
        (human, ai) = (document.spans[0].id, document.spans[1].id)
    }

    /// The eval export's one record (`bike`) and its summary.
    private func export() throws -> (summary: ExportSummary, spans: [[String: Any]]) {
        let path = directory.path("eval.jsonl")
        let (summary, problems) = try ExportHelpers.export(database, .eval, to: path)
        #expect(problems.isEmpty)
        let line = try #require(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").first)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        return (summary, try #require(record["spans"] as? [[String: Any]]))
    }

    private func ratings(_ object: [String: Any]?) -> [String: String] {
        (object?["ratings"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
    }

    @Test func ratingsGivenToAnEarlierStateAreToldApartOneByOne() throws {
        var (summary, spans) = try export()
        #expect(summary.goldSpans == 2)
        #expect(ratings(spans.first)["human-realism"] == "4.0")
        // ada's optional human-realism rating of the human span was given to an earlier state: the
        // span is still gold on the required ones, its realism now unrated.
        try database.write { db in
            try db.execute(sql: "UPDATE rating SET seen = seen + 1 WHERE span_id = ? AND dimension = 'human-realism'", arguments: [human])
        }
        (summary, spans) = try export()
        #expect(summary.goldSpans == 2)
        let gold = try #require(spans.first)
        #expect(ratings(gold)["human-realism"] == "<null>" && ratings(gold)["honesty"] == "4.0")
        let judgement = try #require((gold["judgements"] as? [[String: Any]])?.first)
        #expect(ratings(judgement)["human-realism"] == "<null>" && ratings(judgement)["care"] == "4.0", "the judgement's ratings are those of the span as it is")
        // A required rating of the ai span given to an earlier state: re-confirm before it counts.
        try database.write { db in
            try db.execute(sql: "UPDATE rating SET seen = seen + 1 WHERE span_id = ? AND dimension = 'care'", arguments: [ai])
        }
        (summary, spans) = try export()
        #expect(summary.goldSpans == 1 && summary.excluded == ["changed-since-decision": 1])
    }

    @Test func aRatingOfADimensionTheRubricLacksIsNotWritten() throws {
        try database.write { db in
            try db.execute(sql: """
                INSERT INTO rating (span_id, reviewer_id, dimension, value, updated_at, seen)
                SELECT span_id, reviewer_id, 'made-up', 1, updated_at, seen FROM rating WHERE span_id = ? LIMIT 1
                """, arguments: [human])
        }
        let (summary, spans) = try export()
        #expect(summary.goldSpans == 2)
        let gold = try #require(spans.first)
        let judgement = try #require((gold["judgements"] as? [[String: Any]])?.first)
        #expect(ratings(gold).keys.sorted() == Fixtures.defaultRubric.dimensions.map(\.name).sorted())
        #expect(ratings(judgement).keys.sorted() == ratings(gold).keys.sorted())
        #expect(ratings(judgement)["honesty"] == "4.0")
    }
}
