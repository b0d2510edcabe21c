import Foundation
import Testing
@testable import TrellisCore
import TrellisTestSupport

@Suite struct WilsonIntervalTests {
    private func rounded(_ interval: ConfidenceInterval) -> [Double] {
        [interval.lower, interval.upper].map { ($0 * 10_000).rounded() / 10_000 }
    }

    /// Newcombe (1998), "Two-sided confidence intervals for the single proportion", Statistics in
    /// Medicine 17: 857–872, table I, method 3 (score interval without continuity correction).
    @Test func matchesNewcombesPublishedTable() {
        #expect(rounded(.wilson(successes: 81, trials: 263)) == [0.2553, 0.3662])
        #expect(rounded(.wilson(successes: 15, trials: 148)) == [0.0624, 0.1605])
        #expect(rounded(.wilson(successes: 0, trials: 20)) == [0.0, 0.1611])
        #expect(rounded(.wilson(successes: 1, trials: 29)) == [0.0061, 0.1718])
    }

    @Test func staysInsideZeroAndOneAndIsSymmetric() {
        #expect(ConfidenceInterval.wilson(successes: 0, trials: 0) == ConfidenceInterval(lower: 0, upper: 1))
        #expect(ConfidenceInterval.wilson(successes: 29, trials: 29).upper == 1)
        for trials in [1, 7, 50, 1000] {
            for successes in stride(from: 0, through: trials, by: max(1, trials / 7)) {
                let interval = ConfidenceInterval.wilson(successes: successes, trials: trials)
                let mirror = ConfidenceInterval.wilson(successes: trials - successes, trials: trials)
                #expect(0 <= interval.lower && interval.upper <= 1)
                #expect(interval.contains(Double(successes) / Double(trials)))
                #expect(abs(interval.lower - (1 - mirror.upper)) < 1e-12)
            }
        }
        // More trials, a narrower interval.
        #expect(ConfidenceInterval.wilson(successes: 100, trials: 1000).width < ConfidenceInterval.wilson(successes: 10, trials: 100).width)
    }
}

@Suite struct BootstrapTests {
    @Test func quantilesInterpolateBetweenOrderStatistics() {
        #expect(Bootstrap.quantile(sorted: [1, 2, 3, 4], 0.25) == 1.75)
        #expect(Bootstrap.quantile(sorted: [1, 2, 3, 4], 0.5) == 2.5)
        #expect(Bootstrap.quantile(sorted: [5], 0.975) == 5)
    }

    @Test func theSameDocumentsAndSeedGiveTheSameInterval() throws {
        let scores = (0..<40).map { F1Score(matched: $0 % 7, countA: 8, countB: 7 + $0 % 3) }
        let first = try #require(Bootstrap.microF1(scores, seed: 42))
        #expect(Bootstrap.microF1(scores, seed: 42) == first)
        #expect(Bootstrap.microF1(scores, seed: 43) != first)
        #expect(first.contains(scores.reduce(.zero, +).f1))
        #expect(Bootstrap.microF1([], seed: 1) == nil)
        // Identical documents: every resample gives the same figure.
        let same = [F1Score](repeating: F1Score(matched: 3, countA: 4, countB: 4), count: 10)
        #expect(Bootstrap.microF1(same) == ConfidenceInterval(lower: 0.75, upper: 0.75))
    }

