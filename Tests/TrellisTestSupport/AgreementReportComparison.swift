import TrellisCore
import TrellisStore

/// Two agreement reports compared figure by figure, real numbers to 1e-9 (sums added in another
/// order differ in their last digits).
public enum AgreementReportComparison {
    /// What differs, as text: empty when the reports agree.
    public static func differences(_ expected: AgreementReport, _ actual: AgreementReport) -> [String] {
        var differences: [String] = []
        func check(_ name: String, _ a: Double?, _ b: Double?) {
            switch (a, b) {
            case (nil, nil): break
            case let (x?, y?) where abs(x - y) <= 1e-9 * max(1, abs(x)) || (x.isNaN && y.isNaN): break
            default: differences.append("\(name): \(String(describing: a)) against \(String(describing: b))")
            }
        }
        if expected.documents != actual.documents { differences.append("documents: \(expected.documents) against \(actual.documents)") }
        if expected.reviewers != actual.reviewers { differences.append("reviewers: \(expected.reviewers) against \(actual.reviewers)") }
        for (kind, a, b) in [("pairs", expected.pairs, actual.pairs), ("modes", expected.modes, actual.modes), ("stages", expected.stages, actual.stages)] {
            guard a.map(\.group) == b.map(\.group) else {
                differences.append("\(kind): \(a.map(\.group)) against \(b.map(\.group))")
                continue
            }
            for (x, y) in zip(a, b) {
                if x.documents != y.documents || x.exact != y.exact || x.overlap != y.overlap { differences.append("\(kind) \(x.group): counts differ") }
                check("\(kind) \(x.group) kappa", x.kappa, y.kappa)
                check("\(kind) \(x.group) alpha", x.unitizingAlpha, y.unitizingAlpha)
            }
        }
        check("Fleiss' kappa", expected.fleissKappa, actual.fleissKappa)
        if Set(expected.ratingAlpha.keys) != Set(actual.ratingAlpha.keys) { differences.append("rating dimensions differ") }
        for (dimension, alpha) in expected.ratingAlpha { check("rating alpha \(dimension)", alpha, actual.ratingAlpha[dimension] ?? nil) }
        if expected.confusion != actual.confusion { differences.append("confusion matrices differ") }
        if expected.worst.map(\.id) != actual.worst.map(\.id) || expected.worst.map(\.reviewers) != actual.worst.map(\.reviewers) {
            differences.append("worst: \(expected.worst.map(\.id)) against \(actual.worst.map(\.id))")
        }
        for (x, y) in zip(expected.worst, actual.worst) { check("worst \(x.id) kappa", x.kappa, y.kappa) }
        return differences
    }
}
