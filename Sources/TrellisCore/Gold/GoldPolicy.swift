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

    /// Whether a judgement by `reviewer` made at `at` counts under this policy.
    public func counts(_ reviewer: String, at: String) -> Bool {
        (reviewers?.contains(reviewer) ?? true) && from.map { at >= $0 } ?? true && until.map { at <= $0 } ?? true
    }
}

/// One reviewer's judgement of one span.
public struct SpanJudgement: Hashable, Sendable {
    public var reviewer: String
    /// "approved", "rejected", "flagged" or `nil`.
    public var decision: String?
    /// Whether the decision was made on the span as it is now (see `DecisionState`); a stale
    /// decision was made on an earlier state.
    public var isCurrent: Bool
    /// The ratings given to the span as it is now.
    public var ratings: Ratings<Int>
    /// Ratings given to an earlier state of the span (kept, but not counted).
    public var ratingsBeforeChange: Ratings<Int>
    public var note: String?
    /// When the decision was last changed.
    public var at: String

    public init(reviewer: String, decision: String?, isCurrent: Bool = true, ratings: Ratings<Int>,
                ratingsBeforeChange: Ratings<Int>, note: String?, at: String) {
        self.reviewer = reviewer
        self.decision = decision
        self.isCurrent = isCurrent
        self.ratings = ratings
        self.ratingsBeforeChange = ratingsBeforeChange
        self.note = note
        self.at = at
    }

    /// A judgement with its ratings by name.
    public init(reviewer: String, decision: String?, isCurrent: Bool = true, ratings: [String: Int],
                ratingsBeforeChange: [String: Int] = [:], note: String?, at: String) {
        self.init(reviewer: reviewer, decision: decision, isCurrent: isCurrent, ratings: Ratings(ratings),
                  ratingsBeforeChange: Ratings(ratingsBeforeChange), note: note, at: at)
    }
}

/// One reviewer's decision and note on a whole document.
public struct DocumentJudgement: Hashable, Sendable {
    public var reviewer: String
    /// "approved", "rejected", "flagged" or `nil`.
    public var decision: String?
    /// Whether the decision was made on the document as it is now (its content and spans).
    public var isCurrent: Bool
    public var note: String?
    public var at: String

    public init(reviewer: String, decision: String?, isCurrent: Bool, note: String?, at: String) {
        self.reviewer = reviewer
        self.decision = decision
        self.isCurrent = isCurrent
        self.note = note
        self.at = at
    }
}

/// What the document decisions say about a document: whether it contributes to exports at all,
/// and whether it may be a whole-document record.
public struct DocumentVerdict: Hashable, Sendable {
    /// Why the document contributes nothing to any export (a rejection or flag), if so.
    public var excluded: GoldExclusion?
    /// Why the document is not approved as a whole (needed for whole-document records), if so.
    public var notApproved: GoldExclusion?

    public init(excluded: GoldExclusion? = nil, notApproved: GoldExclusion? = nil) {
        self.excluded = excluded
        self.notApproved = notApproved
    }
}

/// A span that made it into the gold set, with its resolved ratings and who stands behind it.
public struct GoldSpan: Hashable, Sendable {
    public var span: Span
    /// Mean of the approving reviewers' ratings (or the adjudicated ones), per dimension.
    public var ratings: Ratings<Double>
    /// The judgements of the reviewers in `reviewers`, their own (decision, ratings, note), by name.
    public var judgements: [SpanJudgement]
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

    /// A gold span with its ratings by name.
    public init(span: Span, ratings: [String: Double], judgements: [SpanJudgement] = [], reviewers: [String], notes: [String],
                resolution: String, adjudicator: String? = nil, reviewedAt: String) {
        self.init(span: span, ratings: Ratings(ratings), judgements: judgements, reviewers: reviewers, notes: notes, resolution: resolution,
                  adjudicator: adjudicator, reviewedAt: reviewedAt)
    }

    public init(span: Span, ratings: Ratings<Double>, judgements: [SpanJudgement] = [], reviewers: [String], notes: [String],
                resolution: String, adjudicator: String? = nil, reviewedAt: String) {
        self.span = span
        self.ratings = ratings
        self.judgements = judgements
        self.reviewers = reviewers
        self.notes = notes
        self.resolution = resolution
        self.adjudicator = adjudicator
        self.reviewedAt = reviewedAt
    }
}

/// Why a span is not gold, or not exported (the manifest counts spans per reason).
public enum GoldExclusion: String, Error, Hashable, Sendable, CaseIterable {
    case undecided, rejected, flagged, incompleteRubric = "incomplete-rubric", tooFewApprovals = "too-few-approvals"
    case disagreement, belowMinimumRating = "below-minimum-rating"
    /// A counted decision or rating was made on an earlier state of the span: it must be
    /// re-confirmed (or changed) before it counts.
    case changedSinceDecision = "changed-since-decision"
    /// A counted reviewer rejected or flagged the document: none of it is exported.
    case documentRejected = "document-rejected", documentFlagged = "document-flagged"
    /// A counted reviewer rejected or flagged an earlier state of the document, or (whole-document
    /// records) its approval was given to an earlier state.
    case documentChangedSinceDecision = "document-changed-since-decision"
    /// Whole-document records: the document is not approved by enough counted reviewers.
    case documentNotApproved = "document-not-approved"
    /// Whole-document records and span runs: the document (or the stretch) breaks the schema.
    case documentHasProblems = "document-has-problems"
    /// Whole-document records and span runs: not every span of the document (or of the
    /// stretch) is gold.
    case documentIncomplete = "document-incomplete"
}