    /// Drawing how many times each distinct figure is drawn (multinomial counts) is the bootstrap
    /// of drawing documents one by one: on the same documents, with many resamples, the two
    /// intervals agree within the resampling noise, stratified or not, and the figures' order does
    /// not matter.
    @Test(arguments: [[0..<400], [0..<1, 1..<60, 60..<61, 61..<400]])
    func countingDistinctFiguresIsDrawingDocuments(strata: [Range<Int>]) throws {
        var random = SeededRandom(seed: 9)
        let values = (0..<400).map { _ in SIMD4(Double(random.uniform(below: 4)), Double(4 + random.uniform(below: 3)), 1, 2) }
        func statistics(_ sum: SIMD4<Double>, _ figures: inout [Double]) {
            figures[0] = sum[0] / sum[1]
            figures[1] = sum[2] / sum[3] + sum[0] / 100
        }
        let fromIndices = try #require(Bootstrap.percentileIntervals(strata: strata, statistics: 2, resamples: 4000, seed: 11) { sample, figures in
            var sum = SIMD4<Double>()
            for index in sample { sum += values[index] }
            statistics(sum, &figures)
        })
        func counted(_ stratum: Range<Int>) -> [(value: SIMD4<Double>, documents: Int)] {
            var counts: [SIMD4<Double>: Int] = [:]
            for index in stratum { counts[values[index], default: 0] += 1 }
            return counts.map { ($0.key, $0.value) }
        }
        let counting = try #require(Bootstrap.percentileIntervals(counting: strata.map(counted), statistics: 2, resamples: 4000, seed: 11, compute: statistics))
        for (a, b) in zip(fromIndices, counting) {
            #expect(abs(a.lower - b.lower) < a.width * 0.1 && abs(a.upper - b.upper) < a.width * 0.1, "\(a) against \(b)")
        }
        let reversed = try #require(Bootstrap.percentileIntervals(counting: strata.map { counted($0).reversed() }, statistics: 2, resamples: 4000,
                                                                  seed: 11, compute: statistics))
        #expect(reversed == counting)
        #expect(Bootstrap.percentileIntervals(counting: [], statistics: 2, compute: statistics) == nil)
        #expect(Bootstrap.percentileIntervals(counting: [[(SIMD4(1, 2, 1, 2), 0)]], statistics: 2, compute: statistics) == nil)
    }

    /// On a known distribution the interval is the one the theory gives: 2,000 documents of ten
    /// spans each, each span matched with probability 0.8, so F1 is the mean of a binomial
    /// proportion with standard error √(0.8·0.2/10/2000), and the 95% interval ±1.96 of those.
    @Test func theIntervalOfAKnownDistributionIsTheTheorys() throws {
        var random = SeededRandom(seed: 21)
        var accumulator = QualityAccumulator(fields: [.rewriter])
        for index in 0..<2000 {
            let matched = random.binomial(trials: 10, probability: 0.8)
            var comparison = GoldComparison.zero
            comparison.documents = 1
            comparison.exact = F1Score(matched: matched, countA: 10, countB: 10)
            comparison.overlap = comparison.exact
            accumulator.add(ReviewedDocument(id: "d\(index)", key: StratumKey(["\"rw\""]), length: 100, comparison: comparison))
        }
        let f1 = accumulator.report().all[.f1Exact]
        let value = try #require(f1.value), interval = try #require(f1.interval)
        let halfWidth = 1.96 * (0.8 * 0.2 / 10 / 2000).squareRoot()
        #expect(abs(value - 0.8) < 3 * halfWidth / 1.96)
        #expect(abs(interval.width / 2 - halfWidth) < halfWidth * 0.1, "\(interval) against ±\(halfWidth)")
        #expect(abs((interval.lower + interval.upper) / 2 - value) < halfWidth * 0.1)
    }

    /// Binomial draws have the distribution's probabilities, by inversion (small means) and by
    /// transformed rejection (large ones), and its mean and variance for a million trials.
    @Test(arguments: [(12, 0.3), (40, 0.4), (30, 0.85), (7, 0.5)])
    func binomialDrawsHaveTheBinomialsProbabilities(trials: Int, probability: Double) {
        var random = SeededRandom(seed: 3)
        let draws = 200_000
        var counts = [Int](repeating: 0, count: trials + 1)
        for _ in 0..<draws { counts[random.binomial(trials: trials, probability: probability)] += 1 }
        var pmf = pow(1 - probability, Double(trials))
        for k in 0...trials {
            if k > 0 { pmf *= Double(trials - k + 1) / Double(k) * probability / (1 - probability) }
            let observed = Double(counts[k]) / Double(draws), error = (pmf * (1 - pmf) / Double(draws)).squareRoot()
            #expect(abs(observed - pmf) <= 5 * error + 1e-9, "P(X = \(k)) of B(\(trials), \(probability)): \(observed) against \(pmf)")
        }
    }

    @Test func binomialDrawsOfAMillionTrialsHaveItsMeanAndVariance() {
        var random = SeededRandom(seed: 4)
        let (n, p) = (1_000_000, 0.37)
        let draws = (0..<20_000).map { _ in Double(random.binomial(trials: n, probability: p)) }
        let mean = draws.reduce(0, +) / Double(draws.count)
        let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(draws.count - 1)
        let expected = Double(n) * p * (1 - p)
        #expect(abs(mean - Double(n) * p) < 5 * (expected / Double(draws.count)).squareRoot())
        #expect(abs(variance / expected - 1) < 0.05)
        #expect(random.binomial(trials: 0, probability: 0.5) == 0 && random.binomial(trials: 9, probability: 1) == 9
            && random.binomial(trials: 9, probability: 0) == 0)
    }

    @Test func moreDocumentsNarrowTheInterval() throws {
        var random = SeededRandom(seed: 5)
        func scores(_ count: Int) -> [F1Score] {
            (0..<count).map { _ in
                let spans = 5 + random.uniform(below: 10)
                return F1Score(matched: spans - random.uniform(below: 3), countA: spans, countB: spans)
            }
        }
        let few = try #require(Bootstrap.microF1(scores(20))), many = try #require(Bootstrap.microF1(scores(500)))
        #expect(many.width < few.width / 3)
    }

    @Test func uniformDrawsAreInRangeAndEven() {
        var random = SeededRandom(seed: 9)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<20_000 { counts[random.uniform(below: 10)] += 1 }
        // Chi-square with 9 degrees of freedom: 27.9 is its 99.9th percentile.
        let chiSquare = counts.reduce(0.0) { $0 + pow2(Double($1) - 2000) / 2000 }
        #expect(chiSquare < 27.9)
        var again = SeededRandom(seed: 9)
        var replay = [Int](repeating: 0, count: 10)
        for _ in 0..<20_000 { replay[again.uniform(below: 10)] += 1 }
        #expect(replay == counts)
        #expect((0..<1000).allSatisfy { _ in random.uniform(below: 1) == 0 })
    }
}

