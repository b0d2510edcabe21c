/// The tree structure hidden in a flat list of spans.
public enum SpanNesting {
    /// For each span (in document order), the index of its innermost enclosing span, or `nil`
    /// at the top level. A span that crosses its would-be parent gets `nil` and is listed in `crossing`.
    public static func structure(of spans: [Span]) -> (parents: [Int?], crossing: [(outer: Int, inner: Int)]) {
        var parents = [Int?](repeating: nil, count: spans.count)
        var crossing: [(outer: Int, inner: Int)] = []
        var stack: [Int] = []
        for (index, span) in spans.enumerated() {
            while let top = stack.last, spans[top].end <= span.start { stack.removeLast() }
            if let top = stack.last {
                if span.end <= spans[top].end {
                    parents[index] = top
                } else {
                    crossing.append((top, index))
                    continue
                }
            }
            stack.append(index)
        }
        return (parents, crossing)
    }

    /// The next span after `index` with the same parent (what a merge joins it with), if any.
    public static func sibling(after index: Int, in spans: [Span]) -> Int? {
        guard spans.indices.contains(index) else { return nil }
        let parents = structure(of: spans).parents
        return spans.indices[(index + 1)...].first { parents[$0] == parents[index] }
    }

    /// The last span before `index` with the same parent (its neighbour in banned transitions), if any.
    public static func sibling(before index: Int, in spans: [Span]) -> Int? {
        guard spans.indices.contains(index) else { return nil }
        let parents = structure(of: spans).parents
        return spans.indices[..<index].last { parents[$0] == parents[index] }
    }

    /// The spans with `depth` recomputed from their ranges (for spans given by offsets, where
    /// equal ranges keep their given order, outer first). Crossing spans keep depth 0.
    public static func assigningDepths(_ spans: [Span]) -> [Span] {
        let ordered = spans.enumerated().sorted { a, b in
            if a.element.start != b.element.start { return a.element.start < b.element.start }
            if a.element.end != b.element.end { return a.element.end > b.element.end }
            return a.offset < b.offset
        }.map(\.element)
        let parents = structure(of: ordered).parents
        var result = ordered
        for index in result.indices {
            result[index].depth = parents[index].map { result[$0].depth + 1 } ?? 0
        }
        return result
    }
}
