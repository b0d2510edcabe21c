/// Precision, recall and F1 of a reviewer B's spans against a reviewer A's (A as reference).
public struct F1Score: Hashable, Sendable, Codable {
    /// Pairs of spans matched one to one.
    public var matched: Int
    public var countA: Int
    public var countB: Int

    public init(matched: Int, countA: Int, countB: Int) {
        self.matched = matched
        self.countA = countA
        self.countB = countB
    }

    /// matched / |B|; when B is empty: 1 if A is empty too, else 0.
    public var precision: Double { countB == 0 ? (countA == 0 ? 1 : 0) : Double(matched) / Double(countB) }
    /// matched / |A|; when A is empty: 1 if B is empty too, else 0.
    public var recall: Double { countA == 0 ? (countB == 0 ? 1 : 0) : Double(matched) / Double(countA) }
    /// 2·matched / (|A| + |B|), the harmonic mean of precision and recall: symmetric in A and B,
    /// and 1 when both are empty (nothing to disagree on).
    public var f1: Double { countA + countB == 0 ? 1 : 2 * Double(matched) / Double(countA + countB) }

    /// Scores added up (micro-averaging over documents).
    public static func + (lhs: F1Score, rhs: F1Score) -> F1Score {
        F1Score(matched: lhs.matched + rhs.matched, countA: lhs.countA + rhs.countA, countB: lhs.countB + rhs.countB)
    }

    public static let zero = F1Score(matched: 0, countA: 0, countB: 0)
}
