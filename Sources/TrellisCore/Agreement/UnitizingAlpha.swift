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
///
/// A continuum made of many documents laid end to end need not be held at once: `Accumulator`
/// adds it up document by document (`Document`), with the same result.
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
        accumulated(begin: begin, length: length, coders: coders, category: category).alpha(category: category)
    }

    /// ᵤα of reviewers' spans over a text of `continuumLength` code points, for one label or (nil)
    /// every label; as above.
    public static func compute(continuumLength: Int, coders: [[Span]], label: String? = nil) -> Double? {
        let units = coders.map { $0.map { Unit(start: $0.start, length: $0.length, category: $0.label) } }
        return compute(length: continuumLength, coders: units, category: label)
    }

    /// Dₒ and Dₑ of one category (both 0 when the continuum is empty or there are fewer than two coders).
    public static func disagreements(begin: Int = 0, length: Int, coders: [[Unit]], category: String) -> (observed: Double, expected: Double) {
        accumulated(begin: begin, length: length, coders: coders, category: category).disagreements(category: category)
    }

    /// The continuum as one document.
    private static func accumulated(begin: Int, length: Int, coders: [[Unit]], category: String?) -> Accumulator {
        let shifted = coders.map { $0.map { Unit(start: $0.start - begin, length: $0.length, category: $0.category) } }
        var accumulator = Accumulator(coders: coders.count)
        accumulator.add(Document(length: max(0, length), coders: shifted, category: category))
        return accumulator
    }
}
