import Testing
import TrellisCore

@Suite struct AgreementTests {
    /// Wikipedia's Cohen's kappa example: 50 proposals, yes/no, table 20 5 / 10 15 → κ = 0.4.
    @Test func cohenKappaMatchesTheTextbookExample() throws {
        let a = Array(repeating: "yes", count: 25) + Array(repeating: "no", count: 25)
        let b = Array(repeating: "yes", count: 20) + Array(repeating: "no", count: 5) + Array(repeating: "yes", count: 10) + Array(repeating: "no", count: 15)
        let kappa = try #require(CohenKappa.compute(a, b))
        #expect(abs(kappa - 0.4) < 1e-9)
        #expect(CohenKappa.compute(b, a) == kappa, "symmetric")
        #expect(CohenKappa.compute(a, a) == 1)
        #expect(CohenKappa.compute(["x", "x"], ["x", "x"]) == nil, "no variation: undefined")
        #expect(CohenKappa.compute(["x"], ["x", "y"]) == nil)
    }

    /// Krippendorff (1995) example A, digitised per position, as DKPro checks it: κ = 0.385.
    @Test func cohenKappaMatchesKrippendorff1995DigitisedExample() throws {
        let bertha = [0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
        let bill = [0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]
        #expect(abs(try #require(CohenKappa.compute(bertha, bill)) - 0.385) < 0.001)
        #expect(abs(try #require(KrippendorffAlpha.compute([bertha.map { $0 }, bill.map { $0 }], metric: .nominal)) - 0.329) < 0.001)
    }

    /// Wikipedia's Fleiss' kappa example: 10 items, 14 raters, 5 categories → κ ≈ 0.210.
    @Test func fleissKappaMatchesTheWorkedExample() throws {
        let table = [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ]
        let items = table.map { row in Dictionary(uniqueKeysWithValues: row.enumerated().map { ($0.offset, $0.element) }) }
        #expect(abs(try #require(FleissKappa.compute(items)) - 0.210) < 0.001)
        #expect(FleissKappa.compute([["a": 2], ["a": 3]]) == nil, "raters per item must agree")
        #expect(FleissKappa.compute([["a": 3], ["b": 3]]) == 1)
    }

    /// Krippendorff (2011), 4 coders × 12 units with missing values.
    @Test func krippendorffAlphaMatchesThePublishedExample() throws {
        let data: [[Int?]] = [
            [1, 2, 3, 3, 2, 1, 4, 1, 2, nil, nil, nil],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nil, 3],
            [nil, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nil],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nil],
        ]
        #expect(abs(try #require(KrippendorffAlpha.compute(data, metric: .nominal)) - 0.743) < 0.001)
        #expect(abs(try #require(KrippendorffAlpha.compute(data, metric: .ordinal)) - 0.815) < 0.001)
        #expect(abs(try #require(KrippendorffAlpha.compute(data, metric: .interval)) - 0.849) < 0.001)
        #expect(KrippendorffAlpha.compute([[1, 2, 3], [1, 2, 3]], metric: .ordinal) == 1)
        #expect(KrippendorffAlpha.compute([[1, nil], [nil, 2]], metric: .ordinal) == nil)
    }

    /// Krippendorff (2004: 254) as DKPro Agreement tests it: continuum 150..450, two coders.
    @Test func unitizingAlphaMatchesKrippendorff2004() throws {
        let coders = [
            [UnitizingAlpha.Unit(start: 225, length: 70, category: "c"), .init(start: 370, length: 30, category: "c"),
             .init(start: 180, length: 60, category: "k"), .init(start: 300, length: 50, category: "k")],
            [.init(start: 220, length: 80, category: "c"), .init(start: 355, length: 20, category: "c"), .init(start: 400, length: 20, category: "c"),
             .init(start: 180, length: 60, category: "k"), .init(start: 300, length: 50, category: "k")],
        ]
        let c = UnitizingAlpha.disagreements(begin: 150, length: 300, coders: coders, category: "c")
        #expect(abs(c.observed - 0.0144) < 0.0001)
        #expect(abs(c.expected - 0.0532) < 0.0001)
        #expect(abs(try #require(UnitizingAlpha.compute(begin: 150, length: 300, coders: coders, category: "c")) - 0.7286) < 0.0001)
        let k = UnitizingAlpha.disagreements(begin: 150, length: 300, coders: coders, category: "k")
        #expect(k.observed == 0)
        #expect(abs(k.expected - 0.0490) < 0.0001)
        #expect(abs(try #require(UnitizingAlpha.compute(begin: 150, length: 300, coders: coders)) - 0.8591) < 0.0005)
    }

    /// Krippendorff (1995: 57) observed disagreements, per DKPro Agreement.
    @Test func unitizingAlphaMatchesKrippendorff1995ObservedDisagreement() {
        typealias U = UnitizingAlpha.Unit
        let coders: [[U]] = [
            [U(start: 2, length: 8, category: "A"), U(start: 14, length: 6, category: "A"), U(start: 0, length: 18, category: "B"),
             U(start: 2, length: 6, category: "C"), U(start: 10, length: 2, category: "C"), U(start: 14, length: 4, category: "C"), U(start: 20, length: 2, category: "C")],
            [U(start: 4, length: 4, category: "A"), U(start: 15, length: 2, category: "A"),
             U(start: 0, length: 2, category: "B"), U(start: 2, length: 1, category: "B"), U(start: 3, length: 1, category: "B"), U(start: 4, length: 1, category: "B"),
             U(start: 5, length: 1, category: "B"), U(start: 6, length: 3, category: "B"), U(start: 9, length: 1, category: "B"),
             U(start: 0, length: 2, category: "C"), U(start: 4, length: 4, category: "C"), U(start: 10, length: 4, category: "C"), U(start: 16, length: 2, category: "C"), U(start: 20, length: 2, category: "C")],
        ]
        for (category, expected) in [("A", 0.03125), ("B", 2.26736), ("C", 0.02777)] {
            #expect(abs(UnitizingAlpha.disagreements(length: 24, coders: coders, category: category).observed - expected) < 0.00001, "\(category)")
        }
        #expect(UnitizingAlpha.compute(length: 24, coders: [coders[0], coders[0]]) == 1)
    }

    @Test func spanMatchingExactAndOverlapping() {
        let a = [Span(start: 0, end: 10, label: "ai"), Span(start: 12, end: 20, label: "human"), Span(start: 21, end: 30, label: "ai")]
        let b = [Span(start: 0, end: 10, label: "ai"), Span(start: 11, end: 20, label: "human"), Span(start: 21, end: 30, label: "human")]
        let exact = SpanAgreement.exact(a, b)
        #expect(exact.matched == 1)
        #expect(abs(exact.f1 - 1.0 / 3) < 1e-9)
        let overlap = SpanAgreement.overlap(a, b)
        #expect(overlap.matched == 2)
        #expect(abs(overlap.f1 - 2.0 / 3) < 1e-9)
        #expect(SpanAgreement.exact([], []).f1 == 1)
        #expect(SpanAgreement.overlap([Span(start: 0, end: 10, label: "ai")], [Span(start: 0, end: 4, label: "ai"), Span(start: 5, end: 10, label: "ai")]).matched == 1)
    }

    @Test func characterLabelsTakeTheInnermostSpan() {
        let labels = CharacterLabels.labels(spans: [Span(start: 1, end: 6, label: "ai"), Span(start: 2, end: 4, label: "quote", depth: 1)], length: 7)
        #expect(labels == ["none", "ai", "quote", "quote", "ai", "ai", "none"])
        var matrix = ConfusionMatrix()
        for (x, y) in zip(labels, CharacterLabels.labels(spans: [Span(start: 0, end: 7, label: "ai")], length: 7)) { matrix.add(x, y) }
        #expect(matrix.count("quote", "ai") == 2)
        #expect(matrix.labels == ["ai", "quote", "none"])
    }
}
