/// Counts of label pairs between two reviewers: `counts[labelA][labelB]` (rows: the first
/// reviewer, columns: the second), per code point or per matched span.
public struct ConfusionMatrix: Hashable, Sendable {
    public private(set) var counts: [String: [String: Int]] = [:]

    public init() {}

    /// The matrix of `a[i]` against `b[i]`; the lists must have the same length.
    public init(_ a: [String], _ b: [String]) {
        precondition(a.count == b.count, "ConfusionMatrix: \(a.count) labels against \(b.count)")
        for (x, y) in zip(a, b) { add(x, y) }
    }

    /// Counts `count` more times that the first reviewer said `a` where the second said `b`.
    public mutating func add(_ a: String, _ b: String, count: Int = 1) {
        counts[a, default: [:]][b, default: 0] += count
    }

    /// Every label of either reviewer, sorted, with `CharacterLabels.none` last.
    public var labels: [String] {
        let all = Set(counts.keys).union(counts.values.flatMap(\.keys))
        return all.sorted { ($0 == CharacterLabels.none ? 1 : 0, $0) < ($1 == CharacterLabels.none ? 1 : 0, $1) }
    }

    /// How often the first reviewer said `a` where the second said `b`.
    public func count(_ a: String, _ b: String) -> Int { counts[a]?[b] ?? 0 }

    /// All pairs counted.
    public var total: Int { counts.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
}

extension ConfusionMatrix {
    /// Both matrices' counts added up (pooling documents).
    public static func + (lhs: ConfusionMatrix, rhs: ConfusionMatrix) -> ConfusionMatrix {
        var sum = lhs
        sum += rhs
        return sum
    }

    public static func += (sum: inout ConfusionMatrix, other: ConfusionMatrix) {
        for (a, row) in other.counts {
            for (b, count) in row { sum.add(a, b, count: count) }
        }
    }
}
