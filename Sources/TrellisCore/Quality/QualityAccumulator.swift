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
/// groups (sums, and each distinct figure a document can have with how many have it; no text, no
/// spans, no list of documents but their review times), then works out every figure with its
/// interval (`report()`): proportions with Wilson intervals, F1 with a bootstrap over documents
/// (fixed seed), and for an audit, estimates weighted by the strata's sizes in the corpus.
/// Documents can come one by one (`add(_:)`) or already added up (`add(_:key:)`, kept sums): the
/// same documents give the same report either way.
public struct QualityAccumulator {
    public let fields: [StratumField]
    public let confidence: Double
    public let worstCount: Int
    public let audit: AuditDesign?
    private var groups: [StratumKey: QualityTally] = [:]
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
        groups[document.key, default: QualityTally()].add(document, audit: audit != nil)
        considerWorst(WorstDocument(id: document.id, group: document.key.display, exact: document.comparison.exact,
                                    overlap: document.comparison.overlap, errors: document.comparison.errors))
    }

    /// Documents of group `key` already added up (outside an audit).
    public mutating func add(_ tally: QualityTally, key: StratumKey) {
        groups[key, default: QualityTally()].merge(tally)
    }

    /// The report; the same documents always give the same figures (the bootstrap's seed is fixed).
    public func report(seed: UInt64 = Bootstrap.defaultSeed) -> QualityReport {
        let z = ConfidenceInterval.z(confidence: confidence)
        // Documents reviewed per stratum, over every group: an audit document's weight.
        var reviewed = [Int](repeating: 0, count: audit?.strata.count ?? 0)
        for tally in groups.values {
            for (stratum, figures) in tally.f1 where stratum >= 0 && stratum < reviewed.count { reviewed[stratum] += figures.values.reduce(0, +) }
        }
        let weights = audit.map { design in
            design.strata.indices.map { reviewed[$0] == 0 ? 0 : Double(design.strata[$0].population) / Double(reviewed[$0]) }
        }
        let estimator = Estimator(z: z, confidence: confidence, seed: seed, weights: weights, populations: audit?.strata.map(\.population), reviewed: reviewed)
        let ordered = groups.sorted { $0.key < $1.key }
        let all = ordered.reduce(into: QualityTally()) { $0.merge($1.value) }
        let coverage = audit.map { design in
            AuditCoverage(name: design.name, strata: design.strata.indices.map { index in
                AuditCoverage.Stratum(key: design.strata[index].key, population: design.strata[index].population,
                                      sampled: design.strata[index].sampled, reviewed: reviewed[index])
            })
        }
        let figures = ordered.map { estimator.group($0.value, key: $0.key, name: $0.key.display) }
        // One group is all the documents: the same figures.
        var whole = figures.count == 1 ? figures[0] : estimator.group(all, key: StratumKey([]), name: "all")
        (whole.key, whole.name) = (StratumKey([]), "all")
        return QualityReport(fields: fields, confidence: confidence, groups: figures, all: whole, worst: worst, skipped: skipped, audit: coverage)
    }

    /// Keeps the `worstCount` documents with the lowest overlap F1 (then exact F1, then the most
    /// errors, then by id) among those with an error.
    public mutating func considerWorst(_ candidate: WorstDocument) {
        WorstDocument.keep(candidate, in: &worst, limit: worstCount) { $0 }
    }
}

extension WorstDocument {
    /// The order of the worst documents: lower overlap F1, then exact F1, then more errors, then id.
    public func isWorse(than other: WorstDocument) -> Bool {
        (overlap.f1, exact.f1, -errors.total, id) < (other.overlap.f1, other.exact.f1, -other.errors.total, other.id)
    }

    /// Puts `entry` in its place in `list` (worst first) if its document has an error and is
    /// among the `limit` worst, keeping at most `limit`.
    static func keep<Entry>(_ entry: Entry, in list: inout [Entry], limit: Int, _ document: (Entry) -> WorstDocument) {
        let candidate = document(entry)
        guard limit > 0, candidate.errors.total > 0 else { return }
        if list.count == limit, let last = list.last, !candidate.isWorse(than: document(last)) { return }
        list.insert(entry, at: list.firstIndex { candidate.isWorse(than: document($0)) } ?? list.count)
        if list.count > limit { list.removeLast() }
    }
}

/// One document's F1 counts, as the bootstrap draws them: exact and overlapping pairs matched,
/// and spans of both sides.
public struct F1Counts: Hashable, Sendable {
    public var exactMatched: Int
    public var exactSpans: Int
    public var overlapMatched: Int
    public var overlapSpans: Int

    public init(exactMatched: Int, exactSpans: Int, overlapMatched: Int, overlapSpans: Int) {
        (self.exactMatched, self.exactSpans, self.overlapMatched, self.overlapSpans) = (exactMatched, exactSpans, overlapMatched, overlapSpans)
    }

