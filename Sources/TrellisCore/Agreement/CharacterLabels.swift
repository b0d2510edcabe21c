/// Mode labels per code point, for agreement measured character by character.
public enum CharacterLabels {
    /// The label of code points outside every span.
    public static let none = "none"

    /// The innermost span's label at each of `length` code points (`none` outside spans).
    public static func labels(spans: [Span], length: Int) -> [String] {
        var labels = [String](repeating: none, count: length)
        for span in spans.sorted(by: Span.documentOrder) {
            for offset in max(0, span.start)..<min(length, span.end) { labels[offset] = span.label }
        }
        return labels
    }
}

/// Counts of label pairs between two reviewers (rows: the first, columns: the second).
public struct ConfusionMatrix: Hashable, Sendable {
    public private(set) var counts: [String: [String: Int]] = [:]

    public init() {}

    public mutating func add(_ a: String, _ b: String, count: Int = 1) {
        counts[a, default: [:]][b, default: 0] += count
    }

    /// Every label seen, sorted, with `CharacterLabels.none` last.
    public var labels: [String] {
        let all = Set(counts.keys).union(counts.values.flatMap(\.keys))
        return all.sorted { ($0 == CharacterLabels.none ? 1 : 0, $0) < ($1 == CharacterLabels.none ? 1 : 0, $1) }
    }

    public func count(_ a: String, _ b: String) -> Int { counts[a]?[b] ?? 0 }
}
