/// Krippendorff's unitizing alpha (ᵤα) for coders who each cut one continuum into units of a
/// category: Krippendorff (1995) "On the reliability of unitizing contiguous data", with the
/// expected disagreement of Krippendorff (2004), as DKPro Agreement computes it.
///
/// For a category, each coder's continuum is a sequence of sections: their units of that
/// category and the gaps between. Two overlapping sections g, h of different coders differ by
/// - (bg − bh)² + (eg − eh)² when both are units;
/// - lg² when g is a unit lying inside the gap h (and symmetrically);
/// - 0 otherwise.
/// Dₒ = 2 Σ_pairs Σ δ / (m(m−1)L²); Dₑ = (2/L) Σ_units [(N−1)(2l³−3l²+l)/3 + l² Σ_{gaps g≥l}(g−l+1)]
/// / (mL(mL−1) − Σ_units l(l−1)); ᵤα = 1 − Dₒ/Dₑ. Over several categories Dₒ and Dₑ are averaged.
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

    /// ᵤα of `coders` over the continuum `begin..<begin+length`, for one category or (nil) all.
    /// `nil` when there are fewer than two coders or no units at all.
    public static func compute(begin: Int = 0, length: Int, coders: [[Unit]], category: String? = nil) -> Double? {
        let categories = category.map { [$0] } ?? Array(Set(coders.flatMap { $0.map(\.category) })).sorted()
        guard coders.count >= 2, length > 0, !categories.isEmpty else { return nil }
        let parts = categories.map { disagreements(begin: begin, length: length, coders: coders, category: $0) }
        let observed = parts.reduce(0) { $0 + $1.observed } / Double(parts.count)
        let expected = parts.reduce(0) { $0 + $1.expected } / Double(parts.count)
        guard expected > 0 else { return observed == 0 ? 1 : nil }
        return 1 - observed / expected
    }

    /// Dₒ and Dₑ of one category.
    public static func disagreements(begin: Int = 0, length: Int, coders: [[Unit]], category: String) -> (observed: Double, expected: Double) {
        let sections = coders.map { sectionsOf($0.filter { $0.category == category }, begin: begin, length: length) }
        let m = Double(coders.count), l = Double(length)
        var observed = 0.0
        for first in sections.indices {
            for second in sections.indices where second > first {
                observed += pairDisagreement(sections[first], sections[second])
            }
        }
        observed = observed * 2 / (m * (m - 1) * l * l)

        let units = sections.flatMap { $0.filter(\.isUnit) }
        let gaps = sections.flatMap { $0.filter { !$0.isUnit }.map(\.length) }.sorted(by: >)
        let n = Double(units.count)
        var sum = 0.0
        var squaredLengths = 0.0
        for unit in units {
            let u = Double(unit.length)
            squaredLengths += u * (u - 1)
            sum += (n - 1) * (2 * u * u * u - 3 * u * u + u) / 3
            let fitting = gaps.prefix { $0 >= unit.length }.reduce(0.0) { $0 + Double($1 - unit.length + 1) }
            sum += u * u * fitting
        }
        let denominator = m * l * (m * l - 1) - squaredLengths
        let expected = denominator > 0 ? sum * 2 / l / denominator : 0
        return (observed, expected)
    }

    private struct Section {
        var start: Int
        var length: Int
        var isUnit: Bool
        var end: Int { start + length }
    }

    /// Units and the gaps between them, covering the whole continuum.
    private static func sectionsOf(_ units: [Unit], begin: Int, length: Int) -> [Section] {
        var sections: [Section] = []
        var position = begin
        for unit in units.sorted(by: { $0.start < $1.start }) where unit.length > 0 {
            if unit.start > position { sections.append(Section(start: position, length: unit.start - position, isUnit: false)) }
            sections.append(Section(start: unit.start, length: unit.length, isUnit: true))
            position = max(position, unit.start + unit.length)
        }
        if position < begin + length { sections.append(Section(start: position, length: begin + length - position, isUnit: false)) }
        return sections
    }

    /// Σ δ over every pair of overlapping sections of two coders.
    private static func pairDisagreement(_ a: [Section], _ b: [Section]) -> Double {
        var total = 0.0
        var j = 0
        for g in a {
            while j < b.count, b[j].end <= g.start { j += 1 }
            var k = j
            while k < b.count, b[k].start < g.end {
                total += distance(g, b[k])
                k += 1
            }
        }
        return total
    }

    private static func distance(_ g: Section, _ h: Section) -> Double {
        switch (g.isUnit, h.isUnit) {
        case (true, true):
            let starts = Double(g.start - h.start), ends = Double(g.end - h.end)
            return starts * starts + ends * ends
        case (true, false):
            return h.start <= g.start && g.end <= h.end ? Double(g.length * g.length) : 0
        case (false, true):
            return g.start <= h.start && h.end <= g.end ? Double(h.length * h.length) : 0
        case (false, false):
            return 0
        }
    }
}
