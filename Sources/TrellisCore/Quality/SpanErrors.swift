/// What a machine (a rewriter) got wrong in its spans, against the gold, counted by kind.
///
/// Spans are compared level by level (top-level spans with top-level spans, spans nested once
/// with spans nested once, …). At each level the spans that share code points, whatever their
/// labels, are matched one to one, largest overlaps first (`SpanMatching`). Then:
/// - a gold span no machine span overlaps is **missed**; a machine span no gold span overlaps is
///   **spurious**;
/// - a gold span overlapped by unmatched machine spans as well as its partner was **split** (each
///   such gold span once); a machine span overlapping unmatched gold spans as well as its partner
///   **merged** them (each such machine span once);
/// - a matched pair with different labels has a **wrong label**; one with different ends, not
///   part of a split or merge, a **moved boundary** (a pair can have both);
/// - non-white-space code points the gold puts in a span and the machine leaves outside every
///   span are **text outside every span** (counted in code points and in stretches).
public struct SpanErrors: Hashable, Sendable {
    /// The kinds of error, with the names used in reports.
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case missed
        case spurious
        case wrongLabel = "wrong-label"
        case boundaryMoved = "boundary-moved"
        case split
        case merged
        case outside = "text-outside"
    }

    public var goldSpans = 0
    public var machineSpans = 0
    /// Overlapping gold and machine spans matched one to one (any label).
    public var pairs = 0
    /// Pairs with the same start, end and label.
    public var correct = 0
    public var missed = 0
    public var spurious = 0
    public var wrongLabel = 0
    public var boundaryMoved = 0
    public var split = 0
    public var merged = 0
    /// Non-white-space code points inside gold spans.
    public var goldCodePoints = 0
    /// Of those, the ones outside every machine span.
    public var outsideCodePoints = 0
    /// Maximal stretches outside every machine span and inside gold spans, with visible text.
    public var outsideStretches = 0

    public init() {}

    /// How many errors of `kind`, and out of how many chances: gold spans for missed and split,
    /// machine spans for spurious and merged, pairs for wrong label and moved boundary, gold code
    /// points for text outside. A proportion for `ConfidenceInterval.wilson`.
    public func proportion(_ kind: Kind) -> (count: Int, of: Int) {
        switch kind {
        case .missed: (missed, goldSpans)
        case .spurious: (spurious, machineSpans)
        case .wrongLabel: (wrongLabel, pairs)
        case .boundaryMoved: (boundaryMoved, pairs)
        case .split: (split, goldSpans)
        case .merged: (merged, machineSpans)
        case .outside: (outsideCodePoints, goldCodePoints)
        }
    }

    /// Counts added up (pooling documents).
    public static func + (lhs: SpanErrors, rhs: SpanErrors) -> SpanErrors {
        var sum = lhs
        sum += rhs
        return sum
    }

    public static func += (sum: inout SpanErrors, other: SpanErrors) {
        sum.goldSpans += other.goldSpans
        sum.machineSpans += other.machineSpans
        sum.pairs += other.pairs
        sum.correct += other.correct
        sum.missed += other.missed
        sum.spurious += other.spurious
        sum.wrongLabel += other.wrongLabel
        sum.boundaryMoved += other.boundaryMoved
        sum.split += other.split
        sum.merged += other.merged
        sum.goldCodePoints += other.goldCodePoints
        sum.outsideCodePoints += other.outsideCodePoints
        sum.outsideStretches += other.outsideStretches
    }
}

/// How far the machine put span boundaries from the gold's, over matched pairs (not those of a
/// split or merge): each start and each end counted once, by its signed shift (machine minus gold;
/// 0 where the machine got it right).
public struct BoundaryShifts: Hashable, Sendable {
    /// Boundaries by shift in code points.
    public var codePoints: [Int: Int] = [:]
    /// Boundaries by shift in words: how many words (runs of non-white-space code points) lie
    /// wholly or partly between the two places, negative when the machine's comes first.
    public var words: [Int: Int] = [:]

    public init() {}

    /// How many boundaries were counted.
    public var count: Int { codePoints.values.reduce(0, +) }

    public static func + (lhs: BoundaryShifts, rhs: BoundaryShifts) -> BoundaryShifts {
        var sum = lhs
        sum += rhs
        return sum
    }

    public static func += (sum: inout BoundaryShifts, other: BoundaryShifts) {
        sum.codePoints.merge(other.codePoints, uniquingKeysWith: +)
        sum.words.merge(other.words, uniquingKeysWith: +)
    }
}
