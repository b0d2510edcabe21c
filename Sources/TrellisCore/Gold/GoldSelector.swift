/// Decides, span by span, what is gold under a `GoldPolicy`. Pure: the export streams the
/// database through it.
public struct GoldSelector: Sendable {
    public let policy: GoldPolicy
    /// The rubric's dimensions per mode, all and required, by name: looked up for every span.
    private let dimensionNames: [String: (all: [String], required: [String])]

    public init(policy: GoldPolicy) {
        self.policy = policy
        let modes = Set(policy.rubric.dimensions.flatMap(\.modes))
        dimensionNames = Dictionary(uniqueKeysWithValues: modes.map { mode in
            let dimensions = policy.rubric.dimensions(for: mode)
            return (mode, (dimensions.map(\.name), dimensions.filter(\.required).map(\.name)))
        })
    }

    /// The gold version of `span`, or why it is left out. An adjudicator's judgement, when there
    /// is one, replaces everyone else's; `sources` are the reviewers' own judgements it took,
    /// whom the gold names (with their own ratings) beside the adjudicator.
    public func judge(_ span: Span, judgements: [SpanJudgement], adjudication: SpanJudgement? = nil, sources: [SpanJudgement] = []) -> Result<GoldSpan, GoldExclusion> {
        if let adjudication {
            guard adjudication.decision == "approved" else {
                return .failure(adjudication.decision == "flagged" ? .flagged : adjudication.decision == nil ? .undecided : .rejected)
            }
            let rated = adjudication.ratings.isEmpty ? judgements.filter(approvedWithRubric(span)) : [adjudication]
            guard !rated.isEmpty, rated.allSatisfy(complete(span)) else { return .failure(.incompleteRubric) }
            return gold(span, from: rated, attributedTo: sources, notes: [adjudication.note].compactMap { $0 }, resolution: "adjudicated",
                        adjudicator: adjudication.reviewer)
        }
        let counted = judgements.filter { judgement in
            judgement.decision != nil
                && (policy.reviewers?.contains(judgement.reviewer) ?? true)
                && policy.from.map { judgement.at >= $0 } ?? true
                && policy.until.map { judgement.at <= $0 } ?? true
        }
        guard !counted.isEmpty else { return .failure(.undecided) }
        if counted.contains(where: { $0.decision == "flagged" }) { return .failure(.flagged) }
        let approvals = counted.filter { $0.decision == "approved" }
        let rejections = counted.filter { $0.decision == "rejected" }
        if approvals.isEmpty {
            return .failure(rejections.isEmpty ? .flagged : .rejected)
        }
        guard approvals.allSatisfy(complete(span)) else { return .failure(.incompleteRubric) }
        let resolution: String
        if rejections.isEmpty {
            resolution = approvals.count == 1 ? "single" : "unanimous"
        } else {
            guard policy.disagreement == .majority, approvals.count > rejections.count else { return .failure(.disagreement) }
            resolution = "majority"
        }
        guard approvals.count >= policy.minApprovals else { return .failure(.tooFewApprovals) }
        return gold(span, from: approvals, attributedTo: approvals, notes: approvals.compactMap(\.note), resolution: resolution)
    }

    private func approvedWithRubric(_ span: Span) -> (SpanJudgement) -> Bool {
        { $0.decision == "approved" && self.complete(span)($0) }
    }

    private func complete(_ span: Span) -> (SpanJudgement) -> Bool {
        let required = dimensionNames[span.label]?.required ?? []
        return { judgement in required.allSatisfy { judgement.ratings[$0] != nil } }
    }

    /// The gold span rated from `judgements`, naming the reviewers of `attributed` with their own ratings.
    private func gold(_ span: Span, from judgements: [SpanJudgement], attributedTo attributed: [SpanJudgement], notes: [String], resolution: String,
                      adjudicator: String? = nil) -> Result<GoldSpan, GoldExclusion> {
        var ratings: [String: Double] = [:]
        for dimension in dimensionNames[span.label]?.all ?? [] {
            let values = judgements.compactMap { $0.ratings[dimension] }
            if !values.isEmpty { ratings[dimension] = Double(values.reduce(0, +)) / Double(values.count) }
        }
        for (dimension, minimum) in policy.minRatings where (ratings[dimension] ?? -1) < Double(minimum) {
            if policy.rubric.dimension(dimension)?.modes.contains(span.label) ?? false { return .failure(.belowMinimumRating) }
        }
        let byReviewer = Dictionary(attributed.map { ($0.reviewer, $0.ratings) }) { first, _ in first }
        return .success(GoldSpan(
            span: span, ratings: ratings, ratingsByReviewer: byReviewer, reviewers: attributed.map(\.reviewer).sorted(), notes: notes,
            resolution: resolution, adjudicator: adjudicator, reviewedAt: (judgements + attributed).map(\.at).max() ?? ""))
    }
}
