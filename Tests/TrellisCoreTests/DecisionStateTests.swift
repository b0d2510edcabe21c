import Testing
import TrellisCore
import TrellisTestSupport

/// What a decision is bound to, and how gold selection treats decisions made on an earlier state.
@Suite struct DecisionStateTests {
    let ai = Span(start: 0, end: 40, label: "ai")
    let quote = Span(start: 10, end: 20, label: "quote", depth: 1)
    let human = Span(start: 41, end: 60, label: "human")

    private func state(of index: Int, _ spans: [Span]) -> Int64 {
        DecisionState.fingerprints(of: spans)[index]
    }

    @Test func aSpansStateIsItsLabelBoundariesAndTheSpansNestedInIt() {
        let spans = [ai, quote, human]
        let before = state(of: 0, spans)
        #expect(state(of: 0, [Span(start: 0, end: 39, label: "ai"), quote, human]) != before, "end moved")
        #expect(state(of: 0, [Span(start: 1, end: 40, label: "ai"), quote, human]) != before, "start moved")
        #expect(state(of: 0, [Span(start: 0, end: 40, label: "human"), quote, human]) != before, "relabelled")
        #expect(state(of: 0, [ai, Span(start: 10, end: 21, label: "quote", depth: 1), human]) != before, "nested span moved")
        #expect(state(of: 0, [ai, human]) != before, "nested span removed")
        #expect(state(of: 0, [ai, quote, Span(start: 25, end: 30, label: "quote", depth: 1), human]) != before, "nested span added")
        // What lies outside the span is not part of its state.
        #expect(state(of: 0, [ai, quote, Span(start: 45, end: 60, label: "human")]) == before)
        #expect(state(of: 1, [Span(start: 0, end: 30, label: "ai"), quote]) == state(of: 1, spans), "a parent's change leaves its child's state")
        // Undoing a change gives the same state back.
        #expect(state(of: 0, [ai, quote, human]) == before)
        #expect(DecisionState.fingerprints(of: spans) == spans.indices.map { DecisionState.fingerprint(ofSpanAt: $0, in: spans) })
    }

    @Test func aDocumentsStateIsItsContentAndEverySpan() {
        let spans = [ai, quote, human]
        let state = DecisionState.fingerprint(ofDocument: spans, contentHash: "h1")
        #expect(DecisionState.fingerprint(ofDocument: spans, contentHash: "h2") != state, "re-imported content")
        #expect(DecisionState.fingerprint(ofDocument: [ai, quote, Span(start: 42, end: 60, label: "human")], contentHash: "h1") != state)
        #expect(DecisionState.fingerprint(ofDocument: [ai, human], contentHash: "h1") != state)
        #expect(DecisionState.fingerprint(ofDocument: [ai, quote, human], contentHash: "h1") == state)
        #expect(DecisionState.fingerprint(ofDocument: [ai, quote, human, human], contentHash: "h1") != state, "a span twice")
        #expect(DecisionState.fingerprint(ofDocument: [], contentHash: "h1") != DecisionState.fingerprint(ofDocument: [], contentHash: "h2"))
    }

    /// A document's state is additive over its spans: in any order, and an edit moves the sum
    /// by the terms of the spans it takes out and puts in, so the store keeps it per version.
    @Test func aDocumentsStateIsKeptBySummingItsSpansTerms() {
        let spans = [ai, quote, human]
        let state = DecisionState.fingerprint(ofDocument: spans, contentHash: "h1")
        #expect(DecisionState.fingerprint(ofDocument: [human, ai, quote], contentHash: "h1") == state, "in any order")
        #expect(DecisionState.fingerprint(spanSum: DecisionState.spanSum(of: spans), contentHash: "h1") == state)
        var random = SeededRandom(seed: 20)
        var live = spans, sum = DecisionState.spanSum(of: spans)
        var undo: [(removed: Span, added: Span)] = []
        for _ in 0..<500 {
            if !undo.isEmpty && Bool.random(using: &random) {
                let (removed, added) = undo.removeLast()
                live[live.firstIndex(of: added)!] = removed
                sum = sum &- DecisionState.spanTerm(added) &+ DecisionState.spanTerm(removed)
            } else {
                let index = Int.random(in: live.indices, using: &random)
                let old = live[index], start = Int.random(in: 0..<100, using: &random)
                let new = Span(start: start, end: start + Int.random(in: 0..<50, using: &random), label: ["ai", "human", "quote"].randomElement(using: &random)!,
                               depth: Int.random(in: 0...2, using: &random))
                live[index] = new
                sum = sum &- DecisionState.spanTerm(old) &+ DecisionState.spanTerm(new)
                undo.append((old, new))
            }
            #expect(sum == DecisionState.spanSum(of: live))
        }
        while let (removed, added) = undo.popLast() {
            live[live.firstIndex(of: added)!] = removed
            sum = sum &- DecisionState.spanTerm(added) &+ DecisionState.spanTerm(removed)
        }
        #expect(DecisionState.fingerprint(spanSum: sum, contentHash: "h1") == state, "every edit undone: the state is back")
    }

