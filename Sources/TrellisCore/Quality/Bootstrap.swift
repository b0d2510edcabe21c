/// Percentile bootstrap intervals over documents (Efron and Tibshirani 1993, ch. 13): the
/// statistic is computed on `resamples` samples of the documents drawn with replacement, and
/// the interval runs between the quantiles of those values. Draws come from `SeededRandom`, so
/// the same documents and seed always give the same interval.
public enum Bootstrap {
    public static let defaultResamples = 1000
    public static let defaultSeed: UInt64 = 0x7472_656C_6C69_73  // "trellis"

    /// The percentile interval of a statistic over `count` documents. `statistic` is given the
    /// indices of one resample (`count` of them, drawn with replacement; the buffer is reused).
    /// `nil` when there are no documents.
    public static func percentileInterval(
        count: Int, resamples: Int = defaultResamples, confidence: Double = 0.95, seed: UInt64 = defaultSeed,
        statistic: (UnsafeBufferPointer<Int>) -> Double
    ) -> ConfidenceInterval? {
        precondition(resamples > 0 && 0 < confidence && confidence < 1, "bootstrap: \(resamples) resamples at confidence \(confidence)")
        guard count > 0 else { return nil }
        var random = SeededRandom(seed: seed)
        var indices = [Int](repeating: 0, count: count)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for position in 0..<count { indices[position] = random.uniform(below: count) }
            values.append(indices.withUnsafeBufferPointer(statistic))
        }
        values.sort()
        let tail = (1 - confidence) / 2
        return ConfidenceInterval(lower: quantile(sorted: values, tail), upper: quantile(sorted: values, 1 - tail))
    }

    /// The interval of micro-averaged F1 (counts added up over the resampled documents), from
    /// one `F1Score` per document.
    public static func microF1(
        _ perDocument: [F1Score], resamples: Int = defaultResamples, confidence: Double = 0.95, seed: UInt64 = defaultSeed
    ) -> ConfidenceInterval? {
        percentileInterval(count: perDocument.count, resamples: resamples, confidence: confidence, seed: seed) { sample in
            sample.reduce(F1Score.zero) { $0 + perDocument[$1] }.f1
        }
    }

    /// The `p` quantile of sorted, non-empty `values`, interpolating linearly between order
    /// statistics (Hyndman and Fan's type 7, the default of R and NumPy).
    public static func quantile(sorted values: [Double], _ p: Double) -> Double {
        let position = p * Double(values.count - 1)
        let below = Int(position.rounded(.down)), above = min(below + 1, values.count - 1)
        return values[below] + (position - Double(below)) * (values[above] - values[below])
    }
}