    init(_ comparison: GoldComparison) {
        self.init(exactMatched: comparison.exact.matched, exactSpans: comparison.exact.countA + comparison.exact.countB,
                  overlapMatched: comparison.overlap.matched, overlapSpans: comparison.overlap.countA + comparison.overlap.countB)
    }

    var vector: SIMD4<Double> { SIMD4(Double(exactMatched), Double(exactSpans), Double(overlapMatched), Double(overlapSpans)) }
}

/// A group's reviewed documents added up: everything a report works out of them, in sums that
/// add (`merge`), so that they can be kept per block of documents and joined.
public struct QualityTally: Equatable, Sendable {
    /// Every document's comparison added up.
    public internal(set) var comparison = GoldComparison.zero
    /// Documents with an error.
    public internal(set) var withErrors = 0
    public internal(set) var edits = 0
    public internal(set) var characters = 0
    /// Review times of the documents that have one (in no order).
    public internal(set) var seconds: [Double] = []
    public internal(set) var ratings: [RatingKey: RatingSum] = [:]
    /// Per audit stratum (-1 outside an audit), each distinct F1 counts with how many documents
    /// have them: all the bootstrap needs.
    public internal(set) var f1: [Int: [F1Counts: Int]] = [:]
    /// For an audit: each proportion's sums per stratum (`StratifiedRatio`).
    var ratios: [QualityMetric: StratifiedRatio] = [:]

    public struct RatingKey: Hashable, Comparable, Sendable {
        public var mode: String
        public var dimension: String
        public init(mode: String, dimension: String) { (self.mode, self.dimension) = (mode, dimension) }
        public static func < (a: RatingKey, b: RatingKey) -> Bool { (a.mode, a.dimension) < (b.mode, b.dimension) }
    }

    public struct RatingSum: Hashable, Sendable {
        public var total: Int
        public var count: Int
        public init(total: Int, count: Int) { (self.total, self.count) = (total, count) }
    }

    public init() {}

    /// Documents behind the figures.
    public var documents: Int { comparison.documents }

    /// Adds one document (and, for an audit, its share of every proportion in its stratum).
    public mutating func add(_ document: ReviewedDocument, audit: Bool = false) {
        let stratum = document.stratum ?? -1
        comparison += document.comparison
        if document.comparison.errors.total > 0 { withErrors += 1 }
        f1[stratum, default: [:]][F1Counts(document.comparison), default: 0] += 1
        edits += document.edits
        characters += document.length
        if let seconds = document.reviewSeconds { self.seconds.append(seconds) }
        for rating in document.ratings {
            ratings[RatingKey(mode: rating.mode, dimension: rating.dimension), default: RatingSum(total: 0, count: 0)].total += rating.value
            ratings[RatingKey(mode: rating.mode, dimension: rating.dimension), default: RatingSum(total: 0, count: 0)].count += rating.count
        }
        guard audit, stratum >= 0 else { return }
        for (metric, part) in Self.proportions {
            let (y, x) = part(document.comparison)
            ratios[metric, default: StratifiedRatio()].add(stratum: stratum, y: Double(y), x: Double(x))
        }
        ratios[.documentsWithErrors, default: StratifiedRatio()].add(stratum: stratum, y: document.comparison.errors.total > 0 ? 1 : 0, x: 1)
    }

    /// Adds a review time to the documents'.
    public mutating func addSeconds(_ value: Double) {
        seconds.append(value)
    }

    public mutating func merge(_ other: QualityTally) {
        comparison += other.comparison
        withErrors += other.withErrors
        edits += other.edits
        characters += other.characters
        seconds += other.seconds
        ratings.merge(other.ratings) { RatingSum(total: $0.total + $1.total, count: $0.count + $1.count) }
        f1.merge(other.f1) { $0.merging($1, uniquingKeysWith: +) }
        ratios.merge(other.ratios) { $0.merged($1) }
    }

    /// Sums kept and read back (`QualityBlock`): outside an audit, without review times.
    init(comparison: GoldComparison, withErrors: Int, edits: Int, characters: Int, ratings: [RatingKey: RatingSum], f1: [F1Counts: Int]) {
        self.comparison = comparison
        self.withErrors = withErrors
        self.edits = edits
        self.characters = characters
        self.ratings = ratings
        self.f1 = f1.isEmpty ? [:] : [-1: f1]
    }

    /// Each proportion the report gives (but documents with an error), as events and chances of
    /// a comparison: one document's, or documents' added up.
    static let proportions: [(QualityMetric, @Sendable (GoldComparison) -> (count: Int, of: Int))] = {
        var parts: [(QualityMetric, @Sendable (GoldComparison) -> (count: Int, of: Int))] = [
            (.precisionExact, { ($0.exact.matched, $0.exact.countB) }), (.recallExact, { ($0.exact.matched, $0.exact.countA) }),
            (.precisionOverlap, { ($0.overlap.matched, $0.overlap.countB) }), (.recallOverlap, { ($0.overlap.matched, $0.overlap.countA) }),
        ]
        for metric in QualityMetric.allCases {
            guard let kind = metric.errorKind else { continue }
            parts.append((metric, { $0.errors.proportion(kind) }))
        }
        return parts
    }()
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