private func pow2(_ x: Double) -> Double { x * x }

@Suite struct GoldComparisonTests {
    private let text = Array("one two three four five six".unicodeScalars)  // 27 code points

    private func compare(_ machine: [Span], _ gold: [Span]) -> GoldComparison {
        GoldComparison(machine: machine, gold: gold, text: text)
    }

    private func span(_ start: Int, _ end: Int, _ label: String, depth: Int = 0) -> Span {
        Span(start: start, end: end, label: label, depth: depth)
    }

    /// A machine whose spans are the gold is counted without matching them: the same figures as
    /// matching every span, on every document of a generated corpus (nested quotes included), in
    /// any order, and where the shortcut does not apply (crossing, empty or twin spans).
    @Test func unchangedSpansCountAsMatchingThemWould() {
        for document in DecodingSchemas.corpus(seed: 7, count: 200).map(\.annotated) {
            for spans in [document.spans, document.spans.reversed()] {
                #expect(GoldComparison(machine: spans, gold: document.spans, text: document.scalars)
                        == GoldComparison.matchingEverySpan(machine: spans, gold: document.spans, text: document.scalars))
            }
        }
        for spans in [[], [span(0, 13, "human"), span(0, 13, "ai", depth: 1)], [span(0, 10, "human"), span(5, 20, "human")],
                      [span(0, 0, "human"), span(3, 9, "ai")], [span(0, 27, "ai"), span(4, 7, "quote", depth: 1), span(4, 9, "quote", depth: 1)]] {
            #expect(compare(spans, spans) == GoldComparison.matchingEverySpan(machine: spans, gold: spans, text: text), "\(spans)")
        }
    }

    @Test func aPerfectMachineHasNoErrors() {
        let gold = [span(0, 13, "human"), span(14, 27, "ai"), span(19, 23, "quote", depth: 1)]
        let result = compare(gold, gold)
        #expect(result.exact.f1 == 1 && result.overlap.f1 == 1)
        #expect(result.errors.correct == 3 && result.errors.pairs == 3)
        for kind in SpanErrors.Kind.allCases { #expect(result.errors.proportion(kind).count == 0) }
        #expect(result.shifts.codePoints == [0: 6] && result.shifts.words == [0: 6])
        #expect(result.confusion.count("quote", "quote") == 4)
        #expect(result.confusion.count("ai", "ai") == 9)
        #expect(result.confusion.count(CharacterLabels.none, CharacterLabels.none) == 1)
    }

    @Test func missedAndSpuriousSpans() {
        let result = compare([span(0, 3, "human"), span(14, 18, "ai")], [span(0, 3, "human"), span(8, 13, "ai")])
        #expect(result.errors.missed == 1 && result.errors.spurious == 1)
        #expect(result.exact == F1Score(matched: 1, countA: 2, countB: 2))
        #expect(result.errors.proportion(.missed) == (1, 2))
        // The missed span's five code points are text the machine left outside every span.
        #expect(result.errors.outsideCodePoints == 5 && result.errors.outsideStretches == 1)
        #expect(result.errors.goldCodePoints == 8)
    }

    @Test func wrongLabelsAndTheirCodePoints() {
        let result = compare([span(0, 7, "ai"), span(8, 13, "ai")], [span(0, 7, "human"), span(8, 13, "ai")])
        #expect(result.errors.wrongLabel == 1 && result.errors.boundaryMoved == 0 && result.errors.correct == 1)
        #expect(result.exact.f1 == 0.5 && result.overlap.f1 == 0.5)
        #expect(result.confusion.count("human", "ai") == 7)
        #expect(result.errors.proportion(.wrongLabel) == (1, 2))
    }

    @Test func aMovedBoundaryIsMeasuredInCodePointsAndWords() {
        // Gold: "one two three" (0-13); the machine stops after "one t" (0-5).
        let result = compare([span(0, 5, "human")], [span(0, 13, "human")])
        #expect(result.errors.boundaryMoved == 1 && result.errors.correct == 0)
        #expect(result.exact.f1 == 0 && result.overlap.f1 == 1)
        #expect(result.shifts.codePoints == [0: 1, -8: 1])
        #expect(result.shifts.words == [0: 1, -2: 1])  // "two" (partly) and "three"
        #expect(result.errors.outsideCodePoints == 7 && result.errors.outsideStretches == 1)  // "wo three" less its space
    }

    @Test func aBoundaryMovedBetweenTouchingSpans() {
        // Gold: human "one two " | ai "three four"; the machine gives "three" to the human.
        let result = compare([span(0, 13, "human"), span(14, 18, "ai")], [span(0, 8, "human"), span(8, 18, "ai")])
        #expect(result.errors.pairs == 2 && result.errors.boundaryMoved == 2)
        #expect(result.errors.split == 0 && result.errors.merged == 0 && result.errors.missed == 0)
        #expect(result.shifts.codePoints == [0: 2, 5: 1, 6: 1])
        #expect(result.shifts.words == [0: 2, 1: 2])
        #expect(result.confusion.count("ai", "human") == 5)
    }

    @Test func splitsAndMerges() {
        let split = compare([span(0, 7, "ai"), span(8, 13, "ai")], [span(0, 13, "ai")])
        #expect(split.errors.split == 1 && split.errors.boundaryMoved == 0 && split.errors.spurious == 0)
        #expect(split.shifts.count == 0)
        #expect(split.errors.proportion(.split) == (1, 1))

        let merged = compare([span(0, 18, "human")], [span(0, 7, "human"), span(8, 13, "human"), span(14, 18, "ai")])
        #expect(merged.errors.merged == 1 && merged.errors.missed == 0 && merged.errors.pairs == 1)
        #expect(merged.errors.proportion(.merged) == (1, 1))
    }

    @Test func nestedSpansAreComparedAtTheirOwnLevel() {
        let gold = [span(0, 27, "ai"), span(8, 13, "quote", depth: 1)]
        let result = compare([span(0, 27, "ai")], gold)
        #expect(result.errors.missed == 1 && result.errors.correct == 1)
        #expect(result.confusion.count("quote", "ai") == 5)
    }

    @Test func documentsAddUp() {
        let a = compare([span(0, 5, "human")], [span(0, 13, "human")])
        let b = compare([span(0, 7, "ai")], [span(0, 7, "human")])
        let sum = a + b
        #expect(sum.documents == 2)
        #expect(sum.errors.boundaryMoved == 1 && sum.errors.wrongLabel == 1 && sum.errors.pairs == 2)
        #expect(sum.exact == a.exact + b.exact)
        #expect(sum.confusion.count("human", "ai") == 7)
        #expect(sum.shifts.codePoints[0] == 3)
        for kind in SpanErrors.Kind.allCases {
            let (x, y) = (a.errors.proportion(kind), b.errors.proportion(kind))
            #expect(sum.errors.proportion(kind) == (x.count + y.count, x.of + y.of), "\(kind)")
        }
        #expect(sum.errors.correct == a.errors.correct + b.errors.correct)
        #expect(sum.errors.outsideStretches == a.errors.outsideStretches + b.errors.outsideStretches && sum.errors.outsideStretches == 1)
    }
}

