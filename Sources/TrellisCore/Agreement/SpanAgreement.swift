/// How well two reviewers' spans of the same text match. Depth plays no part in matching.
public enum SpanAgreement {
    /// A match is the same start, end and label; each span matches at most once.
    public static func exact(_ a: [Span], _ b: [Span]) -> F1Score {
        let (x, y) = (a.sorted(by: labelOrder), b.sorted(by: labelOrder))
        return F1Score(matched: matchedExactly(x[...], y[...]), countA: a.count, countB: b.count)
    }

    /// `exact` and `overlap` of the spans of each label of either version on their own, by label
    /// in order. Spans match only spans of their own label, so these add up to `exact` and
    /// `overlap` of all the spans; each version is sorted once and each label's spans are
    /// compared with each other only.
    public static func byLabel(_ a: [Span], _ b: [Span]) -> [(label: String, exact: F1Score, overlap: F1Score)] {
        let (x, y) = (a.sorted(by: labelOrder), b.sorted(by: labelOrder))
        var scores: [(label: String, exact: F1Score, overlap: F1Score)] = []
        var i = 0, j = 0
        while i < x.count || j < y.count {
            let label = i == x.count ? y[j].label : j == y.count ? x[i].label : min(x[i].label, y[j].label)
            let endA = x[i...].firstIndex { $0.label != label } ?? x.count, endB = y[j...].firstIndex { $0.label != label } ?? y.count
            let (first, second) = (x[i..<endA], y[j..<endB])
            scores.append((label, F1Score(matched: matchedExactly(first, second), countA: first.count, countB: second.count),
                           F1Score(matched: SpanMatching.maximum(first, second) { _, _ in true }.count, countA: first.count, countB: second.count)))
            (i, j) = (endA, endB)
        }
        return scores
    }

    /// A match is the same label and ranges sharing at least one code point. Spans are matched
    /// one to one with a maximum matching (as many pairs as possible), so the result does not
    /// depend on the order of the spans and `matched` is symmetric in `a` and `b`.
    public static func overlap(_ a: [Span], _ b: [Span]) -> F1Score {
        let pairs = SpanMatching.maximum(a[...], b[...]) { $0.label == $1.label }
        return F1Score(matched: pairs.count, countA: a.count, countB: b.count)
    }

    /// Labels of overlapping spans matched one to one whatever their labels (as in `overlap`,
    /// preferring the largest overlaps); a span left unmatched counts against `CharacterLabels.none`.
    public static func confusion(_ a: [Span], _ b: [Span]) -> ConfusionMatrix {
        let pairs = SpanMatching.maximum(a[...], b[...]) { _, _ in true }
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

    /// By label, then start, then end.
    private static func labelOrder(_ x: Span, _ y: Span) -> Bool { (x.label, x.start, x.end) < (y.label, y.start, y.end) }

    /// Pairs with the same label, start and end, each span in one pair at most, of two lists
    /// sorted by `labelOrder`: walked together, without hashing.
    private static func matchedExactly(_ x: ArraySlice<Span>, _ y: ArraySlice<Span>) -> Int {
        var matched = 0, i = x.startIndex, j = y.startIndex
        while i < x.endIndex, j < y.endIndex {
            if labelOrder(x[i], y[j]) {
                i += 1
            } else if labelOrder(y[j], x[i]) {
                j += 1
            } else {
                matched += 1
                i += 1
                j += 1
            }
        }
        return matched
    }
}
