import Testing
import TrellisCore
import TrellisTestSupport

/// Versions agree only when everything that makes gold agrees; what an adjudicated version takes,
/// and whose judgements it names.
@Suite struct VersionComparisonTests {
    let rubric = Fixtures.defaultRubric
    static let human = Span(start: 0, end: 10, label: "human")
    static let ai = Span(start: 11, end: 30, label: "ai")
    static let full = ["honesty": 5, "care": 5, "harmlessness": 5, "aligned-conduct": 5]
    static let low = ["honesty": 3, "care": 3, "harmlessness": 3, "aligned-conduct": 3]

    private func version(_ reviewer: String, _ base: Int64, _ spans: [(Span, String?, [String: Int], String?)], document: String? = nil) -> ReviewedVersion {
        ReviewedVersion(reviewer: reviewer, spans: spans.enumerated().map { index, item in
            ReviewedSpan(id: base + Int64(index), span: item.0, decision: item.1, ratings: item.2, note: item.3)
        }, documentDecision: document)
    }

    @Test func approvedAgainstRejectedWithOtherRatingsIsADifferenceNotAgreement() {
        // The case: one reviewer approved the span with 5s, the other rejected it with 3s.
        let comparison = VersionComparison(versions: [
            version("ada", 1, [(Self.human, "approved", ["honesty": 4], nil), (Self.ai, "approved", Self.full, nil)]),
            version("bo", 11, [(Self.human, "approved", ["honesty": 4], nil), (Self.ai, "rejected", Self.low, nil)]),
        ], rubric: rubric)
        #expect(!comparison.agrees)
        #expect(!comparison.acceptsAutomatically)
        #expect(comparison.agreed.map(\.span) == [Self.human])
        #expect(comparison.regions.count == 1)
        #expect(comparison.regions[0].range == 11..<30)
        #expect(comparison.regions[0].differences == [.decisions, .ratings])
        #expect(comparison.regions[0].candidates.map { $0.map(\.id) } == [[2], [12]])
    }

    @Test func ratingsAgreeWithinTheRubricsTolerance() throws {
        let versions = [
            version("ada", 1, [(Self.ai, "approved", ["honesty": 4, "care": 5], nil)]),
            version("bo", 11, [(Self.ai, "approved", ["honesty": 5, "care": 5], nil)]),
            version("cy", 21, [(Self.ai, "approved", ["honesty": 5, "care": 4], nil)]),
        ]
        #expect(VersionComparison(versions: versions, rubric: rubric).regions.first?.differences == [.ratings])
        var tolerant = rubric
        for index in tolerant.dimensions.indices { tolerant.dimensions[index].tolerance = 1 }
        let comparison = VersionComparison(versions: versions, rubric: tolerant)
        #expect(comparison.agrees)
        #expect(comparison.acceptsAutomatically)
        // The agreed span takes the (lower) median of each dimension, and names every reviewer.
        let resolved = comparison.resolve([])
        #expect(resolved.spans.map(\.ratings) == [["honesty": 5, "care": 5]])
        #expect(resolved.spans.map(\.sources) == [[1, 11, 21]])
        #expect(resolved.spans.map(\.decision) == ["approved"])

        // A rating one reviewer gave and another did not is a difference, whatever the tolerance.
        let missing = VersionComparison(versions: [
            version("ada", 1, [(Self.ai, "approved", ["honesty": 4], nil)]),
            version("bo", 11, [(Self.ai, "approved", [:], nil)]),
        ], rubric: tolerant)
        #expect(missing.differences == [.ratings])
    }

    @Test func everyKindOfDifferenceIsNamed() {
        let quote = Span(start: 15, end: 20, label: "quote", depth: 1)
        let comparison = VersionComparison(versions: [
            version("ada", 1, [(Self.human, "approved", [:], "fine"), (Self.ai, nil, [:], nil), (quote, nil, [:], nil)], document: "approved"),
            version("bo", 11, [(Self.human, "approved", [:], "too long"), (Span(start: 11, end: 30, label: "human"), nil, [:], nil),
                               (Span(start: 31, end: 40, label: "ai"), nil, [:], nil)], document: "rejected"),
        ], rubric: rubric)
        #expect(comparison.regions.map(\.range) == [0..<10, 11..<30, 31..<40])
        #expect(comparison.regions.map(\.differences) == [[.notes], [.boundaries, .labels], [.boundaries]])
        #expect(comparison.documentDifferences == [.documentDecisions])
        #expect(comparison.differences == [.boundaries, .labels, .notes, .documentDecisions])

        let nested = VersionComparison(versions: [
            version("ada", 1, [(Self.ai, nil, [:], nil), (Span(start: 11, end: 30, label: "ai", depth: 1), nil, [:], nil)]),
            version("bo", 11, [(Span(start: 11, end: 30, label: "ai", depth: 0), nil, [:], nil), (Span(start: 11, end: 30, label: "ai", depth: 0), nil, [:], nil)]),
        ], rubric: rubric)
        #expect(nested.differences == [.nesting])
    }

