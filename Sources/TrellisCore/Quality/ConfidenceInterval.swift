import Glibc  // log, exp, erfc

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
        return wilson(proportion: Double(successes) / Double(trials), trials: Double(trials), z: z)
    }

    /// The Wilson score interval for an estimated proportion `p` worth `trials` independent
    /// trials, which need not be a whole number: an effective sample size (Korn and Graubard
    /// 1998), for estimates from weighted or clustered samples. `p` of 0 or 1 keeps that end.
    public static func wilson(proportion p: Double, trials n: Double, z: Double = z95) -> ConfidenceInterval {
        precondition((0...1).contains(p) && n >= 0, "Wilson interval: proportion \(p) of \(n) trials")
        guard n > 0 else { return ConfidenceInterval(lower: 0, upper: 1) }
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        return ConfidenceInterval(lower: p == 0 ? 0 : max(0, center - half), upper: p == 1 ? 1 : min(1, center + half))
    }

    /// The z of a two-sided interval at `confidence` (0.95 gives 1.959964): the standard normal
    /// quantile of 1 − (1 − confidence)/2, by Acklam's rational approximation refined with one
    /// Halley step (relative error below 1e-12).
    public static func z(confidence: Double) -> Double {
        precondition(0 < confidence && confidence < 1, "confidence \(confidence) is not between 0 and 1")
        return normalQuantile(1 - (1 - confidence) / 2)
    }

    /// The standard normal quantile of `p` (0 < p < 1).
    static func normalQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        } else if p <= 1 - low {
            let q = p - 0.5, r = q * q
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
        } else {
            let q = (-2 * log(1 - p)).squareRoot()
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        // One step of Halley's method on Φ(x) − p.
        let e = 0.5 * erfc(-x / 2.0.squareRoot()) - p
        let u = e * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        x -= u / (1 + x * u / 2)
        return x
    }
}
