/// One-to-one matching of overlapping spans, for `SpanAgreement`.
enum SpanMatching {
    /// Index pairs (into `a`, into `b`) of a maximum matching among pairs that share at least one
    /// code point and satisfy `compatible`. It starts from the greedy matching that takes the
    /// largest overlaps first, then adds pairs along augmenting paths (Kuhn's algorithm) until
    /// no more can be added; the pairs come sorted by their position in `a` (positions count
    /// from each slice's start).
    static func maximum(_ a: ArraySlice<Span>, _ b: ArraySlice<Span>, compatible: (Span, Span) -> Bool) -> [(Int, Int)] {
        var candidates: [(overlap: Int, i: Int, j: Int)] = []
        overlappingPairs(a, b) { i, j, shared in
            if compatible(a[a.startIndex + i], b[b.startIndex + j]) { candidates.append((shared, i, j)) }
        }
        candidates.sort { ($0.overlap, $1.i, $1.j) > ($1.overlap, $0.i, $0.j) }
        var partnerOfA = [Int?](repeating: nil, count: a.count)
        var partnerOfB = [Int?](repeating: nil, count: b.count)
        for candidate in candidates where partnerOfA[candidate.i] == nil && partnerOfB[candidate.j] == nil {
            partnerOfA[candidate.i] = candidate.j
            partnerOfB[candidate.j] = candidate.i
        }
        // Neighbours only when the greedy matching left a span of a with candidates unmatched.
        if candidates.contains(where: { partnerOfA[$0.i] == nil }) {
            var neighbours = [[Int]](repeating: [], count: a.count)
            for candidate in candidates { neighbours[candidate.i].append(candidate.j) }
            for root in 0..<a.count where partnerOfA[root] == nil && !neighbours[root].isEmpty {
                augment(from: root, neighbours: neighbours, partnerOfA: &partnerOfA, partnerOfB: &partnerOfB)
            }
        }
        return partnerOfA.enumerated().compactMap { i, j in j.map { (i, $0) } }
    }

    /// Calls `body` with every pair (place in `a`, place in `b`, code points shared) of spans that
    /// share at least one code point, found by one sweep over both by start: the cost grows with
    /// the spans and the pairs found, never with every pair there could be (spans of one version
    /// that do not overlap each other meet only their few neighbours).
    static func overlappingPairs(_ a: ArraySlice<Span>, _ b: ArraySlice<Span>, _ body: (Int, Int, Int) -> Void) {
        let orderA = a.indices.sorted { a[$0].start < a[$1].start }, orderB = b.indices.sorted { b[$0].start < b[$1].start }
        var activeA: [Int] = [], activeB: [Int] = []
        var nextA = 0, nextB = 0
        while nextA < orderA.count || nextB < orderB.count {
            let fromA = nextB == orderB.count || (nextA < orderA.count && a[orderA[nextA]].start <= b[orderB[nextB]].start)
            if fromA {
                let index = orderA[nextA], span = a[index]
                nextA += 1
                activeB.removeAll { b[$0].end <= span.start }
                for other in activeB {
                    let shared = min(span.end, b[other].end) - max(span.start, b[other].start)
                    if shared > 0 { body(index - a.startIndex, other - b.startIndex, shared) }
                }
                if span.end > span.start { activeA.append(index) }
            } else {
                let index = orderB[nextB], span = b[index]
                nextB += 1
                activeA.removeAll { a[$0].end <= span.start }
                for other in activeA {
                    let shared = min(span.end, a[other].end) - max(span.start, a[other].start)
                    if shared > 0 { body(other - a.startIndex, index - b.startIndex, shared) }
                }
                if span.end > span.start { activeB.append(index) }
            }
        }
    }

    /// Looks for an alternating path from the unmatched `root` to an unmatched span of b
    /// (depth first, without recursion) and flips it, which matches one more pair.
    private static func augment(from root: Int, neighbours: [[Int]], partnerOfA: inout [Int?], partnerOfB: inout [Int?]) {
        var visited = Set<Int>()
        var path: [(i: Int, next: Int)] = [(root, 0)]
        var via: [Int] = []  // via[k]: the span of b that leads from path[k] to path[k + 1]
        while let (i, next) = path.last {
            guard next < neighbours[i].count else {
                path.removeLast()
                if !via.isEmpty { via.removeLast() }
                continue
            }
            path[path.count - 1].next += 1
            let j = neighbours[i][next]
            guard visited.insert(j).inserted else { continue }
            via.append(j)
            if let holder = partnerOfB[j] {
                path.append((holder, 0))
            } else {
                for (step, j) in zip(path, via) {
                    partnerOfA[step.i] = j
                    partnerOfB[j] = step.i
                }
                return
            }
        }
    }
}