    func group(_ tally: QualityTally, key: StratumKey, name: String) -> QualityGroup {
        var estimates: [QualityMetric: Estimate] = [:]
        let f1 = f1Estimates(tally)
        estimates[.f1Exact] = f1.exact
        estimates[.f1Overlap] = f1.overlap
        for (metric, part) in QualityTally.proportions {
            let (count, of) = part(tally.comparison)
            estimates[metric] = estimate(count: count, of: of, documents: tally.documents, ratio: tally.ratios[metric])
        }
        estimates[.documentsWithErrors] = estimate(count: tally.withErrors, of: tally.documents, documents: tally.documents,
                                                   ratio: tally.ratios[.documentsWithErrors])
        let sorted = tally.seconds.sorted()
        let effort = ReviewEffort(
            edits: tally.edits, characters: tally.characters, timedDocuments: sorted.count,
            meanSeconds: sorted.isEmpty ? nil : sorted.reduce(0, +) / Double(sorted.count),
            medianSeconds: sorted.isEmpty ? nil : Bootstrap.quantile(sorted: sorted, 0.5))
        let ratings = tally.ratings.sorted { $0.key < $1.key }.map { key, sum in
            RatingMean(mode: key.mode, dimension: key.dimension, mean: Double(sum.total) / Double(sum.count), count: sum.count)
        }
        return QualityGroup(key: key, name: name, documents: tally.documents, comparison: tally.comparison, estimates: estimates,
                            effort: effort, ratings: ratings)
    }

    /// A proportion over the documents: Wilson's interval on the pooled counts, or for an audit the
    /// weighted ratio with Wilson's interval on its effective size.
    private func estimate(count: Int, of: Int, documents: Int, ratio: StratifiedRatio?) -> Estimate {
        guard of > 0 else { return Estimate(value: nil, interval: nil, count: 0, of: 0, documents: documents) }
        if let weights, let populations, let result = ratio?.estimate(weights: weights, populations: populations, reviewed: reviewed, z: z) {
            return Estimate(value: result.value, interval: result.interval, count: count, of: of, documents: documents)
        }
        return Estimate(value: Double(count) / Double(of), interval: .wilson(successes: count, trials: of, z: z), count: count, of: of,
                        documents: documents)
    }

    /// Micro-averaged F1, exact and overlapping, with percentile bootstrap intervals over the
    /// documents (resampled within audit strata, each weighted by its stratum's weight).
    private func f1Estimates(_ tally: QualityTally) -> (exact: Estimate, overlap: Estimate) {
        func f1(_ matched: Double, _ both: Double) -> Double { both == 0 ? 1 : 2 * matched / both }
        let strata = tally.f1.keys.sorted().map { stratum in
            let weight = weights.flatMap { stratum >= 0 ? $0[stratum] : nil } ?? 1
            return tally.f1[stratum]!.map { (value: $0.key.vector * weight, documents: $0.value) }
        }
        let intervals = Bootstrap.percentileIntervals(counting: strata, statistics: 2, confidence: confidence, seed: seed) { sum, values in
            values[0] = f1(sum[0], sum[1])
            values[1] = f1(sum[2], sum[3])
        }
        // Whole numbers added up exactly, then weighted stratum by stratum in order.
        var total = SIMD4<Double>()
        for stratum in tally.f1.keys.sorted() {
            let weight = weights.flatMap { stratum >= 0 ? $0[stratum] : nil } ?? 1
            let counts = tally.f1[stratum]!.reduce(into: SIMD4<Int>()) { sum, figure in
                sum &+= SIMD4(figure.key.exactMatched, figure.key.exactSpans, figure.key.overlapMatched, figure.key.overlapSpans) &* figure.value
            }
            total += SIMD4<Double>(counts) * weight
        }
        let comparison = tally.comparison
        return (Estimate(value: tally.documents == 0 ? nil : f1(total[0], total[1]), interval: intervals?[0], count: comparison.exact.matched,
                         of: comparison.exact.countA + comparison.exact.countB, documents: tally.documents),
                Estimate(value: tally.documents == 0 ? nil : f1(total[2], total[3]), interval: intervals?[1], count: comparison.overlap.matched,
                         of: comparison.overlap.countA + comparison.overlap.countB, documents: tally.documents))
    }
}

extension SpanErrors {
    /// Every error of the document counted once: span errors and stretches of text outside.
    public var total: Int { missed + spurious + wrongLabel + boundaryMoved + split + merged + outsideStretches }
}
