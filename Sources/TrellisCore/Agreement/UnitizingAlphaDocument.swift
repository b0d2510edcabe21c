extension UnitizingAlpha {
    /// One document of a continuum: each coder's units in it, clipped to it, merged where they
    /// overlap and grouped by category, with each category's share of the observed disagreement.
    /// Made once, it can be added to several accumulators.
    ///
    /// Units never cross a document's edges, so what happens inside one (Σ δ² over its
    /// overlapping sections: a unit lies within another coder's gap here exactly when it does in
    /// the whole continuum) adds up over documents; only the gaps at its edges join the
    /// neighbours', which `Accumulator` sees to.
    public struct Document: Sendable {
        /// One category's units in the document.
        struct Part: Sendable {
            var category: String
            /// Each coder's units, merged, in order (offsets from the document's start).
            var coders: [[Range<Int>]]
            /// Σ δ² over the overlapping sections of each pair of coders (each pair once).
            var observed: Double
        }

        public let length: Int
        /// How many coders' units it holds.
        public let coders: Int
        private(set) var parts: [Part] = []

        /// The document `0..<length` with each coder's units (offsets from its start), of one
        /// category or (nil) of every category.
        public init(length: Int, coders: [[Unit]], category: String? = nil) {
            self.length = length
            self.coders = coders.count
            var categories: [String] = []
            for unit in coders.joined() where (category == nil || unit.category == category) && !categories.contains(unit.category) {
                categories.append(unit.category)
            }
            for name in categories {
                let merged = coders.map { Self.merged($0, category: name, length: length) }
                guard merged.contains(where: { !$0.isEmpty }) else { continue }
                var observed = 0.0
                for first in merged.indices {
                    for second in merged.indices where second > first {
                        observed += Self.observed(merged[first], merged[second])
                    }
                }
                parts.append(Part(category: name, coders: merged, observed: observed))
            }
        }

        /// One coder's units of `category`, clipped to `0..<length`, overlapping ones merged, in order.
        private static func merged(_ units: [Unit], category: String, length: Int) -> [Range<Int>] {
            var ranges: [Range<Int>] = []
            for unit in units where unit.category == category {
                let start = max(0, unit.start), end = min(length, unit.start + unit.length)
                if start < end { ranges.append(start..<end) }
            }
            ranges.sort { $0.lowerBound < $1.lowerBound }
            var merged: [Range<Int>] = []
            merged.reserveCapacity(ranges.count)
            for range in ranges {
                if let last = merged.last, range.lowerBound < last.upperBound {
                    merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
                } else {
                    merged.append(range)
                }
            }
            return merged
        }

        /// Σ δ² between two coders' merged units: (b_g − b_h)² + (e_g − e_h)² for every pair of
        /// overlapping units, l² for every unit that overlaps none of the other's (it lies within
        /// one of their gaps); gaps against gaps count nothing.
        private static func observed(_ a: [Range<Int>], _ b: [Range<Int>]) -> Double {
            withinGaps(a, of: b, pairs: true) + withinGaps(b, of: a, pairs: false)
        }

        /// Σ l² over the units of `a` that overlap no unit of `b`, plus (with `pairs`) δ² of every
        /// overlapping pair.
        private static func withinGaps(_ a: [Range<Int>], of b: [Range<Int>], pairs: Bool) -> Double {
            var total = 0.0
            var next = 0
            for g in a {
                while next < b.count, b[next].upperBound <= g.lowerBound { next += 1 }
                var h = next
                while h < b.count, b[h].lowerBound < g.upperBound {
                    if pairs {
                        let starts = Double(g.lowerBound - b[h].lowerBound), ends = Double(g.upperBound - b[h].upperBound)
                        total += starts * starts + ends * ends
                    }
                    h += 1
                }
                if h == next { total += Double(g.count) * Double(g.count) }
            }
            return total
        }
    }
}
