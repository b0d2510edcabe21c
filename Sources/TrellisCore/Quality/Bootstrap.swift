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
        percentileIntervals(strata: [0..<count], statistics: 1, resamples: resamples, confidence: confidence, seed: seed) { sample, values in
            values[0] = statistic(sample)
        }?.first
    }

    /// Percentile intervals of `statistics` statistics computed on the same resamples, the
    /// documents resampled within each stratum (a stratified bootstrap: each of `strata`, a range
    /// of document indices, keeps its size in every resample). `compute` gets a resample's indices
    /// and writes each statistic's value. `nil` when there are no documents.
    public static func percentileIntervals(
        strata: [Range<Int>], statistics: Int, resamples: Int = defaultResamples, confidence: Double = 0.95, seed: UInt64 = defaultSeed,
        compute: (UnsafeBufferPointer<Int>, inout [Double]) -> Void
    ) -> [ConfidenceInterval]? {
        var indices = [Int](repeating: 0, count: strata.reduce(0) { $0 + $1.count })
        return intervals(strata: strata, statistics: statistics, resamples: resamples, confidence: confidence, seed: seed) { random, computed in
            var position = 0
            draw(strata, &random) { index in
                indices[position] = index
                position += 1
            }
            indices.withUnsafeBufferPointer { compute($0, &computed) }
        }
    }

    /// The same intervals as `percentileIntervals(strata:…)` for statistics of a sum: each
    /// document is four numbers, `compute` gets their sum over a resample (added in the order
    /// drawn, so to the last digit) and writes each statistic's value. The same draws, summed as
    /// they are drawn, without a list of indices.
    public static func percentileIntervals(
        summing values: [SIMD4<Double>], strata: [Range<Int>], statistics: Int, resamples: Int = defaultResamples, confidence: Double = 0.95,
        seed: UInt64 = defaultSeed, compute: (SIMD4<Double>, inout [Double]) -> Void
    ) -> [ConfidenceInterval]? {
        values.withUnsafeBufferPointer { values in
            intervals(strata: strata, statistics: statistics, resamples: resamples, confidence: confidence, seed: seed) { random, computed in
                var sum = SIMD4<Double>()
                draw(strata, &random) { sum += values[$0] }
                compute(sum, &computed)
            }
        }
    }

    /// Each document of `strata` drawn once, with replacement within its stratum, in order.
    @inline(__always)
    private static func draw(_ strata: [Range<Int>], _ random: inout SeededRandom, _ body: (Int) -> Void) {
        for stratum in strata {
            for _ in stratum { body(stratum.lowerBound + random.uniform(below: stratum.count)) }
        }
    }

    /// The percentile intervals of the statistics `resample` computes from one resample's draws,
    /// `resamples` times from `seed`.
    @inline(__always)
    private static func intervals(
        strata: [Range<Int>], statistics: Int, resamples: Int, confidence: Double, seed: UInt64,
        resample: (inout SeededRandom, inout [Double]) -> Void
    ) -> [ConfidenceInterval]? {
        precondition(resamples > 0 && 0 < confidence && confidence < 1, "bootstrap: \(resamples) resamples at confidence \(confidence)")
        guard strata.contains(where: { !$0.isEmpty }) else { return nil }
        var random = SeededRandom(seed: seed)
        var values = [[Double]](repeating: [], count: statistics)
        for index in values.indices { values[index].reserveCapacity(resamples) }
        var computed = [Double](repeating: 0, count: statistics)
        for _ in 0..<resamples {
            resample(&random, &computed)
            for index in values.indices { values[index].append(computed[index]) }
        }
        let tail = (1 - confidence) / 2
        return values.map { column in
            let sorted = column.sorted()
            return ConfidenceInterval(lower: quantile(sorted: sorted, tail), upper: quantile(sorted: sorted, 1 - tail))
        }
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
