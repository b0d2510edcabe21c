/// One-to-one matching of overlapping spans, for `SpanAgreement`.
enum SpanMatching {
    /// Index pairs (into `a`, into `b`) of a maximum matching among pairs that share at least one
    /// code point and satisfy `compatible`. It starts from the greedy matching that takes the
    /// largest overlaps first, then adds pairs along augmenting paths (Kuhn's algorithm) until
    /// no more can be added; the pairs come sorted by their position in `a` (positions count
    /// from each slice's start).
    static func maximum(_ a: ArraySlice<Span>, _ b: ArraySlice<Span>, compatible: (Span, Span) -> Bool) -> [(Int, Int)] {
        var candidates: [(overlap: Int, i: Int, j: Int)] = []
        for (i, x) in a.enumerated() {
            for (j, y) in b.enumerated() where compatible(x, y) {
                let shared = min(x.end, y.end) - max(x.start, y.start)
                if shared > 0 { candidates.append((shared, i, j)) }
            }
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
