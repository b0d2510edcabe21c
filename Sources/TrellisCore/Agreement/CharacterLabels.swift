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
        // Where a segment starts: every span's clipped ends and 0, sorted, each once.
        var segmentStarts = [0]
        segmentStarts.reserveCapacity(2 * spans.count + 1)
        for span in spans {
            segmentStarts.append(min(max(0, span.start), length))
            segmentStarts.append(min(max(0, span.end), length))
        }
        segmentStarts.sort()
        var unique = 0
        for index in segmentStarts.indices where segmentStarts[index] != segmentStarts[unique] && segmentStarts[index] < length {
            unique += 1
            segmentStarts[unique] = segmentStarts[index]
        }
        segmentStarts.removeLast(segmentStarts.count - unique - 1)
        var labels = [String](repeating: none, count: segmentStarts.count)
        func segment(at offset: Int) -> Int {
            var low = 0, high = segmentStarts.count
            while low < high {
                let middle = (low + high) / 2
                if segmentStarts[middle] < offset { low = middle + 1 } else { high = middle }
            }
            return low
        }
        let ordered = spans.indices.dropFirst().allSatisfy { !Span.documentOrder(spans[$0], spans[$0 - 1]) } ? spans : spans.sorted(by: Span.documentOrder)
        for span in ordered {
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
    @inlinable
    public static func aligned<Label>(_ versions: [[Run<Label>]], _ body: ([Label], Int) -> Void) {
        guard !versions.isEmpty, versions.allSatisfy({ !$0.isEmpty }) else { return }
        var index = [Int](repeating: 0, count: versions.count)
        var left = versions.map { $0[0].length }  // what is left of each version's current run
        var labels = versions.map { $0[0].label }
        while true {
            let step = left.min()!
            body(labels, step)
            for version in versions.indices {
                left[version] -= step
                guard left[version] == 0 else { continue }
                index[version] += 1
                guard index[version] < versions[version].count else { return }
                left[version] = versions[version][index[version]].length
                labels[version] = versions[version][index[version]].label
            }
        }
    }

    /// Consecutive code points that carry one label (a name, or a number standing for one).
    public struct Run<Label: Hashable & Sendable>: Hashable, Sendable {
        public var label: Label
        public var length: Int

        public init(label: Label, length: Int) {
            self.label = label
            self.length = length
        }
    }
}

/// Consecutive code points that carry one label.
public typealias LabelRun = CharacterLabels.Run<String>
