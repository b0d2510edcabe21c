/// One reviewed document as `trellis quality` counts it: the machine's version against the gold,
/// and what reviewing it took.
public struct ReviewedDocument: Sendable {
    public var id: String
    /// The document's group (its values of the report's fields).
    public var key: StratumKey
    /// Its place among the audit's strata, when the report is an audit's.
    public var stratum: Int?
    /// Its length in code points.
    public var length: Int
    public var comparison: GoldComparison
    /// Span edits in its history.
    public var edits: Int
    /// Review time from its history, if it has any.
    public var reviewSeconds: Double?
    /// Current ratings of its gold spans.
    public var ratings: [Rating]

    /// A rating, or `count` ratings of one mode and dimension with `value` their sum.
    public struct Rating: Hashable, Sendable {
        public var mode: String
        public var dimension: String
        public var value: Int
        public var count: Int

        public init(mode: String, dimension: String, value: Int, count: Int = 1) {
            self.mode = mode
            self.dimension = dimension
            self.value = value
            self.count = count
        }
    }

    public init(id: String, key: StratumKey, stratum: Int? = nil, length: Int, comparison: GoldComparison, edits: Int = 0,
                reviewSeconds: Double? = nil, ratings: [Rating] = []) {
        self.id = id
        self.key = key
        self.stratum = stratum
        self.length = length
        self.comparison = comparison
        self.edits = edits
        self.reviewSeconds = reviewSeconds
        self.ratings = ratings
    }
}

/// An audit's design, for weighting: its strata (in the order documents' `stratum` numbers
/// them) with their size in the corpus.
public struct AuditDesign: Hashable, Sendable {
    public var name: String
    public var strata: [(key: StratumKey, population: Int, sampled: Int)]

    public init(name: String, strata: [(key: StratumKey, population: Int, sampled: Int)]) {
        self.name = name
        self.strata = strata
    }

    public static func == (lhs: AuditDesign, rhs: AuditDesign) -> Bool {
        lhs.name == rhs.name && lhs.strata.map(\.key) == rhs.strata.map(\.key) && lhs.strata.map(\.population) == rhs.strata.map(\.population)
            && lhs.strata.map(\.sampled) == rhs.strata.map(\.sampled)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        for stratum in strata { hasher.combine(stratum.key); hasher.combine(stratum.population) }
    }
}

/// Adds up reviewed documents group by group, in one pass and memory proportional to the
/// documents' counts (no text, no spans), then works out every figure with its interval
/// (`report()`): proportions with Wilson intervals, F1 with a bootstrap over documents (fixed
/// seed), and for an audit, estimates weighted by the strata's sizes in the corpus.
public struct QualityAccumulator {
    public let fields: [StratumField]
    public let confidence: Double
    public let worstCount: Int
    public let audit: AuditDesign?
    private var groups: [StratumKey: GroupTally] = [:]
    private var worst: [WorstDocument] = []
    private var skipped: [String: Int] = [:]

    public init(fields: [StratumField], confidence: Double = 0.95, worst: Int = 10, audit: AuditDesign? = nil) {
        self.fields = fields
        self.confidence = confidence
        worstCount = max(0, worst)
        self.audit = audit
    }

    /// Counts a document left out of the figures, by reason.
    public mutating func skip(_ reason: String, count: Int = 1) {
        skipped[reason, default: 0] += count
    }

    public mutating func add(_ document: ReviewedDocument) {
        groups[document.key, default: GroupTally(key: document.key)].add(document)
        considerWorst(document)
    }

    /// The report; the same documents always give the same figures (the bootstrap's seed is fixed).
    public func report(seed: UInt64 = Bootstrap.defaultSeed) -> QualityReport {
        let z = ConfidenceInterval.z(confidence: confidence)
        // Documents reviewed per stratum, over every group: an audit document's weight.
        var reviewed = [Int](repeating: 0, count: audit?.strata.count ?? 0)
        for tally in groups.values {
            for figures in tally.documents { if let stratum = figures.stratum { reviewed[stratum] += 1 } }
        }
        let weights = audit.map { design in
            design.strata.indices.map { reviewed[$0] == 0 ? 0 : Double(design.strata[$0].population) / Double(reviewed[$0]) }
        }
        let estimator = Estimator(z: z, confidence: confidence, seed: seed, weights: weights, populations: audit?.strata.map(\.population), reviewed: reviewed)
        let ordered = groups.values.sorted { $0.key < $1.key }
        let all = ordered.reduce(into: GroupTally(key: StratumKey([]))) { $0.merge($1) }
        let coverage = audit.map { design in
            AuditCoverage(name: design.name, strata: design.strata.indices.map { index in
                AuditCoverage.Stratum(key: design.strata[index].key, population: design.strata[index].population,
                                      sampled: design.strata[index].sampled, reviewed: reviewed[index])
            })
        }
        let figures = ordered.map { estimator.group($0, name: $0.key.display) }
        // One group is all the documents, in the same order: the same figures.
        var whole = figures.count == 1 ? figures[0] : estimator.group(all, name: "all")
        (whole.key, whole.name) = (all.key, "all")
        return QualityReport(fields: fields, confidence: confidence, groups: figures, all: whole, worst: worst, skipped: skipped, audit: coverage)
    }

