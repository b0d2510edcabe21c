extension UnitizingAlpha {
    /// ᵤα over documents laid end to end, added one at a time: memory grows with the number of
    /// distinct unit and gap lengths, not of units.
    ///
    /// Dₒ's sum is added up per document. Dₑ needs N, the lengths of the units and the lengths
    /// of the gaps, where a coder's gap at the end of one document joins their gap at the start
    /// of the next: each coder's start of their first unit and end of their last are kept, per
    /// category, and the lengths are counted (length → how many), to be summed once at the end.
    /// Two accumulators of consecutive stretches of the continuum join into one (`append`), so
    /// that sums kept per stretch (agreement's cache) add up to what one pass gives.
    public struct Accumulator: Sendable {
        /// How many coders every document has.
        public let coders: Int
        /// The length of the continuum so far.
        public private(set) var length = 0
        /// Per category, in the order they came: few, found by a linear scan (cheaper than hashing).
        private var sums: [Sums] = []

        /// One category's sums.
        private struct Sums: Sendable {
            var category: String
            var observed = 0.0
            var units = LengthCounts()
            /// Gaps between a coder's units (those before the first and after the last are
            /// added when alpha is computed).
            var gaps = LengthCounts()
            /// Where each coder's first unit starts in the continuum (`nil` before it).
            var starts: [Int?]
            /// Where each coder's last unit ends in the continuum (0 before the first).
            var ends: [Int]

            init(category: String, coders: Int) {
                self.category = category
                starts = [Int?](repeating: nil, count: coders)
                ends = [Int](repeating: 0, count: coders)
            }

            /// Lays a coder's unit at `start..<end` of the continuum after their units so far.
            mutating func place(coder: Int, start: Int, end: Int) {
                if starts[coder] == nil {
                    starts[coder] = start
                } else if start > ends[coder] {
                    gaps.add(start - ends[coder])
                }
                ends[coder] = end
            }
        }

        /// The slot of `category`'s sums, made if needed.
        private mutating func slot(of category: String) -> Int {
            if let known = sums.firstIndex(where: { $0.category == category }) { return known }
            sums.append(Sums(category: category, coders: coders))
            return sums.count - 1
        }

        public init(coders: Int) {
            self.coders = coders
        }

        /// Every category with a unit so far, sorted.
        public var categories: [String] { sums.map(\.category).sorted() }

        /// Lays `document` at the end of the continuum, counting its units of one category or
        /// (nil) of every category. Its number of coders must be `coders`.
        public mutating func add(_ document: Document, category: String? = nil) {
            precondition(document.coders == coders, "UnitizingAlpha.Accumulator: \(document.coders) coders instead of \(coders)")
            for part in document.parts where category == nil || part.category == category {
                let slot = slot(of: part.category)
                sums[slot].observed += part.observed
                for (coder, units) in part.coders.enumerated() {
                    for unit in units {
                        sums[slot].units.add(unit.count)
                        sums[slot].place(coder: coder, start: length + unit.lowerBound, end: length + unit.upperBound)
                    }
                }
            }
            length += document.length
        }

        /// Lays the stretch of continuum `other` holds after this one's, as if its documents had
        /// been added here one by one. Its number of coders must be `coders`.
        public mutating func append(_ other: Accumulator) {
            precondition(other.coders == coders, "UnitizingAlpha.Accumulator: \(other.coders) coders instead of \(coders)")
            for theirs in other.sums {
                let slot = slot(of: theirs.category)
                sums[slot].observed += theirs.observed
                sums[slot].units.add(theirs.units)
                sums[slot].gaps.add(theirs.gaps)
                for coder in 0..<coders {
                    guard let start = theirs.starts[coder] else { continue }
                    sums[slot].place(coder: coder, start: length + start, end: length + theirs.ends[coder])
                }
            }
            length += other.length
        }

        /// ᵤα of one category or (nil) every category, as `UnitizingAlpha.compute` has it.
        public func alpha(category: String? = nil) -> Double? {
            let categories = category.map { [$0] } ?? self.categories
            guard coders >= 2, length > 0, !categories.isEmpty else { return nil }
            let parts = categories.map { disagreements(category: $0) }
            let observed = parts.reduce(0) { $0 + $1.observed }, expected = parts.reduce(0) { $0 + $1.expected }
            guard expected > 0 else { return nil }
            return 1 - observed / expected
        }

        /// Dₒ and Dₑ of one category, as `UnitizingAlpha.disagreements` has them.
        public func disagreements(category: String) -> (observed: Double, expected: Double) {
            guard coders >= 2, length > 0, let sums = sums.first(where: { $0.category == category }) else { return (0, 0) }
            let m = Double(coders), l = Double(length)
            let observed = 2 * sums.observed / (m * (m - 1) * l * l)

            var gaps = sums.gaps
            for coder in 0..<coders {
                if let start = sums.starts[coder], start > 0 { gaps.add(start) }
                if sums.ends[coder] < length { gaps.add(length - sums.ends[coder]) }
            }
            let gapCounts = gaps.sorted
            // Gaps of each length or longer: how many, and their total length.
            var countFrom = [Double](repeating: 0, count: gapCounts.count + 1), lengthFrom = countFrom
            for k in gapCounts.indices.reversed() {
                countFrom[k] = countFrom[k + 1] + Double(gapCounts[k].count)
                lengthFrom[k] = lengthFrom[k + 1] + Double(gapCounts[k].length) * Double(gapCounts[k].count)
            }
            let units = sums.units.sorted
            let n = Double(units.reduce(0) { $0 + $1.count })
            var numerator = 0.0, withinUnits = 0.0
            var first = 0  // the first gap at least as long as the unit
            for (length, count) in units {
                let u = Double(length), times = Double(count)
                while first < gapCounts.count, gapCounts[first].length < length { first += 1 }
                withinUnits += times * u * (u - 1)
                numerator += times * ((n - 1) * (2 * u * u * u - 3 * u * u + u) / 3 + u * u * (lengthFrom[first] - countFrom[first] * (u - 1)))
            }
            let denominator = m * l * (m * l - 1) - withinUnits
            return (observed, 2 / l * numerator / denominator)
        }
    }
}

extension UnitizingAlpha.Accumulator: CompactlyKept {
    public func write(to writer: inout CompactSums.Writer) {
        writer.count(coders)
        writer.count(length)
        writer.count(sums.count)
        for category in sums {
            writer.string(category.category)
            writer.real(category.observed)
            category.units.write(to: &writer)
            category.gaps.write(to: &writer)
            for start in category.starts { writer.optional(start) }
            for end in category.ends { writer.count(end) }
        }
    }

    public init(reading reader: inout CompactSums.Reader) throws {
        self.init(coders: try reader.count(ofItemsAtLeast: 1))
        length = try reader.count()
        for _ in 0..<(try reader.count(ofItemsAtLeast: 1)) {
            var category = Sums(category: try reader.string(), coders: coders)
            category.observed = try reader.real()
            category.units = try LengthCounts(reading: &reader)
            category.gaps = try LengthCounts(reading: &reader)
            for coder in 0..<coders { category.starts[coder] = try reader.optional() }
            for coder in 0..<coders { category.ends[coder] = try reader.count() }
            sums.append(category)
        }
    }
}
