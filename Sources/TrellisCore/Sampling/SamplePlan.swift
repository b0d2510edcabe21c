/// How many documents a simple random sample needs for a proportion's interval to be no wider
/// than ± `margin` (Cochran 1977, §4.4): *n₀ = z² p(1 − p) / margin²* for an infinite population,
/// corrected for one of *N* documents, *n = n₀ / (1 + (n₀ − 1) / N)*, rounded up. `expected` is
/// the proportion expected; 0.5, the default, needs the most and so is safe when nothing is known.
/// The proportion is one per document (such as the share of documents with an error); a rate per
/// span needs fewer documents only as far as errors do not cluster in documents.
public enum SamplePlan {
    public static func size(population: Int, margin: Double, expected: Double = 0.5, confidence: Double = 0.95) -> Int {
        precondition(margin > 0 && margin < 1 && (0...1).contains(expected), "sample plan: margin \(margin), expected \(expected)")
        guard population > 0 else { return 0 }
        let z = ConfidenceInterval.z(confidence: confidence)
        let infinite = z * z * expected * (1 - expected) / (margin * margin)
        let corrected = infinite / (1 + (infinite - 1) / Double(population))
        return min(population, Int((corrected - 1e-9).rounded(.up)))
    }
}
