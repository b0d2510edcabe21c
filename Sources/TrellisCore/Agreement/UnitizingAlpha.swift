/// Krippendorff's unitizing alpha (ᵤα) for coders who each cut one continuum into units of
/// categories: Krippendorff (1995) "On the reliability of unitizing contiguous data", with the
/// expected disagreement of Krippendorff (2004, Content Analysis, 2nd ed.), as DKPro Agreement's
/// `KrippendorffAlphaUnitizingAgreement` (used by INCEpTION) computes it.
///
/// For a category c, each of the m coders' continuum of length L is a sequence of sections:
/// their units of c and the gaps between them. For sections g (coder i) and h (coder j ≠ i)
/// that overlap, with begin b, end e and length l:
/// - δ²(g, h) = (b_g − b_h)² + (e_g − e_h)² when both are units;
/// - δ²(g, h) = l_g² when g is a unit lying within the gap h (l_h² when h is a unit within the gap g);
/// - δ²(g, h) = 0 otherwise.
///
/// Dₒ = Σ_{i≠j} Σ_g Σ_h δ²(g, h) / (m(m − 1) L²) over ordered pairs of coders, and, with N the
/// number of units of c of all coders,
/// Dₑ = (2/L) Σ_units g [(N − 1)(2l_g³ − 3l_g² + l_g)/3 + l_g² Σ_{gaps h, l_h ≥ l_g} (l_h − l_g + 1)]
///      / [mL(mL − 1) − Σ_units g l_g(l_g − 1)].
/// ᵤα = 1 − Dₒ/Dₑ; over several categories, 1 − (mean Dₒ)/(mean Dₑ).
///
/// Units are clipped to the continuum; empty ones are dropped. Krippendorff assumes a coder's
/// units of one category do not overlap: overlapping ones (nested spans of one label) are merged
/// into one unit covering them. Adjacent units stay separate.
public enum UnitizingAlpha {
    /// A unit of one coder: where it starts, how long it is, its category.
    public struct Unit: Hashable, Sendable {
        public var start: Int
        public var length: Int
        public var category: String

        public init(start: Int, length: Int, category: String) {
            self.start = start
            self.length = length
            self.category = category
        }
    }

    /// ᵤα of `coders` over the continuum `begin..<begin + length`, for one category or (nil)
    /// every category any coder used. `nil` when there are fewer than two coders, the continuum is
    /// empty, there is no unit at all, or no disagreement is expected (Dₑ = 0: ᵤα undefined).
    public static func compute(begin: Int = 0, length: Int, coders: [[Unit]], category: String? = nil) -> Double? {
        let categories = category.map { [$0] } ?? Set(coders.joined().filter { $0.length > 0 }.map(\.category)).sorted()
        guard coders.count >= 2, length > 0, !categories.isEmpty else { return nil }
        let parts = categories.map { disagreements(begin: begin, length: length, coders: coders, category: $0) }
        let observed = parts.reduce(0) { $0 + $1.observed }, expected = parts.reduce(0) { $0 + $1.expected }
        guard expected > 0 else { return nil }
        return 1 - observed / expected
    }

    /// ᵤα of reviewers' spans over a text of `continuumLength` code points, for one label or (nil)
    /// every label; as above.
    public static func compute(continuumLength: Int, coders: [[Span]], label: String? = nil) -> Double? {
        let units = coders.map { $0.map { Unit(start: $0.start, length: $0.length, category: $0.label) } }
        return compute(length: continuumLength, coders: units, category: label)
    }

    /// Dₒ and Dₑ of one category (both 0 when the continuum is empty or there are fewer than two coders).
    public static func disagreements(begin: Int = 0, length: Int, coders: [[Unit]], category: String) -> (observed: Double, expected: Double) {
        guard coders.count >= 2, length > 0 else { return (0, 0) }
        let sections = coders.map { sectionsOf($0.filter { $0.category == category }, begin: begin, length: length) }
        let m = Double(coders.count), l = Double(length)

        var sum = 0.0
        for first in sections.indices {
            for second in sections.indices where second > first {
                sum += pairDisagreement(sections[first], sections[second])
            }
        }
        let observed = 2 * sum / (m * (m - 1) * l * l)

        let units = sections.joined().filter(\.isUnit).map { Double($0.length) }
        let gaps = sections.joined().filter { !$0.isUnit }.map(\.length).sorted()
        var gapsFrom = [Double](repeating: 0, count: gaps.count + 1)  // Σ gaps[k...]
        for k in gaps.indices.reversed() { gapsFrom[k] = gapsFrom[k + 1] + Double(gaps[k]) }
        let n = Double(units.count)
        var numerator = 0.0, withinUnits = 0.0
        for u in units {
            withinUnits += u * (u - 1)
            numerator += (n - 1) * (2 * u * u * u - 3 * u * u + u) / 3
            let first = firstIndex(in: gaps) { Double($0) >= u }
            numerator += u * u * (gapsFrom[first] - Double(gaps.count - first) * (u - 1))
        }
        let denominator = m * l * (m * l - 1) - withinUnits
        return (observed, 2 / l * numerator / denominator)
    }

    private struct Section {
        var start: Int
        var length: Int
        var isUnit: Bool
        var end: Int { start + length }
    }

    /// One coder's units (clipped, overlapping ones merged) and the gaps between them, covering
    /// the continuum in order.
    private static func sectionsOf(_ units: [Unit], begin: Int, length: Int) -> [Section] {
        let end = begin + length
        var merged: [Section] = []
        for unit in units.sorted(by: { $0.start < $1.start }) {
            let start = max(begin, unit.start), stop = min(end, unit.start + unit.length)
            guard start < stop else { continue }
            if let last = merged.last, start < last.end {
                merged[merged.count - 1].length = max(last.end, stop) - last.start
            } else {
                merged.append(Section(start: start, length: stop - start, isUnit: true))
            }
        }
        var sections: [Section] = []
        var position = begin
        for unit in merged {
            if unit.start > position { sections.append(Section(start: position, length: unit.start - position, isUnit: false)) }
            sections.append(unit)
            position = unit.end
        }
        if position < end { sections.append(Section(start: position, length: end - position, isUnit: false)) }
        return sections
    }

    /// Σ δ² over the overlapping sections of two coders, walking both partitions together.
    private static func pairDisagreement(_ a: [Section], _ b: [Section]) -> Double {
        var total = 0.0
        var i = 0, j = 0
        while i < a.count, j < b.count {
            total += distance(a[i], b[j])
            let (endA, endB) = (a[i].end, b[j].end)
            if endA <= endB { i += 1 }
            if endB <= endA { j += 1 }
        }
        return total
    }

    /// δ² of two overlapping sections.
    private static func distance(_ g: Section, _ h: Section) -> Double {
        switch (g.isUnit, h.isUnit) {
        case (true, true):
            let starts = Double(g.start - h.start), ends = Double(g.end - h.end)
            return starts * starts + ends * ends
        case (true, false):
            return h.start <= g.start && g.end <= h.end ? Double(g.length) * Double(g.length) : 0
        case (false, true):
            return g.start <= h.start && h.end <= g.end ? Double(h.length) * Double(h.length) : 0
        case (false, false):
            return 0
        }
    }

    /// The first index of the sorted `values` satisfying the monotone `predicate` (count if none).
    private static func firstIndex(in values: [Int], where predicate: (Int) -> Bool) -> Int {
        var low = 0, high = values.count
        while low < high {
            let middle = (low + high) / 2
            if predicate(values[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