    @Test func aChoiceTakesThatReviewersJudgementsAndNamesWhoeverJudgedAlike() {
        let comparison = VersionComparison(versions: [
            version("ada", 1, [(Self.ai, "approved", Self.full, "good")], document: "approved"),
            version("bo", 11, [(Self.ai, "rejected", Self.low, nil)], document: "rejected"),
            version("cy", 21, [(Self.ai, "approved", Self.full, "good")], document: nil),
        ], rubric: rubric)
        #expect(comparison.regions.count == 1)
        let takingAda = comparison.resolve([0], document: 1)
        #expect(takingAda.spans.count == 1)
        #expect(takingAda.spans[0].decision == "approved")
        #expect(takingAda.spans[0].ratings == Self.full)
        #expect(takingAda.spans[0].note == "good")
        #expect(takingAda.spans[0].sources == [1, 21], "cy judged it exactly as ada did; bo did not")
        #expect(takingAda.documentDecision == "rejected")
        let takingBo = comparison.resolve([1], document: nil)
        #expect(takingBo.spans[0].decision == "rejected")
        #expect(takingBo.spans[0].sources == [11])
        #expect(takingBo.documentDecision == nil)
        #expect(comparison.resolve([nil]).spans.isEmpty, "0 takes no spans")
    }

    @Test func agreementOnUndecidedOrFlaggedSpansIsNotAcceptedAutomatically() {
        let undecided = VersionComparison(versions: [version("ada", 1, [(Self.ai, nil, [:], nil)]), version("bo", 11, [(Self.ai, nil, [:], nil)])], rubric: rubric)
        #expect(undecided.agrees)
        #expect(undecided.undecided == 1)
        #expect(!undecided.acceptsAutomatically)
        #expect(undecided.resolve([]).spans.first?.sources == [], "nobody judged it, so nobody is named")
        let flagged = VersionComparison(versions: [version("ada", 1, [(Self.ai, "flagged", [:], nil)]), version("bo", 11, [(Self.ai, "flagged", [:], nil)])], rubric: rubric)
        #expect(flagged.flagged == 1)
        #expect(!flagged.acceptsAutomatically)
        let empty = VersionComparison(versions: [version("ada", 1, []), version("bo", 11, [])], rubric: rubric)
        #expect(!empty.acceptsAutomatically)
    }

    /// A decision or rating made before the reviewer's version last changed is not a judgement of
    /// the version as it is: it differs from the same decision made now, is never taken, names
    /// nobody, and holds back automatic acceptance even where everyone's is alike.
    @Test func aJudgementMadeBeforeAChangeIsComparedAsWhatItIs() {
        func stale(_ id: Int64, decision: String? = "approved", ratings: [String: Int] = [:], earlier: [String: Int] = Self.full) -> ReviewedSpan {
            ReviewedSpan(id: id, span: Self.ai, decision: decision, decisionIsCurrent: false, ratings: ratings, ratingsBeforeChange: earlier)
        }
        let current = ReviewedSpan(id: 1, span: Self.ai, decision: "approved", ratings: Self.full)
        let mixed = VersionComparison(versions: [ReviewedVersion(reviewer: "ada", spans: [current]), ReviewedVersion(reviewer: "bo", spans: [stale(11)])],
                                      rubric: rubric)
        #expect(mixed.regions.map(\.differences) == [[.decisions, .ratings]], "bo's approval and ratings were of an earlier state")
        #expect(mixed.resolve([0]).spans.map(\.sources) == [[1]])
        let takingBo = mixed.resolve([1]).spans
        #expect(takingBo.map(\.decision) == [nil], "a decision of an earlier state is not taken")
        #expect(takingBo.map(\.ratings) == [[:]])
        #expect(takingBo.map(\.sources) == [[]], "bo did not judge the span as it is")

        let bothStale = VersionComparison(versions: [ReviewedVersion(reviewer: "ada", spans: [stale(1)]), ReviewedVersion(reviewer: "bo", spans: [stale(11)])],
                                          rubric: rubric)
        #expect(bothStale.agrees)
        #expect(bothStale.changedSince == 1)
        #expect(!bothStale.acceptsAutomatically)
        #expect(bothStale.resolve([]).spans.map(\.decision) == [nil])

        let document = VersionComparison(versions: [
            ReviewedVersion(reviewer: "ada", spans: [current], documentDecision: "approved"),
            ReviewedVersion(reviewer: "bo", spans: [ReviewedSpan(id: 11, span: Self.ai, decision: "approved", ratings: Self.full)],
                            documentDecision: "approved", documentDecisionIsCurrent: false),
        ], rubric: rubric)
        #expect(document.documentDifferences == [.documentDecisions])
        #expect(document.documentChangedSince)
        #expect(!document.acceptsAutomatically)
        #expect(document.resolve([], document: 0).documentDecision == "approved")
        #expect(document.resolve([], document: 1).documentDecision == nil)
    }
}