/// A machine that writes planted errors at a known rate: the figures must find the rate.
@Suite struct PlantedErrorTests {
    /// Gold documents of the generated corpus, and a machine version with each span relabelled
    /// with probability `labelRate` and each top-level span's end pulled back a word with
    /// probability `boundaryRate`.
    private func machineRun(documents: [AnnotatedText], labelRate: Double, boundaryRate: Double, seed: UInt64) -> [GoldComparison] {
        var random = SeededRandom(seed: seed)
        func chance(_ rate: Double) -> Bool { Double(random.uniform(below: 1_000_000)) < rate * 1_000_000 }
        return documents.map { gold in
            let machine = gold.spans.map { span -> Span in
                var span = span
                if chance(labelRate) { span.label = span.label == "human" ? "ai" : span.label == "ai" ? "human" : "ai" }
                // Pulled back to its last space, where no nested span reaches past it.
                if span.depth == 0, chance(boundaryRate), let cut = gold.scalars[span.start..<span.end].lastIndex(of: " "), cut > span.start + 1,
                   !gold.spans.contains(where: { $0.depth > 0 && span.start <= $0.start && $0.start < span.end && $0.end > cut }) {
                    span.end = cut
                }
                return span
            }
            return GoldComparison(machine: machine, gold: gold.spans, text: gold.scalars)
        }
    }