    /// The fingerprint stored before `v29-additive-document-state`, which the migration matches
    /// stored fingerprints against: FNV-1a over "h1", 0xFE and each span's label, 0xFF and its
    /// start, end and depth as 8 bytes little-endian (worked out apart, in Python).
    @Test func theSequentialFingerprintOfBeforeV29IsUnchanged() {
        #expect(DecisionState.sequentialFingerprint(ofDocument: [ai, quote, human], contentHash: "h1") == -5_056_412_724_732_319_822)
    }

    private let selector = GoldSelector(policy: GoldPolicy(rubric: Fixtures.defaultRubric))
    private let rated = ["honesty": 4, "care": 4, "harmlessness": 4, "aligned-conduct": 4]

    private func judgement(_ reviewer: String, _ decision: String?, current: Bool = true, ratingsCurrent: Bool = true) -> SpanJudgement {
        SpanJudgement(reviewer: reviewer, decision: decision, isCurrent: current, ratings: ratingsCurrent ? rated : [:],
                      ratingsBeforeChange: ratingsCurrent ? [:] : rated, note: nil, at: "2026-01-01T00:00:00.000Z")
    }

    private func exclusion(_ judgements: [SpanJudgement], policy: GoldPolicy? = nil, adjudication: SpanJudgement? = nil) -> GoldExclusion? {
        let selector = policy.map(GoldSelector.init(policy:)) ?? self.selector
        if case .failure(let reason) = selector.judge(ai, judgements: judgements, adjudication: adjudication) { return reason }
        return nil
    }

    @Test func onlyDecisionsOnTheSpanAsItIsNowCount() {
        #expect(exclusion([judgement("ada", "approved")]) == nil)
        #expect(exclusion([judgement("ada", "approved", current: false)]) == .changedSinceDecision)
        #expect(exclusion([judgement("ada", "approved", ratingsCurrent: false)]) == .changedSinceDecision, "ratings given to an earlier state")
        // Another reviewer's approval of the span as it is now is gold on its own.
        #expect(exclusion([judgement("ada", "approved", current: false), judgement("bo", "approved")]) == nil)
        // An objection to an earlier state holds the span back until it is re-confirmed or changed.
        #expect(exclusion([judgement("ada", "rejected", current: false), judgement("bo", "approved")]) == .changedSinceDecision)
        #expect(exclusion([judgement("ada", "flagged", current: false), judgement("bo", "approved")]) == .changedSinceDecision)
        #expect(exclusion([judgement("ada", "rejected"), judgement("bo", "approved", current: false)]) == .rejected)
        let two = GoldPolicy(rubric: Fixtures.defaultRubric, minApprovals: 2)
        #expect(exclusion([judgement("ada", "approved"), judgement("bo", "approved", current: false)], policy: two) == .changedSinceDecision)
        #expect(exclusion([judgement("ada", "approved")], policy: two) == .tooFewApprovals)
        #expect(exclusion([judgement("ada", "approved"), judgement("bo", "approved")], policy: two) == nil)
        // An adjudication on an earlier state wins over nobody.
        #expect(exclusion([judgement("ada", "approved")], adjudication: judgement("judy", "approved", current: false)) == .changedSinceDecision)
        #expect(exclusion([], adjudication: judgement("judy", "approved")) == nil)
    }

    @Test func goldNamesItsApproversByNameWithTheirLatestTimeAndCountsOnlyCountedReviewers() {
        var bo = judgement("bo", "approved")
        bo.at = "2026-03-01T00:00:00.000Z"
        let ada = judgement("ada", "approved")
        var cy = judgement("cy", "rejected")
        cy.at = "2026-05-01T00:00:00.000Z"
        let majority = GoldPolicy(rubric: Fixtures.defaultRubric, disagreement: .majority)
        guard case .success(let gold) = GoldSelector(policy: majority).judge(ai, judgements: [bo, cy, ada]) else {
            Issue.record("two approvals against one rejection are a majority")
            return
        }
        #expect(gold.reviewers == ["ada", "bo"])
        #expect(gold.judgements.map(\.reviewer) == ["ada", "bo"])
        #expect(gold.resolution == "majority")
        #expect(gold.reviewedAt == "2026-03-01T00:00:00.000Z", "the approvals' latest time, not the rejection's")
        #expect(exclusion([ada, cy], policy: majority) == .disagreement, "one against one is no majority")
        #expect(exclusion([bo, cy, ada]) == .disagreement)
        // A reviewer the policy does not count flags, rejects and approves in vain.
        let onlyAda = GoldPolicy(rubric: Fixtures.defaultRubric, reviewers: ["ada"])
        #expect(exclusion([ada, judgement("bo", "flagged"), judgement("cy", "rejected", current: false)], policy: onlyAda) == nil)
        #expect(exclusion([judgement("bo", "approved")], policy: onlyAda) == .undecided)
        #expect(exclusion([judgement("ada", nil), judgement("bo", "approved")], policy: onlyAda) == .undecided)
        #expect(exclusion([ada, judgement("bo", "flagged")]) == .flagged)
    }

