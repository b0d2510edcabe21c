/// Fleiss' kappa: chance-corrected agreement of a fixed number of raters per item.
public enum FleissKappa {
    /// `items[i][category]` counts the raters who put item i in that category; every item must
    /// have the same number (≥ 2) of raters. `nil` when that does not hold or chance agreement is total.
    public static func compute<Category: Hashable>(_ items: [[Category: Int]]) -> Double? {
        var accumulator = Accumulator<Category>()
        for item in items {
            guard accumulator.add(item) else { return nil }
        }
        return accumulator.kappa
    }

    /// Adds items one at a time, so that millions of them need no memory.
    public struct Accumulator<Category: Hashable> {
        private var raters: Int?
        private var items = 0
        private var agreement = 0.0
        private var totals: [Category: Double] = [:]

        public init() {}

        /// Adds an item; `false` (and nothing added) when its number of raters differs from the first item's.
        @discardableResult
        public mutating func add(_ item: [Category: Int]) -> Bool {
            let count = item.values.reduce(0, +)
            guard count >= 2, count == (raters ?? count) else { return false }
            raters = count
            let n = Double(count)
            var sumOfSquares = 0.0
            for (category, value) in item {
                totals[category, default: 0] += Double(value)
                sumOfSquares += Double(value * value)
            }
            agreement += (sumOfSquares - n) / (n * (n - 1))
            items += 1
            return true
        }

        /// κ over the items added, `nil` without items or when chance agreement is total.
        public var kappa: Double? {
            guard let raters, items > 0 else { return nil }
            let total = Double(items * raters)
            let observed = agreement / Double(items)
            let expected = totals.values.reduce(0.0) { $0 + ($1 / total) * ($1 / total) }
            guard expected < 1 else { return nil }
            return (observed - expected) / (1 - expected)
        }
    }
}
