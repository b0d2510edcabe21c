import Glibc  // log, lgamma, pow, sqrt

extension SeededRandom {
    /// A uniform real in `[0, 1)` from 53 random bits.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A draw from the binomial distribution: successes in `trials` independent trials of
    /// `probability` each. Exact (no normal approximation): by inversion when the mean of the
    /// rarer outcome is small (Kachitvichyanukul and Schmeiser's BINV), else by Hörmann's
    /// transformed rejection with squeeze (BTRS, 1993), constant time whatever `trials`.
    public mutating func binomial(trials: Int, probability: Double) -> Int {
        precondition(trials >= 0 && probability >= 0 && probability <= 1, "binomial(\(trials), \(probability))")
        if trials == 0 || probability == 0 { return 0 }
        if probability == 1 { return trials }
        if probability > 0.5 { return trials - binomial(trials: trials, probability: 1 - probability) }
        let n = Double(trials), p = probability, q = 1 - p
        if n * p < 10 { return inversion(trials: trials, p: p, q: q) }
        let spq = (n * p * q).squareRoot()
        let b = 1.15 + 2.53 * spq, a = -0.0873 + 0.0248 * b + 0.01 * p, c = n * p + 0.5
        let vr = 0.92 - 4.2 / b, alpha = (2.83 + 5.1 / b) * spq, lpq = log(p / q)
        let m = ((n + 1) * p).rounded(.down)
        let h = lgamma(m + 1) + lgamma(n - m + 1)
        while true {
            let u = unit() - 0.5, v = unit()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + c).rounded(.down)
            guard k >= 0, k <= n else { continue }
            if us >= 0.07 && v <= vr { return Int(k) }
            // log f(k)/f(m) of the binomial, against the hat at the transformed point.
            if log(v * alpha / (a / (us * us) + b)) <= h - lgamma(k + 1) - lgamma(n - k + 1) + (k - m) * lpq { return Int(k) }
        }
    }

    /// Inversion: walks up the probabilities f(0), f(1), … until the uniform is used up (mean
    /// under 10, so a few steps).
    private mutating func inversion(trials: Int, p: Double, q: Double) -> Int {
        let s = p / q, a = Double(trials + 1) * s
        let first = pow(q, Double(trials))
        while true {
            var u = unit(), r = first, x = 0
            while u > r {
                u -= r
                x += 1
                guard x <= trials else { break }
                r *= a / Double(x) - s
            }
            if x <= trials { return x }  // else rounding ran past the last outcome: draw again
        }
    }
}