    /// Keeps the `worstCount` documents with the lowest overlap F1 (then exact F1, then the most
    /// errors, then by id) among those with an error.
    private mutating func considerWorst(_ document: ReviewedDocument) {
        let comparison = document.comparison
        guard worstCount > 0, comparison.errors.total > 0 else { return }
        let candidate = WorstDocument(id: document.id, group: document.key.display, exact: comparison.exact, overlap: comparison.overlap,
                                      errors: comparison.errors)
        func worse(_ a: WorstDocument, _ b: WorstDocument) -> Bool {
            (a.overlap.f1, a.exact.f1, -a.errors.total, a.id) < (b.overlap.f1, b.exact.f1, -b.errors.total, b.id)
        }
        if worst.count == worstCount, let last = worst.last, !worse(candidate, last) { return }
        let place = worst.firstIndex { worse(candidate, $0) } ?? worst.count
        worst.insert(candidate, at: place)
        if worst.count > worstCount { worst.removeLast() }
    }
}

/// What one document contributes to its group's intervals.
struct DocumentFigures: Sendable {
    var stratum: Int?
    var exact: F1Score
    var overlap: F1Score
    var errors: SpanErrors
}

/// A group's documents added up.
struct GroupTally: Sendable {
    let key: StratumKey
    var comparison = GoldComparison.zero
    var documents: [DocumentFigures] = []
    var edits = 0
    var characters = 0
    var seconds: [Double] = []
    var ratings: [RatingKey: (total: Int, count: Int)] = [:]

    struct RatingKey: Hashable, Comparable {
        var mode: String
        var dimension: String
        static func < (a: RatingKey, b: RatingKey) -> Bool { (a.mode, a.dimension) < (b.mode, b.dimension) }
    }

    init(key: StratumKey) {
        self.key = key
    }

    mutating func add(_ document: ReviewedDocument) {
        comparison += document.comparison
        documents.append(DocumentFigures(stratum: document.stratum, exact: document.comparison.exact, overlap: document.comparison.overlap,
                                         errors: document.comparison.errors))
        edits += document.edits
        characters += document.length
        if let seconds = document.reviewSeconds { self.seconds.append(seconds) }
        for rating in document.ratings {
            let key = RatingKey(mode: rating.mode, dimension: rating.dimension)
            ratings[key, default: (0, 0)].total += rating.value
            ratings[key, default: (0, 0)].count += rating.count
        }
    }

    mutating func merge(_ other: GroupTally) {
        comparison += other.comparison
        documents += other.documents
        edits += other.edits
        characters += other.characters
        seconds += other.seconds
        ratings.merge(other.ratings) { ($0.total + $1.total, $0.count + $1.count) }
    }
}

/// Works out a group's figures: plain estimates over the reviewed documents, or, with audit
/// weights, design-based estimates (`StratifiedRatio`).
private struct Estimator {
    let z: Double
    let confidence: Double
    let seed: UInt64
    /// Per stratum, how many corpus documents each reviewed audit document stands for.
    let weights: [Double]?
    let populations: [Int]?
    let reviewed: [Int]

    func group(_ tally: GroupTally, name: String) -> QualityGroup {
        var estimates: [QualityMetric: Estimate] = [:]
        let documents = tally.documents.count
        let f1 = f1Estimates(tally.documents)
        estimates[.f1Exact] = f1.exact
        estimates[.f1Overlap] = f1.overlap
        func proportion(_ metric: QualityMetric, _ part: (DocumentFigures) -> (count: Int, of: Int)) {
            estimates[metric] = estimate(tally.documents, part)
        }
        proportion(.precisionExact) { ($0.exact.matched, $0.exact.countB) }
        proportion(.recallExact) { ($0.exact.matched, $0.exact.countA) }
        proportion(.precisionOverlap) { ($0.overlap.matched, $0.overlap.countB) }
        proportion(.recallOverlap) { ($0.overlap.matched, $0.overlap.countA) }
        for metric in QualityMetric.allCases {
            guard let kind = metric.errorKind else { continue }
            proportion(metric) { $0.errors.proportion(kind) }
        }
        proportion(.documentsWithErrors) { ($0.errors.total > 0 ? 1 : 0, 1) }
        let sorted = tally.seconds.sorted()
        let effort = ReviewEffort(
            edits: tally.edits, characters: tally.characters, timedDocuments: sorted.count,
            meanSeconds: sorted.isEmpty ? nil : sorted.reduce(0, +) / Double(sorted.count),
            medianSeconds: sorted.isEmpty ? nil : Bootstrap.quantile(sorted: sorted, 0.5))
        let ratings = tally.ratings.sorted { $0.key < $1.key }.map { key, sum in
            RatingMean(mode: key.mode, dimension: key.dimension, mean: Double(sum.total) / Double(sum.count), count: sum.count)
        }
        return QualityGroup(key: tally.key, name: name, documents: documents, comparison: tally.comparison, estimates: estimates,
                            effort: effort, ratings: ratings)
    }

