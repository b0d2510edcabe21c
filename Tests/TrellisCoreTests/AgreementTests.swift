import Testing
import TrellisCore

/// Cohen's and Fleiss' kappa and Krippendorff's alpha against published examples, hand-computed
/// cases, edge cases and properties.
@Suite struct AgreementTests {
    /// Rows of a contingency table spelled out as two coders' label lists.
    private func codings(_ cells: [(String, String, Int)]) -> ([String], [String]) {
        (cells.flatMap { Array(repeating: $0.0, count: $0.2) }, cells.flatMap { Array(repeating: $0.1, count: $0.2) })
    }

    /// Wikipedia's Cohen's kappa example: 50 proposals, yes/no, table 20 5 / 10 15 → κ = 0.4.
    @Test func cohenKappaMatchesTheWikipediaExample() throws {
        let (a, b) = codings([("yes", "yes", 20), ("yes", "no", 5), ("no", "yes", 10), ("no", "no", 15)])
        #expect(abs(try #require(CohenKappa.compute(a, b)) - 0.4) < 1e-12)
        #expect(abs(try #require(CohenKappa.compute(ConfusionMatrix(a, b))) - 0.4) < 1e-12)
    }

    /// Cohen (1960: 45), 200 items, 3 categories: pₒ = 0.70, pₑ = 0.41, κ = 0.492.
    @Test func cohenKappaMatchesCohen1960() throws {
        let (a, b) = codings([
            ("1", "1", 88), ("1", "2", 14), ("1", "3", 18), ("2", "1", 10), ("2", "2", 40), ("2", "3", 10),
            ("3", "1", 2), ("3", "2", 6), ("3", "3", 12),
        ])
        #expect(abs(try #require(CohenKappa.compute(a, b)) - 0.492) < 0.0005)
    }

