/// What counts as gold: which reviewers' judgements count, how many approvals a span needs,
/// minimum ratings, and how disagreement between reviewers is resolved when no adjudicator
/// has decided.
public struct GoldPolicy: Hashable, Sendable {
    /// What to do when some reviewers approved a span and others rejected it.
    public enum Disagreement: String, Hashable, Sendable, CaseIterable {
        /// Leave the span out (the default).
        case exclude
        /// Keep it when more reviewers approved than rejected.
        case majority
        /// Stop the export and list the disagreements.
        case refuse
    }

    public var rubric: Rubric
    /// Approvals (each with the rubric complete) a span needs.
    public var minApprovals: Int
    /// Minimum resolved rating per dimension.
    public var minRatings: [String: Int]
    /// Only these reviewers' judgements count (`nil`: everyone's).
    public var reviewers: Set<String>?
    /// Only judgements made in this time range count (ISO 8601 strings compare as text).
    public var from: String?
    public var until: String?
    public var disagreement: Disagreement

    public init(rubric: Rubric, minApprovals: Int = 1, minRatings: [String: Int] = [:], reviewers: Set<String>? = nil,
                from: String? = nil, until: String? = nil, disagreement: Disagreement = .exclude) {
        self.rubric = rubric
        self.minApprovals = max(1, minApprovals)
        self.minRatings = minRatings
        self.reviewers = reviewers
        self.from = from
        self.until = until
        self.disagreement = disagreement
    }
}

/// One reviewer's judgement of one span.
public struct SpanJudgement: Hashable, Sendable {
    public var reviewer: String
    /// "approved", "rejected", "flagged" or `nil`.
    public var decision: String?
    public var ratings: [String: Int]
    public var note: String?
    /// When the decision was last changed.
    public var at: String

    public init(reviewer: String, decision: String?, ratings: [String: Int], note: String?, at: String) {
        self.reviewer = reviewer
        self.decision = decision
        self.ratings = ratings
        self.note = note
        self.at = at
    }
}

/// A span that made it into the gold set, with its resolved ratings and who stands behind it.
public struct GoldSpan: Hashable, Sendable {
    public var span: Span
    /// Mean of the approving reviewers' ratings (or the adjudicated ones), per dimension.
    public var ratings: [String: Double]
    /// The ratings each reviewer in `reviewers` gave, their own.
    public var ratingsByReviewer: [String: [String: Int]]
    /// The reviewers whose judgements make the span gold: the approving ones or, when
    /// adjudicated, those whose judgements the adjudicator took (never the adjudicator as such).
    public var reviewers: [String]
    public var notes: [String]
    /// How the decision was reached: "single", "unanimous", "majority" or "adjudicated".
    public var resolution: String
    /// Who adjudicated, when the span was adjudicated.
    public var adjudicator: String?
    /// The latest judgement time behind it.
    public var reviewedAt: String
}

/// Why a span is not gold.
public enum GoldExclusion: String, Error, Hashable, Sendable, CaseIterable {
    case undecided, rejected, flagged, incompleteRubric = "incomplete-rubric", tooFewApprovals = "too-few-approvals"
    case disagreement, belowMinimumRating = "below-minimum-rating"
}
