/// How well rewriters did on the reviewed documents, group by group (`trellis quality`): the
/// machine's spans against the gold, with an interval for every figure and the number of
/// documents behind it. Built by `QualityAccumulator`.
public struct QualityReport: Equatable, Sendable {
    /// What documents are grouped by (`rewriter` by default).
    public var fields: [StratumField]
    /// The confidence of every interval (0.95 by default).
    public var confidence: Double
    public var groups: [QualityGroup]
    /// Every reviewed document together.
    public var all: QualityGroup
    /// The documents the machine did worst on, worst first.
    public var worst: [WorstDocument]
    /// Documents left out, by reason (`not-reviewed`, `no-machine-version`, …).
    public var skipped: [String: Int]
    /// Set when the figures are estimates from an audit's stratified sample.
    public var audit: AuditCoverage?

    public init(fields: [StratumField], confidence: Double, groups: [QualityGroup], all: QualityGroup, worst: [WorstDocument],
                skipped: [String: Int], audit: AuditCoverage?) {
        self.fields = fields
        self.confidence = confidence
        self.groups = groups
        self.all = all
        self.worst = worst
        self.skipped = skipped
        self.audit = audit
    }
}

/// A figure with its interval and what it rests on.
public struct Estimate: Hashable, Sendable {
    /// The figure; `nil` when there was nothing to measure (no chances).
    public var value: Double?
    /// Its interval at the report's confidence; `nil` when there was nothing to measure.
    public var interval: ConfidenceInterval?
    /// For a proportion: the events counted and the chances they had (spans, pairs, code points,
    /// documents), unweighted. For F1: matched pairs and all spans of both sides.
    public var count: Int
    public var of: Int
    /// Documents behind the figure.
    public var documents: Int

    public init(value: Double?, interval: ConfidenceInterval?, count: Int, of: Int, documents: Int) {
        self.value = value
        self.interval = interval
        self.count = count
        self.of = of
        self.documents = documents
    }
}

/// The figures `trellis quality` reports and `--accept` rules can name.
public enum QualityMetric: String, CaseIterable, Hashable, Sendable {
    case f1Exact = "f1-exact", f1Overlap = "f1-overlap"
    case precisionExact = "precision-exact", recallExact = "recall-exact"
    case precisionOverlap = "precision-overlap", recallOverlap = "recall-overlap"
    case missed, spurious, wrongLabel = "wrong-label", boundaryMoved = "boundary-moved", split, merged, textOutside = "text-outside"
    case documentsWithErrors = "documents-with-errors"

    /// The error kind a rate metric counts, if it is one.
    public var errorKind: SpanErrors.Kind? {
        switch self {
        case .missed: .missed
        case .spurious: .spurious
        case .wrongLabel: .wrongLabel
        case .boundaryMoved: .boundaryMoved
        case .split: .split
        case .merged: .merged
        case .textOutside: .outside
        default: nil
        }
    }

    /// Whether more is better (F1, precision, recall) rather than less (error rates).
    public var higherIsBetter: Bool {
        switch self {
        case .f1Exact, .f1Overlap, .precisionExact, .recallExact, .precisionOverlap, .recallOverlap: true
        default: false
        }
    }

    /// In words, for tables and verdicts.
    public var title: String {
        switch self {
        case .f1Exact: "F1 (exact)"
        case .f1Overlap: "F1 (overlap)"
        case .precisionExact: "precision (exact)"
        case .recallExact: "recall (exact)"
        case .precisionOverlap: "precision (overlap)"
        case .recallOverlap: "recall (overlap)"
        case .missed: "missed spans"
        case .spurious: "spurious spans"
        case .wrongLabel: "wrong labels"
        case .boundaryMoved: "moved boundaries"
        case .split: "split spans"
        case .merged: "merged spans"
        case .textOutside: "text outside every span"
        case .documentsWithErrors: "documents with an error"
        }
    }
}

