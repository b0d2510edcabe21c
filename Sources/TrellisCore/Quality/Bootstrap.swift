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
        guard strata.contains(where: { !$0.isEmpty }) else { return nil }
        var indices = [Int](repeating: 0, count: strata.reduce(0) { $0 + $1.count })
        return intervals(statistics: statistics, resamples: resamples, confidence: confidence, seed: seed) { random, computed in
            var position = 0
            draw(strata, &random) { index in
                indices[position] = index
                position += 1
            }
            indices.withUnsafeBufferPointer { compute($0, &computed) }
        }
    }

    /// Percentile intervals of statistics of a sum, the documents resampled within each stratum,
    /// from each stratum's distinct figures (four numbers) and how many documents have each:
    /// `compute` gets a resample's sum and writes each statistic's value. A resample of *n*
    /// documents drawn one by one with replacement holds each distinct figure a multinomial
    /// number of times (*n* draws, each figure with probability its documents / *n*); the counts
    /// are drawn directly, one binomial a distinct figure given those before (exact, not an
    /// approximation), so a resample costs the number of distinct figures rather than of
    /// documents, and its sum has the same distribution as summing the documents drawn. The same
    /// figures (in any order) and seed always give the same intervals.
    public static func percentileIntervals(
        counting strata: [[(value: SIMD4<Double>, documents: Int)]], statistics: Int, resamples: Int = defaultResamples,
        confidence: Double = 0.95, seed: UInt64 = defaultSeed, compute: (SIMD4<Double>, inout [Double]) -> Void
    ) -> [ConfidenceInterval]? {
        // Most documents first, so that the documents left to place run out soonest.
        let strata = strata.map { figures in
            figures.filter { $0.documents > 0 }.sorted { a, b in
                a.documents != b.documents ? a.documents > b.documents
                    : (a.value[0], a.value[1], a.value[2], a.value[3]) < (b.value[0], b.value[1], b.value[2], b.value[3])
            }
        }.filter { !$0.isEmpty }
        guard !strata.isEmpty else { return nil }
        let sizes = strata.map { $0.reduce(0) { $0 + $1.documents } }
        return intervals(statistics: statistics, resamples: resamples, confidence: confidence, seed: seed) { random, computed in
            var sum = SIMD4<Double>()
            for (figures, size) in zip(strata, sizes) {
                var draws = size, documents = size
                for (place, figure) in figures.enumerated() where draws > 0 {
                    let drawn = place == figures.count - 1 ? draws
                        : random.binomial(trials: draws, probability: Double(figure.documents) / Double(documents))
                    sum += figure.value * Double(drawn)
                    draws -= drawn
                    documents -= figure.documents
                }
            }
            compute(sum, &computed)
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
        statistics: Int, resamples: Int, confidence: Double, seed: UInt64,
        resample: (inout SeededRandom, inout [Double]) -> Void
    ) -> [ConfidenceInterval]? {
        precondition(resamples > 0 && 0 < confidence && confidence < 1, "bootstrap: \(resamples) resamples at confidence \(confidence)")
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
