/// Krippendorff's alpha for any number of coders, missing values allowed, computed with the
/// coincidence matrix as in Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability".
public enum KrippendorffAlpha {
    /// How different two values are.
    public enum Metric: String, Hashable, Sendable, CaseIterable {
        case nominal, ordinal, interval
    }

    /// α = 1 − Dₒ/Dₑ over `data[coder][unit]` (`nil`: the coder did not code the unit). Units
    /// coded by fewer than two coders do not count. `nil` when fewer than two values are pairable
    /// or there is no variation at all.
    public static func compute(_ data: [[Int?]], metric: Metric) -> Double? {
        let units = data.map(\.count).max() ?? 0
        var coincidences: [Int: [Int: Double]] = [:]
        for unit in 0..<units {
            let values = data.compactMap { unit < $0.count ? $0[unit] : nil }
            guard values.count >= 2 else { continue }
            let weight = 1.0 / Double(values.count - 1)
            for i in values.indices {
                for j in values.indices where i != j {
                    coincidences[values[i], default: [:]][values[j], default: 0] += weight
                }
            }
        }
        let values = coincidences.keys.sorted()
        let totals = Dictionary(uniqueKeysWithValues: values.map { value in (value, coincidences[value]!.values.reduce(0, +)) })
        let n = totals.values.reduce(0, +)
        guard n > 1 else { return nil }

        func distance(_ c: Int, _ k: Int) -> Double {
            switch metric {
            case .nominal: return c == k ? 0 : 1
            case .interval: return Double((c - k) * (c - k))
            case .ordinal:
                let (low, high) = c < k ? (c, k) : (k, c)
                let between = values.filter { $0 >= low && $0 <= high }.reduce(0.0) { $0 + totals[$1]! }
                let span = between - (totals[low]! + totals[high]!) / 2
                return span * span
            }
        }
        var observed = 0.0, expected = 0.0
        for c in values {
            for k in values where c != k {
                let delta = distance(c, k)
                observed += (coincidences[c]?[k] ?? 0) * delta
                expected += totals[c]! * totals[k]! * delta
            }
        }
        guard expected > 0 else { return nil }
        return 1 - (n - 1) * observed / expected
    }
}