    private func document(_ reviewer: String, _ decision: String?, current: Bool = true, at: String = "2026-01-01T00:00:00.000Z") -> DocumentJudgement {
        DocumentJudgement(reviewer: reviewer, decision: decision, isCurrent: current, note: nil, at: at)
    }

    @Test func documentDecisionsKeepDocumentsOutAndLetWholeOnesIn() {
        #expect(selector.judgeDocument([]) == DocumentVerdict(notApproved: .documentNotApproved))
        #expect(selector.judgeDocument([document("ada", "approved")]) == DocumentVerdict())
        #expect(selector.judgeDocument([document("ada", "approved", current: false)]) == DocumentVerdict(notApproved: .documentChangedSinceDecision))
        #expect(selector.judgeDocument([document("ada", "approved"), document("bo", "rejected")]) == DocumentVerdict(excluded: .documentRejected))
        #expect(selector.judgeDocument([document("ada", "approved"), document("bo", "flagged")]) == DocumentVerdict(excluded: .documentFlagged))
        #expect(selector.judgeDocument([document("ada", "approved"), document("bo", "rejected", current: false)])
            == DocumentVerdict(excluded: .documentChangedSinceDecision))
        let two = GoldSelector(policy: GoldPolicy(rubric: Fixtures.defaultRubric, minApprovals: 2))
        #expect(two.judgeDocument([document("ada", "approved")]) == DocumentVerdict(notApproved: .documentNotApproved))
        #expect(two.judgeDocument([document("ada", "approved"), document("bo", "approved")]) == DocumentVerdict())
        // Only counted reviewers' decisions count; an adjudicator's wins.
        let onlyAda = GoldSelector(policy: GoldPolicy(rubric: Fixtures.defaultRubric, reviewers: ["ada"]))
        #expect(onlyAda.judgeDocument([document("ada", "approved"), document("bo", "rejected")]) == DocumentVerdict())
        let late = GoldSelector(policy: GoldPolicy(rubric: Fixtures.defaultRubric, from: "2027-01-01"))
        #expect(late.judgeDocument([document("bo", "rejected")]) == DocumentVerdict(notApproved: .documentNotApproved))
        #expect(selector.judgeDocument([document("bo", "rejected"), document("judy", "approved")], adjudicator: "judy") == DocumentVerdict())
        // An adjudicator's approval of an earlier state of the document is one of an earlier state.
        #expect(selector.judgeDocument([document("bo", "approved"), document("judy", "approved", current: false)], adjudicator: "judy")
            == DocumentVerdict(notApproved: .documentChangedSinceDecision))
    }

    @Test func spanRunsAreCutWhereTheJoinedStretchWouldBreakTheSchema() {
        let text = "One. Two. loose Three. Four."
        // human 0-4, human 5-9 (banned: two human spans with only white space between), untagged
        // "loose", ai 16-22, ai 23-28 (banned too).
        let spans = [Span(start: 0, end: 4, label: "human"), Span(start: 5, end: 9, label: "human"),
                     Span(start: 16, end: 22, label: "ai"), Span(start: 23, end: 28, label: "ai")]
        let gold = spans.map { GoldSpan(span: $0, ratings: [:], reviewers: ["ada"], notes: [], resolution: "single", reviewedAt: "") }
        let document = GoldDocument(id: "d", stage: 1, metaJSON: nil, text: text, spans: spans, gold: gold, importHash: "h", sourceHash: nil)
        let validator = Validator(schema: Fixtures.defaultSchema)
        #expect(!validator.violations(in: document.annotated).isEmpty)
        let runs = document.goldRuns(validator: validator)
        #expect(runs.map(\.id) == ["d#1", "d#2", "d#3", "d#4"])
        #expect(runs.map(\.start) == [0, 5, 16, 23])
        for run in runs { #expect(validator.violations(in: run.annotated).isEmpty) }

        // A human span then an ai span join; a quote at the top level is never a run.
        let joined = GoldDocument(id: "j", stage: 1, metaJSON: nil, text: "One. Two. Three.",
                                  spans: [Span(start: 0, end: 4, label: "human"), Span(start: 5, end: 9, label: "ai"), Span(start: 10, end: 16, label: "quote")],
                                  gold: [], importHash: "h", sourceHash: nil)
        var all = joined
        all.gold = joined.spans.map { GoldSpan(span: $0, ratings: [:], reviewers: [], notes: [], resolution: "single", reviewedAt: "") }
        #expect(all.goldRuns(validator: validator).map(\.annotated.text) == ["One. Two."])
    }
}
