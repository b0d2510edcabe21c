/// Which documents the list shows.
public struct DocumentFilter: Hashable, Sendable {
    public var status: DocumentStatus?
    public var stage: Int?
    public var onlyWithProblems: Bool
    /// Matches ids containing it (in any case), or texts containing it.
    public var search: String?
    /// Documents with a live span of this mode.
    public var mode: String?
    /// Documents this reviewer has changed, rated or decided anything in.
    public var reviewer: String?
    /// Documents with a span rated in this range on this dimension (by anyone).
    public var rating: RatingRange?
    /// Documents assigned to this reviewer that they have not decided yet (their queue).
    public var queueOf: String?
    /// Documents with a live span, in the version this reviewer works on, that they have not
    /// decided (what `]` goes on to).
    public var undecidedBy: String?

    public init(status: DocumentStatus? = nil, stage: Int? = nil, onlyWithProblems: Bool = false, search: String? = nil,
                mode: String? = nil, reviewer: String? = nil, rating: RatingRange? = nil, queueOf: String? = nil, undecidedBy: String? = nil) {
        self.status = status
        self.stage = stage
        self.onlyWithProblems = onlyWithProblems
        self.search = search
        self.mode = mode
        self.reviewer = reviewer
        self.rating = rating
        self.queueOf = queueOf
        self.undecidedBy = undecidedBy
    }

    public static let all = DocumentFilter()

    /// A short description for the status line ("all", "stage 2, with problems", …).
    public var summary: String {
        var parts: [String] = []
        if let status { parts.append(status.rawValue) }
        if let stage { parts.append("stage \(stage)") }
        if onlyWithProblems { parts.append("with problems") }
        if let mode { parts.append("mode \(mode)") }
        if let reviewer { parts.append("by \(reviewer)") }
        if let queueOf { parts.append("queue of \(queueOf)") }
        if let undecidedBy { parts.append("spans undecided by \(undecidedBy)") }
        if let rating { parts.append("\(rating.dimension) \(rating.values.lowerBound)–\(rating.values.upperBound)") }
        if let search, !search.isEmpty { parts.append("“\(search)”") }
        return parts.isEmpty ? "all" : parts.joined(separator: ", ")
    }
}

/// A rating condition of a filter: `dimension` rated within `values`.
public struct RatingRange: Hashable, Sendable {
    public var dimension: String
    public var values: ClosedRange<Int>

    public init(dimension: String, values: ClosedRange<Int>) {
        self.dimension = dimension
        self.values = values
    }
}
