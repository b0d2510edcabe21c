/// Decides, span by span, what is gold under a `GoldPolicy`. Pure: the export streams the
/// database through it.
public struct GoldSelector: Sendable {
    public let policy: GoldPolicy
    /// The rubric's dimension names, in order: ratings built over them (`Ratings(names:)`) are
    /// read by place, without looking a name up.
    public let dimensionNames: [String]
    /// The rubric's dimensions per mode, all and required, as places in `dimensionNames`: a short
    /// list (a few modes), looked up for every span.
    private let modes: [(mode: String, all: [Int], required: [Int])]

    public init(policy: GoldPolicy) {
        self.policy = policy
        let dimensions = policy.rubric.dimensions
        dimensionNames = dimensions.map(\.name)
        modes = Set(dimensions.flatMap(\.modes)).sorted().map { mode in
            let all = dimensions.indices.filter { dimensions[$0].modes.contains(mode) }
            return (mode, all, all.filter { dimensions[$0].required })
        }
    }

    /// The gold version of `span`, or why it is left out. An adjudicator's judgement, when there
    /// is one, replaces everyone else's; `sources` are the reviewers' own judgements it took,
    /// whom the gold names (with their own ratings) beside the adjudicator. Only decisions and
    /// ratings made on the span as it is now count; a rejection or flag of an earlier state holds
    /// the span back until it is re-confirmed or changed (when in doubt, leave it out).
    public func judge(_ span: Span, judgements: [SpanJudgement], adjudication: SpanJudgement? = nil, sources: [SpanJudgement] = []) -> Result<GoldSpan, GoldExclusion> {
        if let adjudication {
            guard let decision = adjudication.decision else { return .failure(.undecided) }
            guard adjudication.isCurrent, adjudication.ratingsBeforeChange.isEmpty else { return .failure(.changedSinceDecision) }
            guard decision == "approved" else { return .failure(decision == "flagged" ? .flagged : .rejected) }
            let required = dimensions(of: span).required
            let rated = adjudication.ratings.isEmpty
                ? judgements.filter { $0.decision == "approved" && $0.isCurrent && isComplete($0, required) } : [adjudication]
            guard !rated.isEmpty, rated.allSatisfy({ isComplete($0, required) }) else { return .failure(.incompleteRubric) }
            return gold(span, from: rated, attributedTo: sources, notes: [adjudication.note].compactMap { $0 }, resolution: "adjudicated",
                        adjudicator: adjudication.reviewer)
        }
        // The counted decisions (current or stale), in one pass: only the approvals are kept.
        var approvals: [SpanJudgement] = []
        var counted = 0, stale = 0, rejections = 0, flagged = false, staleNotApproved = false
        for judgement in judgements {
            guard let decision = judgement.decision, policy.counts(judgement.reviewer, at: judgement.at) else { continue }
            counted += 1
            if !judgement.isCurrent {
                stale += 1
                if decision != "approved" { staleNotApproved = true }
            } else if decision == "approved" {
                approvals.append(judgement)
            } else if decision == "rejected" {
                rejections += 1
            } else if decision == "flagged" {
                flagged = true
            }
        }
        guard counted > 0 else { return .failure(.undecided) }
        if flagged { return .failure(.flagged) }
        if staleNotApproved { return .failure(.changedSinceDecision) }
        if approvals.isEmpty {
            return .failure(rejections == 0 ? .changedSinceDecision : .rejected)
        }
        let required = dimensions(of: span).required
        guard approvals.allSatisfy({ isComplete($0, required) }) else {
            return .failure(approvals.allSatisfy { isComplete($0, required, countingEarlierRatings: true) } ? .changedSinceDecision : .incompleteRubric)
        }
        let resolution: String
        if rejections == 0 {
            resolution = approvals.count == 1 ? "single" : "unanimous"
        } else {
            guard policy.disagreement == .majority, approvals.count > rejections else { return .failure(.disagreement) }
            resolution = "majority"
        }
        guard approvals.count >= policy.minApprovals else {
            return .failure(approvals.count + stale >= policy.minApprovals ? .changedSinceDecision : .tooFewApprovals)
        }
        return gold(span, from: approvals, attributedTo: approvals, notes: approvals.compactMap(\.note), resolution: resolution)
    }

