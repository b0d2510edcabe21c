/// How well two reviewers' spans of the same text match. Depth plays no part in matching.
public enum SpanAgreement {
    /// A match is the same start, end and label; each span matches at most once.
    public static func exact(_ a: [Span], _ b: [Span]) -> F1Score {
        var remaining: [Key: Int] = [:]
        for span in b { remaining[Key(span), default: 0] += 1 }
        var matched = 0
        for span in a {
            if let count = remaining[Key(span)], count > 0 {
                remaining[Key(span)] = count - 1
                matched += 1
            }
        }
        return F1Score(matched: matched, countA: a.count, countB: b.count)
    }

    /// A match is the same label and ranges sharing at least one code point. Spans are matched
    /// one to one with a maximum matching (as many pairs as possible), so the result does not
    /// depend on the order of the spans and `matched` is symmetric in `a` and `b`.
    public static func overlap(_ a: [Span], _ b: [Span]) -> F1Score {
        let pairs = SpanMatching.maximum(a, b) { $0.label == $1.label }
        return F1Score(matched: pairs.count, countA: a.count, countB: b.count)
    }

    /// Labels of overlapping spans matched one to one whatever their labels (as in `overlap`,
    /// preferring the largest overlaps); a span left unmatched counts against `CharacterLabels.none`.
    public static func confusion(_ a: [Span], _ b: [Span]) -> ConfusionMatrix {
        let pairs = SpanMatching.maximum(a, b) { _, _ in true }
        var matrix = ConfusionMatrix()
        var matchedA = Set<Int>(), matchedB = Set<Int>()
        for (i, j) in pairs {
            matrix.add(a[i].label, b[j].label)
            matchedA.insert(i)
            matchedB.insert(j)
        }
        for (i, span) in a.enumerated() where !matchedA.contains(i) { matrix.add(span.label, CharacterLabels.none) }
        for (j, span) in b.enumerated() where !matchedB.contains(j) { matrix.add(CharacterLabels.none, span.label) }
        return matrix
    }

    private struct Key: Hashable {
        let start: Int, end: Int, label: String
        init(_ span: Span) { (start, end, label) = (span.start, span.end, span.label) }
    }
}
