/// Fleiss' kappa: chance-corrected agreement of a fixed number of raters per item (Fleiss 1971).
///
/// κ = (P̄ − P̄ₑ) / (1 − P̄ₑ), with P̄ the mean over items of Σⱼ nᵢⱼ(nᵢⱼ − 1) / (n(n − 1)) and
/// P̄ₑ = Σⱼ pⱼ², pⱼ the share of all ratings that went to category j.
public enum FleissKappa {
    /// `items[i][category]` counts the raters who put item i in that category. `nil` when there
    /// are no items, an item has a negative count, fewer than two raters, or a different number of
    /// raters than the first item, or when κ is undefined (P̄ₑ = 1: every rating in one category).
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

        /// Adds an item `times` times over (characters of one run rated alike); `false` (and
        /// nothing added) when it has a negative count, fewer than two raters, or a number of
        /// raters other than the first item's.
        @discardableResult
        public mutating func add(_ item: [Category: Int], times: Int = 1) -> Bool {
            let count = item.values.reduce(0, +)
            guard count >= 2, count == (raters ?? count), item.values.allSatisfy({ $0 >= 0 }), times > 0 else { return false }
            raters = count
            let n = Double(count), weight = Double(times)
            var pairs = 0.0
            for (category, value) in item where value > 0 {
                totals[category, default: 0] += Double(value) * weight
                pairs += Double(value) * Double(value - 1)
            }
            agreement += weight * pairs / (n * (n - 1))
            items += times
            return true
        }

        /// Adds the items of `other`, their categories renamed by `rename`; nothing when they
        /// have another number of raters than these (as adding them one by one would refuse).
        public mutating func add<Other>(_ other: Accumulator<Other>, renaming rename: (Other) -> Category) {
            guard let theirs = other.raters, raters == nil || raters == theirs else { return }
            raters = theirs
            items += other.items
            agreement += other.agreement
            for (category, total) in other.totals { totals[rename(category), default: 0] += total }
        }

        /// The categories with a rating so far.
        public var categories: Dictionary<Category, Double>.Keys { totals.keys }

        /// κ over the items added; `nil` without items or when every rating is in one category.
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

extension FleissKappa.Accumulator: CompactlyKept where Category == Int {
    public func write(to writer: inout CompactSums.Writer) {
        writer.optional(raters)
        writer.count(items)
        writer.real(agreement)
        writer.count(totals.count)
        for (category, total) in totals.sorted(by: { $0.key < $1.key }) {
            writer.signed(category)
            writer.real(total)
        }
    }

    public init(reading reader: inout CompactSums.Reader) throws {
        self.init()
        raters = try reader.optional()
        items = try reader.count()
        agreement = try reader.real()
        for _ in 0..<(try reader.count(ofItemsAtLeast: 9)) { totals[try reader.signed()] = try reader.real() }
    }
}
