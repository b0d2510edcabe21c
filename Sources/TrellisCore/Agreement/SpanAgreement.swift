/// Precision, recall and F1 of one reviewer's spans against another's.
public struct F1Score: Hashable, Sendable {
    public var matched: Int
    public var countA: Int
    public var countB: Int

    public init(matched: Int, countA: Int, countB: Int) {
        self.matched = matched
        self.countA = countA
        self.countB = countB
    }

    /// Matches over B's spans (A as reference); 1 when both are empty.
    public var precision: Double { countB == 0 ? (countA == 0 ? 1 : 0) : Double(matched) / Double(countB) }
    /// Matches over A's spans.
    public var recall: Double { countA == 0 ? (countB == 0 ? 1 : 0) : Double(matched) / Double(countA) }
    /// 2·matched / (|A| + |B|): symmetric; 1 when both are empty.
    public var f1: Double { countA + countB == 0 ? 1 : 2 * Double(matched) / Double(countA + countB) }

    /// Scores added up (micro-averaging over documents).
    public static func + (lhs: F1Score, rhs: F1Score) -> F1Score {
        F1Score(matched: lhs.matched + rhs.matched, countA: lhs.countA + rhs.countA, countB: lhs.countB + rhs.countB)
    }

    public static let zero = F1Score(matched: 0, countA: 0, countB: 0)
}

/// How well two reviewers' spans of the same text match.
public enum SpanAgreement {
    /// A match is the same start, end and label.
    public static func exact(_ a: [Span], _ b: [Span]) -> F1Score {
        var remaining: [String: Int] = [:]
        for span in b { remaining["\(span.start)-\(span.end)-\(span.label)", default: 0] += 1 }
        var matched = 0
        for span in a {
            let key = "\(span.start)-\(span.end)-\(span.label)"
            if let count = remaining[key], count > 0 {
                remaining[key] = count - 1
                matched += 1
            }
        }
        return F1Score(matched: matched, countA: a.count, countB: b.count)
    }

    /// A match is the same label and overlapping ranges; each span matches at most once, pairs
    /// with the largest overlap first (greedy one-to-one matching).
    public static func overlap(_ a: [Span], _ b: [Span]) -> F1Score {
        var candidates: [(overlap: Int, i: Int, j: Int)] = []
        for (i, x) in a.enumerated() {
            for (j, y) in b.enumerated() where x.label == y.label {
                let shared = min(x.end, y.end) - max(x.start, y.start)
                if shared > 0 { candidates.append((shared, i, j)) }
            }
        }
        candidates.sort { ($0.overlap, -$0.i, -$0.j) > ($1.overlap, -$1.i, -$1.j) }
        var usedA = Set<Int>(), usedB = Set<Int>()
        for candidate in candidates where !usedA.contains(candidate.i) && !usedB.contains(candidate.j) {
            usedA.insert(candidate.i)
            usedB.insert(candidate.j)
        }
        return F1Score(matched: usedA.count, countA: a.count, countB: b.count)
    }
}