    /// A proportion over the documents: Wilson's interval on the pooled counts, or for an audit the
    /// weighted ratio with Wilson's interval on its effective size.
    private func estimate(_ documents: [DocumentFigures], _ part: (DocumentFigures) -> (count: Int, of: Int)) -> Estimate {
        var count = 0, of = 0
        var ratio = StratifiedRatio(strata: weights?.count ?? 0)
        for figures in documents {
            let (x, m) = part(figures)
            count += x
            of += m
            if let weights, let stratum = figures.stratum { ratio.add(stratum: stratum, weight: weights[stratum], y: Double(x), x: Double(m)) }
        }
        guard of > 0 else { return Estimate(value: nil, interval: nil, count: 0, of: 0, documents: documents.count) }
        if let populations, let result = ratio.estimate(populations: populations, reviewed: reviewed, z: z) {
            return Estimate(value: result.value, interval: result.interval, count: count, of: of, documents: documents.count)
        }
        return Estimate(value: Double(count) / Double(of), interval: .wilson(successes: count, trials: of, z: z), count: count, of: of,
                        documents: documents.count)
    }

    /// Micro-averaged F1, exact and overlapping, with percentile bootstrap intervals over the
    /// documents (resampled within audit strata, each weighted by its stratum's weight).
    private func f1Estimates(_ documents: [DocumentFigures]) -> (exact: Estimate, overlap: Estimate) {
        let ordered = weights == nil ? documents : documents.sorted { ($0.stratum ?? -1) < ($1.stratum ?? -1) }
        var strata: [Range<Int>] = []
        var start = 0
        for index in ordered.indices where index + 1 == ordered.count || ordered[index + 1].stratum != ordered[index].stratum {
            strata.append(start..<(index + 1))
            start = index + 1
        }
        if weights == nil { strata = ordered.isEmpty ? [] : [0..<ordered.count] }
        let documentWeights = ordered.map { figures in figures.stratum.flatMap { weights?[$0] } ?? 1 }
        func f1(_ matched: Double, _ both: Double) -> Double { both == 0 ? 1 : 2 * matched / both }
        // Each document's weighted counts side by side, so that a resample (a thousand of them,
        // each as many draws as documents) reads four numbers a draw and nothing else.
        let counts = zip(ordered, documentWeights).map { figures, weight in
            SIMD4(Double(figures.exact.matched), Double(figures.exact.countA + figures.exact.countB),
                  Double(figures.overlap.matched), Double(figures.overlap.countA + figures.overlap.countB)) * weight
        }
        let intervals = Bootstrap.percentileIntervals(summing: counts, strata: strata, statistics: 2, confidence: confidence, seed: seed) { sum, values in
            values[0] = f1(sum[0], sum[1])
            values[1] = f1(sum[2], sum[3])
        }
        func estimate(_ score: KeyPath<DocumentFigures, F1Score>, interval: ConfidenceInterval?) -> Estimate {
            var matched = 0.0, both = 0.0, total = F1Score.zero
            for (figures, weight) in zip(ordered, documentWeights) {
                let value = figures[keyPath: score]
                matched += weight * Double(value.matched)
                both += weight * Double(value.countA + value.countB)
                total = total + value
            }
            return Estimate(value: ordered.isEmpty ? nil : f1(matched, both), interval: interval, count: total.matched, of: total.countA + total.countB,
                            documents: ordered.count)
        }
        return (estimate(\.exact, interval: intervals?[0]), estimate(\.overlap, interval: intervals?[1]))
    }
}

extension SpanErrors {
    /// Every error of the document counted once: span errors and stretches of text outside.
    public var total: Int { missed + spurious + wrongLabel + boundaryMoved + split + merged + outsideStretches }
}