/// The figures of one group of reviewed documents.
public struct QualityGroup: Equatable, Sendable {
    public var key: StratumKey
    /// The group's values in words (`rw-7b`, `rw-7b · 2`); `all` for every document.
    public var name: String
    public var documents: Int
    /// The machine against the gold, every document's counts added up.
    public var comparison: GoldComparison
    public var estimates: [QualityMetric: Estimate]
    public var effort: ReviewEffort
    /// Mean ratings of the gold spans, per mode and dimension.
    public var ratings: [RatingMean]

    public init(key: StratumKey, name: String, documents: Int, comparison: GoldComparison, estimates: [QualityMetric: Estimate],
                effort: ReviewEffort, ratings: [RatingMean]) {
        self.key = key
        self.name = name
        self.documents = documents
        self.comparison = comparison
        self.estimates = estimates
        self.effort = effort
        self.ratings = ratings
    }

    public subscript(metric: QualityMetric) -> Estimate {
        estimates[metric] ?? Estimate(value: nil, interval: nil, count: 0, of: 0, documents: documents)
    }
}

/// What reviewing a group's documents took, from history.
public struct ReviewEffort: Hashable, Sendable {
    /// Span edits (boundary moves, splits, merges, relabels, inserts, deletes) of the documents.
    public var edits: Int
    /// Their length in code points.
    public var characters: Int
    /// Documents with review time in history, and their mean and median time in seconds.
    public var timedDocuments: Int
    public var meanSeconds: Double?
    public var medianSeconds: Double?

    public init(edits: Int, characters: Int, timedDocuments: Int, meanSeconds: Double?, medianSeconds: Double?) {
        self.edits = edits
        self.characters = characters
        self.timedDocuments = timedDocuments
        self.meanSeconds = meanSeconds
        self.medianSeconds = medianSeconds
    }

    /// Edits per 1,000 characters; `nil` without characters.
    public var editsPerThousand: Double? { characters == 0 ? nil : Double(edits) * 1000 / Double(characters) }
}

/// The mean rating of one dimension over the gold spans of one mode.
public struct RatingMean: Hashable, Sendable {
    public var mode: String
    public var dimension: String
    public var mean: Double
    public var count: Int

    public init(mode: String, dimension: String, mean: Double, count: Int) {
        self.mode = mode
        self.dimension = dimension
        self.mean = mean
        self.count = count
    }
}

/// A document the machine did badly on, to open in the review screen.
public struct WorstDocument: Hashable, Sendable {
    public var id: String
    public var group: String
    public var exact: F1Score
    public var overlap: F1Score
    public var errors: SpanErrors

    public init(id: String, group: String, exact: F1Score, overlap: F1Score, errors: SpanErrors) {
        self.id = id
        self.group = group
        self.exact = exact
        self.overlap = overlap
        self.errors = errors
    }

    /// The errors in words, most frequent first: `2 wrong-label, 1 missed`.
    public var summary: String {
        let counts = SpanErrors.Kind.allCases.map { kind in (kind, kind == .outside ? errors.outsideStretches : errors.proportion(kind).count) }
            .filter { $0.1 > 0 }
        return counts.map { "\($0.1) \($0.0.rawValue)" }.joined(separator: ", ")
    }
}

/// How much of the corpus an audit's estimates cover.
public struct AuditCoverage: Hashable, Sendable {
    public var name: String
    /// Strata of the audit, with their size in the corpus, the documents drawn and those reviewed.
    public var strata: [Stratum]

    public struct Stratum: Hashable, Sendable {
        public var key: StratumKey
        public var population: Int
        public var sampled: Int
        public var reviewed: Int

        public init(key: StratumKey, population: Int, sampled: Int, reviewed: Int) {
            self.key = key
            self.population = population
            self.sampled = sampled
            self.reviewed = reviewed
        }
    }

    public init(name: String, strata: [Stratum]) {
        self.name = name
        self.strata = strata
    }

    /// Corpus documents in strata with at least one reviewed audit document (what the estimates
    /// speak for), and in all strata.
    public var coveredPopulation: Int { strata.filter { $0.reviewed > 0 }.reduce(0) { $0 + $1.population } }
    public var population: Int { strata.reduce(0) { $0 + $1.population } }
}