    private let gold = DecodingSchemas.corpus(seed: 31, count: 420).map(\.annotated)

    /// One of ten blocks of 40 documents.
    private func block(_ run: Int) -> [AnnotatedText] {
        Array(gold[(run % 10 * 40)..<(run % 10 * 40 + 40)])
    }

    @Test func aPlantedLabelErrorRateLiesInItsIntervalNineteenTimesInTwenty() {
        var covered = 0
        let runs = 100
        for run in 0..<runs {
            let documents = block(run)
            let total = machineRun(documents: documents, labelRate: 0.08, boundaryRate: 0, seed: UInt64(run)).reduce(.zero, +)
            let (errors, pairs) = total.errors.proportion(.wrongLabel)
            #expect(pairs > 300)
            if ConfidenceInterval.wilson(successes: errors, trials: pairs).contains(0.08) { covered += 1 }
        }
        #expect(covered >= 88, "95% intervals covered the planted rate \(covered) times in \(runs)")
    }

    @Test func theBootstrapIntervalOfF1CoversTheTruth() throws {
        // With only labels wrong, exact F1 is the share of spans left alone: 1 - 0.1.
        var covered = 0
        for run in 0..<40 {
            let documents = block(run)
            let perDocument = machineRun(documents: documents, labelRate: 0.1, boundaryRate: 0, seed: UInt64(1000 + run)).map(\.exact)
            if try #require(Bootstrap.microF1(perDocument, resamples: 400, seed: UInt64(run))).contains(0.9) { covered += 1 }
        }
        #expect(covered >= 32, "covered \(covered) times in 40 (a percentile bootstrap over 40 documents covers a little under 95%)")
    }

    /// The report's interval (distinct figures counted per resample) covers the truth as the
    /// per-document bootstrap does.
    @Test func theReportsIntervalOfF1CoversTheTruth() throws {
        var covered = 0
        for run in 0..<40 {
            var accumulator = QualityAccumulator(fields: [.rewriter])
            for (index, comparison) in machineRun(documents: block(run), labelRate: 0.1, boundaryRate: 0, seed: UInt64(1000 + run)).enumerated() {
                accumulator.add(ReviewedDocument(id: "d\(index)", key: StratumKey(["\"rw\""]), length: 10, comparison: comparison))
            }
            if try #require(accumulator.report(seed: UInt64(run)).all[.f1Exact].interval).contains(0.9) { covered += 1 }
        }
        #expect(covered >= 32, "covered \(covered) times in 40")
    }

    @Test func twoRewritersAreToldApart() throws {
        let careful = machineRun(documents: gold, labelRate: 0.02, boundaryRate: 0.05, seed: 1).reduce(.zero, +)
        let sloppy = machineRun(documents: gold, labelRate: 0.12, boundaryRate: 0.3, seed: 2).reduce(.zero, +)
        for kind in [SpanErrors.Kind.wrongLabel, .boundaryMoved] {
            let (a, n) = careful.errors.proportion(kind), (b, m) = sloppy.errors.proportion(kind)
            #expect(ConfidenceInterval.wilson(successes: a, trials: n).upper < ConfidenceInterval.wilson(successes: b, trials: m).lower, "\(kind)")
        }
        let (carefulBoundaries, topLevel) = careful.errors.proportion(.boundaryMoved)
        #expect(ConfidenceInterval.wilson(successes: carefulBoundaries, trials: topLevel).upper < 0.1)
        let f1 = try #require(Bootstrap.microF1(machineRun(documents: gold, labelRate: 0.02, boundaryRate: 0.05, seed: 1).map(\.exact)))
        let sloppyF1 = try #require(Bootstrap.microF1(machineRun(documents: gold, labelRate: 0.12, boundaryRate: 0.3, seed: 2).map(\.exact)))
        #expect(sloppyF1.upper < f1.lower)
        #expect(sloppy.shifts.words.filter { $0.key < 0 }.values.reduce(0, +) == sloppy.errors.boundaryMoved)
    }
}