    /// What the document decisions say about a document: a current rejection or flag by a
    /// counted reviewer (or one of an earlier state, until it is re-confirmed) keeps the whole
    /// document out; a whole-document record also needs `minApprovals` current approvals. The
    /// adjudicator's decision, when the document was adjudicated and they decided it, wins.
    public func judgeDocument(_ judgements: [DocumentJudgement], adjudicator: String? = nil) -> DocumentVerdict {
        if let adjudicator, let adjudication = judgements.first(where: { $0.reviewer == adjudicator && $0.decision != nil }) {
            return verdict(approvals: adjudication.isCurrent && adjudication.decision == "approved" ? 1 : 0, needed: 1, decisions: [adjudication])
        }
        let counted = judgements.filter { $0.decision != nil && policy.counts($0.reviewer, at: $0.at) }
        return verdict(approvals: counted.filter { $0.isCurrent && $0.decision == "approved" }.count, needed: policy.minApprovals, decisions: counted)
    }

    private func verdict(approvals: Int, needed: Int, decisions: [DocumentJudgement]) -> DocumentVerdict {
        if decisions.contains(where: { $0.isCurrent && $0.decision == "flagged" }) { return DocumentVerdict(excluded: .documentFlagged) }
        if decisions.contains(where: { $0.isCurrent && $0.decision == "rejected" }) { return DocumentVerdict(excluded: .documentRejected) }
        if decisions.contains(where: { !$0.isCurrent && $0.decision != "approved" }) { return DocumentVerdict(excluded: .documentChangedSinceDecision) }
        guard approvals < needed else { return DocumentVerdict() }
        let earlier = decisions.filter { !$0.isCurrent && $0.decision == "approved" }.count
        return DocumentVerdict(notApproved: approvals + earlier >= needed ? .documentChangedSinceDecision : .documentNotApproved)
    }

    /// The rubric's dimensions for `span`'s mode (places in `dimensionNames`), all and required.
    private func dimensions(of span: Span) -> (all: [Int], required: [Int]) {
        for entry in modes where entry.mode == span.label { return (entry.all, entry.required) }
        return ([], [])
    }

    /// Whether `judgement` rates every one of `required` (counting ratings of an earlier state too, if asked).
    private func isComplete(_ judgement: SpanJudgement, _ required: [Int], countingEarlierRatings: Bool = false) -> Bool {
        required.allSatisfy { index in
            let name = dimensionNames[index]
            return judgement.ratings.value(at: index, named: name) != nil
                || (countingEarlierRatings && judgement.ratingsBeforeChange.value(at: index, named: name) != nil)
        }
    }

    /// The gold span rated from `judgements`, naming the reviewers of `attributed` with their own ratings.
    private func gold(_ span: Span, from judgements: [SpanJudgement], attributedTo attributed: [SpanJudgement], notes: [String], resolution: String,
                      adjudicator: String? = nil) -> Result<GoldSpan, GoldExclusion> {
        var ratings = Ratings<Double>(names: dimensionNames)
        for index in dimensions(of: span).all {
            let name = dimensionNames[index]
            var sum = 0, count = 0
            for judgement in judgements {
                guard let value = judgement.ratings.value(at: index, named: name) else { continue }
                sum += value
                count += 1
            }
            if count > 0 { ratings.set(Double(sum) / Double(count), at: index) }
        }
        for (dimension, minimum) in policy.minRatings where (ratings[dimension] ?? -1) < Double(minimum) {
            if policy.rubric.dimension(dimension)?.modes.contains(span.label) ?? false { return .failure(.belowMinimumRating) }
        }
        // One judgement per reviewer, by name (the usual single approval as it is).
        var own = attributed
        if own.count > 1 {
            var seen = Set<String>()
            own = attributed.sorted { $0.reviewer < $1.reviewer }.filter { seen.insert($0.reviewer).inserted }
        }
        var reviewedAt = ""
        for judgement in judgements where judgement.at > reviewedAt { reviewedAt = judgement.at }
        for judgement in attributed where judgement.at > reviewedAt { reviewedAt = judgement.at }
        return .success(GoldSpan(
            span: span, ratings: ratings, judgements: own, reviewers: own.map { $0.reviewer }, notes: notes,
            resolution: resolution, adjudicator: adjudicator, reviewedAt: reviewedAt))
    }
}
