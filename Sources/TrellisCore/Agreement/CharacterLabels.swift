/// Mode labels per code point, for agreement measured character by character.
public enum CharacterLabels {
    /// The label of code points outside every span.
    public static let none = "none"

    /// The label at each of `length` code points: the innermost covering span's (the last of
    /// them in `Span.documentOrder`, which for nested spans is the deepest), `none` where no
    /// span covers it. Parts of spans outside `0..<length` are ignored.
    public static func labels(spans: [Span], length: Int) -> [String] {
        runs(spans: spans, length: length).flatMap { Array(repeating: $0.label, count: $0.length) }
    }

    /// The labels as runs: consecutive code points with one label, in order, covering
    /// `0..<length`. Costs what the spans cost, not what the text does.
    public static func runs(spans: [Span], length: Int) -> [LabelRun] {
        guard length > 0 else { return [] }
        var cuts = Set([0, length])
        for span in spans { cuts.formUnion([min(max(0, span.start), length), min(max(0, span.end), length)]) }
        let starts = cuts.sorted().dropLast()
        let segmentStarts = Array(starts)
        var labels = [String](repeating: none, count: segmentStarts.count)
        func segment(at offset: Int) -> Int {
            var low = 0, high = segmentStarts.count
            while low < high {
                let middle = (low + high) / 2
                if segmentStarts[middle] < offset { low = middle + 1 } else { high = middle }
            }
            return low
        }
        for span in spans.sorted(by: Span.documentOrder) {
            let lower = max(0, span.start), upper = min(length, span.end)
            guard lower < upper else { continue }
            for index in segment(at: lower)..<segment(at: upper) { labels[index] = span.label }
        }
        var runs: [LabelRun] = []
        for (index, start) in segmentStarts.enumerated() {
            let end = index + 1 < segmentStarts.count ? segmentStarts[index + 1] : length
            if let last = runs.last, last.label == labels[index] {
                runs[runs.count - 1].length += end - start
            } else {
                runs.append(LabelRun(label: labels[index], length: end - start))
            }
        }
        return runs
    }

    /// Walks several versions' runs of one text together: `body` gets each stretch on which no
    /// version's label changes, with every version's label there and the stretch's length.
    public static func aligned(_ versions: [[LabelRun]], _ body: ([String], Int) -> Void) {
        var index = [Int](repeating: 0, count: versions.count)
        var used = [Int](repeating: 0, count: versions.count)
        while versions.indices.allSatisfy({ index[$0] < versions[$0].count }) {
            let step = versions.indices.map { versions[$0][index[$0]].length - used[$0] }.min()!
            body(versions.indices.map { versions[$0][index[$0]].label }, step)
            for version in versions.indices {
                used[version] += step
                if used[version] == versions[version][index[version]].length {
                    index[version] += 1
                    used[version] = 0
                }
            }
        }
    }
}

/// Consecutive code points that carry one label.
public struct LabelRun: Hashable, Sendable {
    public var label: String
    public var length: Int

    public init(label: String, length: Int) {
        self.label = label
        self.length = length
    }
}