    /// Krippendorff (1995: 57) examples A and C digitised per position (as DKPro Agreement checks
    /// them): Cohen's κ 0.385 and 0.314, Scott's π (= Fleiss' κ for two raters) 0.314 for both,
    /// Krippendorff's nominal α 0.329 for A.
    @Test func matchesKrippendorff1995DigitisedExamples() throws {
        let bertha = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
        let bill = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]
        let gerret = [0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0]
        let gill = [1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0]
        func scott(_ a: [Int], _ b: [Int]) -> Double? { FleissKappa.compute(zip(a, b).map { $0 == $1 ? [$0: 2] : [$0: 1, $1: 1] }) }
        #expect(abs(try #require(CohenKappa.compute(bertha, bill)) - 0.385) < 0.0005)
        #expect(abs(try #require(CohenKappa.compute(gerret, gill)) - 0.314) < 0.0005)
        #expect(abs(try #require(scott(bertha, bill)) - 0.314) < 0.0005)
        #expect(abs(try #require(scott(gerret, gill)) - 0.314) < 0.0005)
        #expect(abs(try #require(KrippendorffAlpha.compute([bertha, bill], metric: .nominal)) - 0.329) < 0.0005)
    }

    @Test func cohenKappaHandComputedCases() throws {
        // pₒ = 3/4; marginals (1/2, 1/2) and (1/4, 3/4): pₑ = 1/2, κ = 1/2.
        #expect(abs(try #require(CohenKappa.compute(["x", "x", "y", "y"], ["x", "y", "y", "y"])) - 0.5) < 1e-12)
        #expect(CohenKappa.compute(["x", "y"], ["y", "x"]) == -1)
        #expect(CohenKappa.compute(["x", "x"], ["y", "y"]) == 0, "pₑ = 0: defined, no agreement")
        #expect(CohenKappa.compute([1, 2, 3], [1, 2, 3]) == 1)
    }

    @Test func cohenKappaEdgeCases() {
        #expect(CohenKappa.compute([String](), []) == nil, "no items")
        #expect(CohenKappa.compute(["x"], ["x", "y"]) == nil, "lengths differ")
        #expect(CohenKappa.compute(["x", "x"], ["x", "x"]) == nil, "one category throughout: pₑ = 1, undefined")
        #expect(CohenKappa.compute(ConfusionMatrix()) == nil)
    }

    @Test func cohenKappaIsSymmetricAndAtMostOne() throws {
        var random = SeededRandom(seed: 7)
        let labels = ["human", "ai", "quote", "none"]
        for _ in 0..<200 {
            let count = Int.random(in: 1...30, using: &random)
            let a = (0..<count).map { _ in labels.randomElement(using: &random)! }
            let b = a.map { Int.random(in: 0..<3, using: &random) == 0 ? labels.randomElement(using: &random)! : $0 }
            guard let kappa = CohenKappa.compute(a, b) else { continue }
            #expect(abs(kappa - CohenKappa.compute(b, a)!) < 1e-12)
            #expect(kappa <= 1 + 1e-12)
            if Set(a).count > 1 { #expect(CohenKappa.compute(a, a) == 1) }
        }
    }

    /// Wikipedia's Fleiss' kappa example: 10 items, 14 raters, 5 categories → κ ≈ 0.210.
    @Test func fleissKappaMatchesTheWikipediaExample() throws {
        let table = [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ]
        let items = table.map { row in Dictionary(uniqueKeysWithValues: row.enumerated().map { ($0.offset, $0.element) }) }
        #expect(abs(try #require(FleissKappa.compute(items)) - 0.210) < 0.0005)
    }

    /// Fleiss (1971: 379): 30 subjects, 6 raters, 5 diagnoses → P̄ = 0.5556, P̄ₑ = 0.2201, κ = 0.430.
    @Test func fleissKappaMatchesFleiss1971() throws {
        let ratings = [
            [4, 4, 4, 4, 4, 4], [2, 2, 2, 5, 5, 5], [2, 3, 3, 3, 3, 5], [5, 5, 5, 5, 5, 5], [2, 2, 2, 4, 4, 4],
            [1, 1, 3, 3, 3, 3], [3, 3, 3, 3, 5, 5], [1, 1, 3, 3, 3, 4], [1, 1, 4, 4, 4, 4], [5, 5, 5, 5, 5, 5],
            [1, 4, 4, 4, 4, 4], [1, 2, 4, 4, 4, 4], [2, 2, 2, 3, 3, 3], [1, 4, 4, 4, 4, 4], [2, 2, 4, 4, 4, 5],
            [3, 3, 3, 3, 3, 5], [1, 1, 1, 4, 5, 5], [1, 1, 1, 1, 1, 2], [2, 2, 4, 4, 4, 4], [1, 3, 3, 5, 5, 5],
            [5, 5, 5, 5, 5, 5], [2, 4, 4, 4, 4, 4], [2, 2, 4, 5, 5, 5], [1, 1, 4, 4, 4, 4], [1, 4, 4, 4, 4, 5],
            [2, 2, 2, 2, 2, 4], [1, 1, 1, 1, 5, 5], [2, 2, 4, 4, 4, 4], [1, 3, 3, 3, 3, 3], [5, 5, 5, 5, 5, 5],
        ]
        let items = ratings.map { Dictionary($0.map { ($0, 1) }, uniquingKeysWith: +) }
        #expect(abs(try #require(FleissKappa.compute(items)) - 0.430) < 0.0005)
    }

    @Test func fleissKappaHandComputedAndEdgeCases() throws {
        // P̄ = (1 + 0)/2; p = (3/4, 1/4): P̄ₑ = 10/16; κ = (1/2 − 5/8)/(3/8) = −1/3.
        #expect(abs(try #require(FleissKappa.compute([["a": 2], ["a": 1, "b": 1]])) + 1.0 / 3) < 1e-12)
        #expect(FleissKappa.compute([["a": 3], ["b": 3]]) == 1)
        #expect(FleissKappa.compute([["a": 3, "b": 0], ["b": 3]]) == 1, "zero counts are harmless")
        #expect(FleissKappa.compute([[String: Int]]()) == nil, "no items")
        #expect(FleissKappa.compute([["a": 2], ["a": 3]]) == nil, "raters per item must agree")
        #expect(FleissKappa.compute([["a": 1]]) == nil, "two raters at least")
        #expect(FleissKappa.compute([["a": 3, "b": -1]]) == nil, "negative count")
        #expect(FleissKappa.compute([["a": 2], ["a": 2]]) == nil, "one category throughout: undefined")
        var accumulator = FleissKappa.Accumulator<String>()
        let added = [accumulator.add(["a": 2]), accumulator.add(["a": 3]), accumulator.add(["a": 1, "b": 1])]
        #expect(added == [true, false, true], "a different number of raters is rejected and nothing added")
        #expect(abs(try #require(accumulator.kappa) + 1.0 / 3) < 1e-12)
    }

    /// Krippendorff (2011), 4 coders × 12 units with missing values: α = 0.743 (nominal),
    /// 0.815 (ordinal), 0.849 (interval).
    @Test func krippendorffAlphaMatchesKrippendorff2011() throws {
        let data: [[Int?]] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
            [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
        ]
        #expect(abs(try #require(KrippendorffAlpha.compute(data, metric: .nominal)) - 0.743) < 0.0005)
        #expect(abs(try #require(KrippendorffAlpha.compute(data, metric: .ordinal)) - 0.815) < 0.0005)
        #expect(abs(try #require(KrippendorffAlpha.compute(data, metric: .interval)) - 0.849) < 0.0005)
    }

    /// Hayes & Krippendorff (2007: 84), 5 observers × 40 units on a 0–3 scale: ordinal α = 0.7598.
    @Test func krippendorffAlphaMatchesHayesKrippendorff2007() throws {
        let units: [[Int?]] = [
            [1, 1, 2, nil, 2], [1, 1, 0, 1, nil], [2, 3, 3, 3, nil], [nil, 0, 0, nil, 0], [0, 0, 0, nil, 0],
            [0, 0, 0, nil, 0], [1, 0, 2, nil, 1], [1, nil, 2, 0, nil], [2, 2, 2, nil, 2], [2, 1, 1, 1, nil],
            [nil, 1, 0, 0, nil], [0, 0, 0, 0, nil], [1, 2, 2, 2, nil], [3, 3, 2, 2, 3], [1, 1, 1, nil, 1],
            [1, 1, 1, nil, 1], [2, 1, 2, nil, 2], [1, 2, 3, 3, nil], [1, 1, 0, 1, nil], [0, 0, 0, nil, 0],
            [0, 0, 1, 1, nil], [0, 0, nil, 0, 0], [2, 3, 3, 3, nil], [0, 0, 0, 0, nil], [1, 2, nil, 2, 2],
            [0, 1, 1, 1, nil], [0, 0, 0, 1, 0], [1, 2, 1, 2, nil], [1, 1, 2, 2, nil], [1, 1, 2, nil, 2],
            [1, 1, 0, nil, 0], [2, 1, 2, 1, nil], [2, 2, nil, 2, 2], [3, 2, 2, 2, nil], [2, 2, 2, nil, 2],
            [2, 2, 3, nil, 2], [2, 2, 2, nil, 2], [2, 2, nil, 1, 2], [2, 2, 2, 2, nil], [1, 1, 1, nil, 1],
        ]
        let data = (0..<5).map { coder in units.map { $0[coder] } }
        #expect(abs(try #require(KrippendorffAlpha.compute(data, metric: .ordinal)) - 0.7598) < 0.00005)
    }

    /// [1, 2, 3] against [1, 2, 4]: coincidences o₁₁ = o₂₂ = 2, o₃₄ = o₄₃ = 1; n = 6,
    /// n = (2, 2, 1, 1) for the values 1…4.
    @Test func krippendorffAlphaHandComputedCases() throws {
        let data: [[Int?]] = [[1, 2, 3], [1, 2, 4]]
        // Nominal: 1 − 5·2 / (36 − 10).
        #expect(abs(try #require(KrippendorffAlpha.compute(data, metric: .nominal)) - 16.0 / 26) < 1e-12)
        // Interval: 1 − 5·2 / 82, Σ n_c n_k (c − k)² = 82 over ordered pairs.
        #expect(abs(try #require(KrippendorffAlpha.compute(data, metric: .interval)) - 72.0 / 82) < 1e-12)
        // Ordinal: δ² = 4, 12.25, 20.25, 2.25, 6.25, 1 for (1,2) (1,3) (1,4) (2,3) (2,4) (3,4): 1 − 5·2 / 198.
        #expect(abs(try #require(KrippendorffAlpha.compute(data, metric: .ordinal)) - 188.0 / 198) < 1e-12)
        // A third coder's values weigh 1/(mᵤ − 1); a unit with one value does not count.
        let withMissing: [[Int?]] = [[1, 2, 3, 5], [1, 2, 4, nil], [nil, nil, nil, nil]]
        #expect(KrippendorffAlpha.compute(withMissing, metric: .ordinal) == KrippendorffAlpha.compute(data, metric: .ordinal))
    }

    @Test func krippendorffAlphaEdgeCases() {
        for metric in KrippendorffAlpha.Metric.allCases {
            #expect(KrippendorffAlpha.compute([[1, 2, 3], [1, 2, 3]], metric: metric) == 1, "perfect agreement")
            #expect(KrippendorffAlpha.compute([], metric: metric) == nil, "no coders")
            #expect(KrippendorffAlpha.compute([[1, 2, 3]], metric: metric) == nil, "one coder")
            #expect(KrippendorffAlpha.compute([[nil, nil], [nil, nil]], metric: metric) == nil, "all missing")
            #expect(KrippendorffAlpha.compute([[1, nil], [nil, 2]], metric: metric) == nil, "nothing pairable")
            #expect(KrippendorffAlpha.compute([[3, 3], [3, 3]], metric: metric) == nil, "one value: no variation")
            #expect(KrippendorffAlpha.compute([[1, 2], [1]], metric: metric) == nil, "rows differ in length")
        }
        #expect(KrippendorffAlpha.compute([[1, 2], [2, 1]], metric: .nominal)! < 0)
    }

    @Test func krippendorffAlphaIsAtMostOneAndOneForIdenticalCoders() throws {
        var random = SeededRandom(seed: 11)
        for _ in 0..<200 {
            let coders = Int.random(in: 2...5, using: &random), units = Int.random(in: 1...15, using: &random)
            let data: [[Int?]] = (0..<coders).map { _ in
                (0..<units).map { _ in Int.random(in: 0..<4, using: &random) == 0 ? nil : Int.random(in: 1...5, using: &random) }
            }
            for metric in KrippendorffAlpha.Metric.allCases {
                if let alpha = KrippendorffAlpha.compute(data, metric: metric) { #expect(alpha <= 1 + 1e-12) }
                let copies = Array(repeating: data[0], count: coders)
                if Set(data[0].compactMap { $0 }).count > 1 { #expect(abs(try #require(KrippendorffAlpha.compute(copies, metric: metric)) - 1) < 1e-12) }
            }
        }
    }
}
