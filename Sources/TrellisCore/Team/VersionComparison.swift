/// Where independent versions of one document agree and where they differ, for adjudication:
/// spans every version has exactly (same range and label), and regions of disagreement — the
/// overlapping stretches covered by spans not every version has — with each version's spans there.
public struct VersionComparison: Hashable, Sendable {
    /// A stretch of text where the versions differ.
    public struct Region: Hashable, Sendable {
        public var range: Range<Int>
        /// Per version (in input order), its spans inside the region that not every version has.
        public var candidates: [[Span]]
    }

    public let agreed: [Span]
    public let regions: [Region]

    public init(versions: [[Span]]) {
        func key(_ span: Span) -> String { "\(span.start)-\(span.end)-\(span.label)" }
        let sets = versions.map { Set($0.map(key)) }
        let common = sets.dropFirst().reduce(sets.first ?? []) { $0.intersection($1) }
        agreed = (versions.first ?? []).filter { common.contains(key($0)) }

        let differing = versions.map { $0.filter { !common.contains(key($0)) } }
        var ranges = differing.flatMap { $0.map { $0.start..<$0.end } }.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        while !ranges.isEmpty {
            var current = ranges.removeFirst()
            while let next = ranges.first, next.lowerBound < current.upperBound {
                current = current.lowerBound..<max(current.upperBound, next.upperBound)
                ranges.removeFirst()
            }
            merged.append(current)
        }
        regions = merged.map { range in
            Region(range: range, candidates: differing.map { spans in
                spans.filter { range.contains($0.start) }.sorted(by: Span.documentOrder)
            })
        }
    }

    /// The adjudicated spans: the agreed ones plus, per region, the spans of the chosen version
    /// (`nil`: no spans there).
    public func resolve(_ choices: [Int?]) -> [Span] {
        var spans = agreed
        for (region, choice) in zip(regions, choices) {
            if let choice, region.candidates.indices.contains(choice) { spans += region.candidates[choice] }
        }
        return SpanNesting.assigningDepths(spans)
    }
}
