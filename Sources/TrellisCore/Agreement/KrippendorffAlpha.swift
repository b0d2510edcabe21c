/// Krippendorff's alpha for any number of coders, missing values allowed, computed with the
/// coincidence matrix as in Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability".
///
/// Every unit with mᵤ ≥ 2 values adds 1/(mᵤ − 1) to the coincidence o_ck of each ordered pair of
/// its values from different coders; n_c = Σₖ o_ck and n = Σ_c n_c count the pairable values.
/// α = 1 − (n − 1) Σ_{c,k} o_ck δ²_ck / Σ_{c,k} n_c n_k δ²_ck.
public enum KrippendorffAlpha {
    /// How different two values are (δ²).
    public enum Metric: String, Hashable, Sendable, CaseIterable {
        /// 0 for equal values, 1 otherwise.
        case nominal
        /// (Σ_{g=c…k} n_g − (n_c + n_k)/2)²: ranks weighted by how often the values in between occur.
        case ordinal
        /// (c − k)².
        case interval
    }

    /// α over `data[coder][unit]` (`nil`: the coder did not code the unit). Units with fewer than
    /// two values are left out. `nil` when the coders' rows differ in length, no value is
    /// pairable, or α is undefined because every pairable value is the same (no variation).
    public static func compute(_ data: [[Int?]], metric: Metric) -> Double? {
        let units = data.first?.count ?? 0
        guard data.allSatisfy({ $0.count == units }) else { return nil }
        var coincidences: [Int: [Int: Double]] = [:]
        for unit in 0..<units {
            let values = data.compactMap { $0[unit] }
            guard values.count >= 2 else { continue }
            let weight = 1.0 / Double(values.count - 1)
            for i in values.indices {
                for j in values.indices where i != j {
                    coincidences[values[i], default: [:]][values[j], default: 0] += weight
                }
            }
        }
        let values = coincidences.keys.sorted()
        let totals = values.map { coincidences[$0]!.values.reduce(0, +) }
        let n = totals.reduce(0, +)
        // Σ n_g for the values before each one, for the ordinal metric.
        var before = [0.0]
        for total in totals { before.append(before.last! + total) }

        func distance(_ c: Int, _ k: Int) -> Double {
            switch metric {
            case .nominal: return values[c] == values[k] ? 0 : 1
            case .interval: let d = Double(values[c]) - Double(values[k]); return d * d
            case .ordinal:
                let (low, high) = c < k ? (c, k) : (k, c)
                let d = before[high + 1] - before[low] - (totals[low] + totals[high]) / 2
                return d * d
            }
        }
        var observed = 0.0, expected = 0.0
        for c in values.indices {
            for k in values.indices where c != k {
                let delta = distance(c, k)
                observed += (coincidences[values[c]]![values[k]] ?? 0) * delta
                expected += totals[c] * totals[k] * delta
            }
        }
        guard expected > 0 else { return nil }
        return 1 - (n - 1) * observed / expected
    }
}
