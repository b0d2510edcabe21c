/// A two-sided confidence interval for an estimate.
public struct ConfidenceInterval: Hashable, Sendable, CustomStringConvertible {
    public var lower: Double
    public var upper: Double

    public init(lower: Double, upper: Double) {
        self.lower = lower
        self.upper = upper
    }

    /// Whether `value` lies in the interval, ends included.
    public func contains(_ value: Double) -> Bool {
        lower <= value && value <= upper
    }

    public var width: Double { upper - lower }

    public var description: String { "[\(lower), \(upper)]" }

    /// The standard normal quantile of 0.975, for 95% intervals.
    public static let z95 = 1.959963984540054

    /// The Wilson score interval for a proportion of `successes` in `trials` (Wilson 1927),
    /// 95% by default. Unlike the normal ("Wald") interval it stays inside [0, 1] and keeps its
    /// coverage near 0 and 1 and for small samples (Newcombe 1998; Brown, Cai and DasGupta 2001).
    /// With no trials it is [0, 1]: nothing is known.
    public static func wilson(successes: Int, trials: Int, z: Double = z95) -> ConfidenceInterval {
        precondition(0 <= successes && successes <= trials, "Wilson interval: \(successes) successes in \(trials) trials")
        guard trials > 0 else { return ConfidenceInterval(lower: 0, upper: 1) }
        let n = Double(trials), p = Double(successes) / n, z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return ConfidenceInterval(
            lower: successes == 0 ? 0 : max(0, center - half),
            upper: successes == trials ? 1 : min(1, center + half))
    }
}
