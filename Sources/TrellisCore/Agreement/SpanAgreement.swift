/// How well two reviewers' spans of the same text match. Depth plays no part in matching.
public enum SpanAgreement {
    /// A match is the same start, end and label; each span matches at most once.
    public static func exact(_ a: [Span], _ b: [Span]) -> F1Score {
        // Both sorted by (start, end, label) and walked together: no hashing.
        func precedes(_ x: Span, _ y: Span) -> Bool { (x.start, x.end, x.label) < (y.start, y.end, y.label) }
        let (x, y) = (a.sorted(by: precedes), b.sorted(by: precedes))
        var matched = 0, i = 0, j = 0
        while i < x.count, j < y.count {
            if precedes(x[i], y[j]) {
                i += 1
            } else if precedes(y[j], x[i]) {
                j += 1
            } else {
                matched += 1
                i += 1
                j += 1
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
}
