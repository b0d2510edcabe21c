/// A proportion estimated from a stratified random sample of documents: each sampled document
/// stands for *N_h / r_h* corpus documents (*N_h* documents in its stratum, *r_h* of them reviewed),
/// and the proportion is the weighted ratio *p = Σ w·y / Σ w·x* of events *y* to chances *x*
/// (errors to spans, say) — the combined ratio estimator (Cochran 1977, §6.11). Its variance is
/// the stratified linearised one, with the finite population correction,
/// *V = Σ_h N_h² (1 − r_h/N_h) s²_h / r_h*, where *s²_h* is the variance within stratum *h* of
/// *z = (y − p·x) / X̂* (documents of other groups counting as 0, as for any domain): it treats
/// documents, not spans, as the sampled units, so errors that cluster in documents widen it.
/// The interval is Wilson's on the effective sample size *p(1 − p)/V* (Korn and Graubard 1998),
/// at most the chances counted; when *p* is 0 or 1 (no variance to estimate), on Kish's effective
/// size of the weighted chances.
struct StratifiedRatio: Equatable, Sendable {
    /// Per stratum, unweighted: the weights are applied when the estimate is made.
    private var sums: [Sums] = []

    private struct Sums: Equatable, Sendable {
        var y = 0.0, x = 0.0, yy = 0.0, xy = 0.0, xx = 0.0
    }

    init() {}

    mutating func add(stratum: Int, y: Double, x: Double) {
        if sums.count <= stratum { sums += [Sums](repeating: Sums(), count: stratum + 1 - sums.count) }
        sums[stratum].y += y
        sums[stratum].x += x
        sums[stratum].yy += y * y
        sums[stratum].xy += x * y
        sums[stratum].xx += x * x
    }

    /// Both sets of documents' sums.
    func merged(_ other: StratifiedRatio) -> StratifiedRatio {
        var merged = self
        if merged.sums.count < other.sums.count { merged.sums += [Sums](repeating: Sums(), count: other.sums.count - merged.sums.count) }
        for (h, stratum) in other.sums.enumerated() {
            merged.sums[h].y += stratum.y
            merged.sums[h].x += stratum.x
            merged.sums[h].yy += stratum.yy
            merged.sums[h].xy += stratum.xy
            merged.sums[h].xx += stratum.xx
        }
        return merged
    }

    /// The estimate and its interval; `nil` when no stratum has chances.
    func estimate(weights: [Double], populations: [Int], reviewed: [Int], z: Double) -> (value: Double, interval: ConfidenceInterval)? {
        let weight = { (h: Int) in h < weights.count ? weights[h] : 0 }
        let totalY = sums.indices.reduce(0) { $0 + weight($1) * sums[$1].y }, totalX = sums.indices.reduce(0) { $0 + weight($1) * sums[$1].x }
        guard totalX > 0 else { return nil }
        let p = min(1, max(0, totalY / totalX))
        var variance = 0.0
        for (h, stratum) in sums.enumerated() where reviewed[h] >= 2 {
            let r = Double(reviewed[h]), n = Double(populations[h])
            let sumZ = (stratum.y - p * stratum.x) / totalX
            let sumZ2 = (stratum.yy - 2 * p * stratum.xy + p * p * stratum.xx) / (totalX * totalX)
            let within = max(0, (sumZ2 - sumZ * sumZ / r) / (r - 1))
            variance += n * n * max(0, 1 - r / n) * within / r
        }
        let chances = sums.reduce(0) { $0 + $1.x }
        let effective: Double
        if variance > 0, p > 0, p < 1 {
            effective = min(chances, p * (1 - p) / variance)
        } else {
            let squares = sums.indices.reduce(0) { $0 + weight($1) * weight($1) * sums[$1].x }
            effective = squares > 0 ? totalX * totalX / squares : chances
        }
        return (p, .wilson(proportion: p, trials: effective, z: z))
    }
}
