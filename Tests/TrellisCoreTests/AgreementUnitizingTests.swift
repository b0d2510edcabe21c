import Testing
import TrellisCore

/// Krippendorff's unitizing alpha against the examples of Krippendorff (1995, 2004) as DKPro
/// Agreement tests them, hand-computed cases, and an independent brute-force evaluation.
@Suite struct AgreementUnitizingTests {
    typealias Unit = UnitizingAlpha.Unit

    /// Krippendorff (2004: 254), continuum 150..<450, two coders (DKPro's Krippendorff2004Test).
    private let book2004: [[Unit]] = [
        [Unit(start: 225, length: 70, category: "c"), Unit(start: 370, length: 30, category: "c"),
         Unit(start: 180, length: 60, category: "k"), Unit(start: 300, length: 50, category: "k")],
        [Unit(start: 220, length: 80, category: "c"), Unit(start: 355, length: 20, category: "c"), Unit(start: 400, length: 20, category: "c"),
         Unit(start: 180, length: 60, category: "k"), Unit(start: 300, length: 50, category: "k")],
    ]

    /// Krippendorff (1995: 57), four examples A–D on a continuum of 24, stretched by a factor
    /// (positions truncated as DKPro's Krippendorff1995Test does).
    private func paper1995(stretch: Double) -> (length: Int, coders: [[Unit]]) {
        let raw: [[(Double, Double, String)]] = [
            [(2, 8, "A"), (14, 6, "A"), (0, 18, "B"), (2, 6, "C"), (10, 2, "C"), (14, 4, "C"), (20, 2, "C"),
             (0, 2, "D"), (2, 8, "D"), (10, 4, "D"), (14, 6, "D"), (20, 4, "D")],
            [(4, 4, "A"), (15, 2, "A"), (0, 2, "B"), (2, 1, "B"), (3, 1, "B"), (4, 1, "B"), (5, 1, "B"), (6, 3, "B"), (9, 1, "B"),
             (0, 2, "C"), (4, 4, "C"), (10, 4, "C"), (16, 2, "C"), (20, 2, "C"),
             (0, 4, "D"), (4, 4, "D"), (8, 7, "D"), (15, 2, "D"), (17, 7, "D")],
        ]
        let coders = raw.map { $0.map { Unit(start: Int($0.0 * stretch), length: Int($0.1 * stretch), category: $0.2) } }
        return (Int(24 * stretch), coders)
    }

    @Test func matchesKrippendorff2004() throws {
        let c = UnitizingAlpha.disagreements(begin: 150, length: 300, coders: book2004, category: "c")
        #expect(abs(c.observed - 0.0144) < 0.00005)
        #expect(abs(c.expected - 0.0532) < 0.00005)
        #expect(abs(try #require(UnitizingAlpha.compute(begin: 150, length: 300, coders: book2004, category: "c")) - 0.7286) < 0.00005)
        let k = UnitizingAlpha.disagreements(begin: 150, length: 300, coders: book2004, category: "k")
        #expect(k.observed == 0)
        #expect(abs(k.expected - 0.0490) < 0.00005)
        #expect(UnitizingAlpha.compute(begin: 150, length: 300, coders: book2004, category: "k") == 1)
        // Overall 0.8591 = 1 − 0.0144/(0.0532 + 0.0490) from the rounded figures; unrounded 0.8587.
        #expect(abs(try #require(UnitizingAlpha.compute(begin: 150, length: 300, coders: book2004)) - 0.859) < 0.0005)
    }

    /// δ² of single pairs from the 2004 example (50, 850; a unit of 20 inside a gap: 400): with
    /// one unit per coder, Dₒ = δ²/L² for two coders.
    @Test func distancesOfKrippendorff2004() {
        func observed(_ first: [Unit], _ second: [Unit]) -> Double {
            UnitizingAlpha.disagreements(begin: 150, length: 300, coders: [first, second], category: "c").observed * 300 * 300
        }
        #expect(abs(observed([Unit(start: 225, length: 70, category: "c")], [Unit(start: 220, length: 80, category: "c")]) - 50) < 1e-9)
        #expect(abs(observed([Unit(start: 370, length: 30, category: "c")], [Unit(start: 355, length: 20, category: "c")]) - 850) < 1e-9)
        #expect(abs(observed([], [Unit(start: 400, length: 20, category: "c")]) - 400) < 1e-9)
    }

    /// Observed disagreements of Krippendorff (1995: 57) on the original continuum of 24.
    @Test func matchesKrippendorff1995ObservedDisagreement() {
        let (length, coders) = paper1995(stretch: 1)
        for (category, expected) in [("A", 0.03125), ("B", 2.26736), ("C", 0.02777), ("D", 0.38715)] {
            #expect(abs(UnitizingAlpha.disagreements(length: length, coders: coders, category: category).observed - expected) < 0.00001, "\(category)")
        }
    }

    /// Krippendorff's (1995) expected disagreements and alphas assume a long continuum; DKPro
    /// checks them on the example stretched to 1,200,000 (Dₑ within 0.005, α within 0.02).
    @Test func approachesKrippendorff1995OnALongContinuum() throws {
        let (length, coders) = paper1995(stretch: 50_000)
        let published = [("A", 0.06990, 0.553), ("B", 1.17731, -0.926), ("C", 0.08642, 0.679), ("D", 0.41445, 0.066)]
        for (category, expected, alpha) in published {
            #expect(abs(UnitizingAlpha.disagreements(length: length, coders: coders, category: category).expected - expected) < 0.005, "\(category)")
            #expect(abs(try #require(UnitizingAlpha.compute(length: length, coders: coders, category: category)) - alpha) < 0.02, "\(category)")
        }
        // Stretched by ½ (L = 12), category C: Dₒ 0.02777, Dₑ 0.05494, α ≈ 0.494.
        let (short, halved) = paper1995(stretch: 0.5)
        let c = UnitizingAlpha.disagreements(length: short, coders: halved, category: "C")
        #expect(abs(c.observed - 0.02777) < 0.00001)
        #expect(abs(c.expected - 0.05494) < 0.00001)
        #expect(abs(try #require(UnitizingAlpha.compute(length: short, coders: halved, category: "C")) - 0.494) < 0.02)
    }

    /// DKPro's UnitizingAgreementTest: L = 10, -11111111- against --1-1-1---.
    @Test func matchesDKProSmallExample() throws {
        let coders = [[Unit(start: 1, length: 8, category: "A")], [2, 4, 6].map { Unit(start: $0, length: 1, category: "A") }]
        let a = UnitizingAlpha.disagreements(length: 10, coders: coders, category: "A")
        #expect(abs(a.observed - 0.9100) < 0.00005)
        #expect(abs(a.expected - 0.5351) < 0.0001, "0.53519 truncated")
        #expect(abs(try #require(UnitizingAlpha.compute(length: 10, coders: coders)) + 0.7003) < 0.00005)
    }

    /// One unit of length 1 by one of three coders on L = 20: Dₒ = 2·(1 + 1)/(3·2·400) and
    /// Dₑ = (2/20)·1·(19 + 20 + 20)/(60·59), which are equal, so ᵤα = 0 (as DKPro has it).
    @Test func handComputedSingleUnit() throws {
        let coders = [[Unit(start: 0, length: 1, category: "X")], [], []]
        let d = UnitizingAlpha.disagreements(length: 20, coders: coders, category: "X")
        #expect(abs(d.observed - 4.0 / 2400) < 1e-15)
        #expect(abs(d.expected - 0.1 * 59 / 3540) < 1e-15)
        #expect(abs(try #require(UnitizingAlpha.compute(length: 20, coders: coders))) < 1e-12)
    }

    /// Two coders, L = 10: [2, 6) against [3, 6). Dₒ = 2·(1² + 0²)/(2·1·100) = 0.01 (neither
    /// unit lies within a gap of the other coder); N = 2 units, gaps of 2, 4 and 3, 4.
    @Test func handComputedTwoUnits() throws {
        let coders = [[Unit(start: 2, length: 4, category: "x")], [Unit(start: 3, length: 3, category: "x")]]
        let d = UnitizingAlpha.disagreements(length: 10, coders: coders, category: "x")
        #expect(abs(d.observed - 0.01) < 1e-15)
        // Unit of 4: (2·64 − 48 + 4)/3 = 28, fits gaps 4, 4 once each: 16·2 = 32 → 60.
        // Unit of 3: (54 − 27 + 3)/3 = 10, fits gaps 4, 4, 3: 9·(2 + 2 + 1) = 45 → 55.
        // Denominator 20·19 − (4·3 + 3·2) = 362; Dₑ = 0.2·115/362.
        let expected: Double = 0.2 * 115 / 362
        #expect(abs(d.expected - expected) < 1e-15)
        let alpha = try #require(UnitizingAlpha.compute(length: 10, coders: coders))
        #expect(abs(alpha - (1 - 0.01 / expected)) < 1e-12)
    }

    @Test func edgeCases() throws {
        let one = [Unit(start: 2, length: 3, category: "x")]
        #expect(UnitizingAlpha.compute(length: 10, coders: [[], []]) == nil, "no units at all")
        #expect(UnitizingAlpha.compute(length: 10, coders: [one, one], category: "y") == nil, "no unit of the category")
        #expect(UnitizingAlpha.compute(length: 10, coders: [one]) == nil, "one coder")
        #expect(UnitizingAlpha.compute(length: 0, coders: [one, one]) == nil, "empty continuum")
        #expect(UnitizingAlpha.compute(length: 10, coders: [one, one]) == 1, "identical units")
        #expect(UnitizingAlpha.compute(length: 10, coders: [one, one, one]) == 1)
        #expect(UnitizingAlpha.compute(length: 1, coders: [[Unit(start: 0, length: 1, category: "x")], [Unit(start: 0, length: 1, category: "x")]]) == nil,
                "a whole continuum of 1 leaves no expected disagreement: undefined")
        // Clipped to the continuum; empty units dropped; overlapping units of a coder merged.
        let outside = [Unit(start: -5, length: 8, category: "x"), Unit(start: 8, length: 10, category: "x"), Unit(start: 5, length: 0, category: "x")]
        let clipped = [Unit(start: 0, length: 3, category: "x"), Unit(start: 8, length: 2, category: "x")]
        let other = [Unit(start: 1, length: 3, category: "x")]
        #expect(UnitizingAlpha.compute(length: 10, coders: [outside, other]) == UnitizingAlpha.compute(length: 10, coders: [clipped, other]))
        let nested = [Unit(start: 1, length: 6, category: "x"), Unit(start: 2, length: 2, category: "x"), Unit(start: 5, length: 4, category: "x")]
        let merged = [Unit(start: 1, length: 8, category: "x")]
        #expect(UnitizingAlpha.compute(length: 10, coders: [nested, other]) == UnitizingAlpha.compute(length: 10, coders: [merged, other]))
        // Adjacent units stay apart.
        let split = [Unit(start: 1, length: 3, category: "x"), Unit(start: 4, length: 3, category: "x")]
        #expect(UnitizingAlpha.compute(length: 10, coders: [split, [Unit(start: 1, length: 6, category: "x")]])! < 1)
    }

    @Test func spansGiveTheSameAsUnits() throws {
        let spans = [
            [Span(start: 0, end: 5, label: "human"), Span(start: 6, end: 12, label: "ai"), Span(start: 7, end: 9, label: "quote", depth: 1)],
            [Span(start: 0, end: 6, label: "human"), Span(start: 6, end: 12, label: "ai")],
        ]
        let units = spans.map { $0.map { Unit(start: $0.start, length: $0.length, category: $0.label) } }
        #expect(UnitizingAlpha.compute(continuumLength: 12, coders: spans) == UnitizingAlpha.compute(length: 12, coders: units))
        #expect(UnitizingAlpha.compute(continuumLength: 12, coders: spans, label: "ai") == 1)
        #expect(UnitizingAlpha.compute(continuumLength: 12, coders: spans, label: "quote") != nil)
        #expect(UnitizingAlpha.compute(continuumLength: 12, coders: [spans[0], spans[0]]) == 1)
    }

    /// The library walks both coders' sections together and sums closed forms; this recomputes Dₒ
    /// from every pair of sections built from a coverage array, and Dₑ by enumerating the
    /// placements its sums count, on random unitizations.
    @Test func agreesWithABruteForceEvaluation() throws {
        var random = SeededRandom(seed: 2004)
        for _ in 0..<300 {
            let length = Int.random(in: 1...40, using: &random), begin = Int.random(in: -5...5, using: &random)
            let coders: [[Unit]] = (0..<Int.random(in: 2...4, using: &random)).map { _ in
                var units: [Unit] = [], position = begin
                while position < begin + length, Int.random(in: 0..<4, using: &random) > 0 {
                    let start = position + Int.random(in: 0...6, using: &random)
                    let end = min(begin + length, start + Int.random(in: 1...8, using: &random))
                    if start < end { units.append(Unit(start: start, length: end - start, category: ["x", "y"].randomElement(using: &random)!)) }
                    position = end
                }
                return units
            }
            for category in ["x", "y"] {
                let fast = UnitizingAlpha.disagreements(begin: begin, length: length, coders: coders, category: category)
                let slow = BruteForceUnitizing(begin: begin, length: length, coders: coders, category: category)
                #expect(abs(fast.observed - slow.observed) <= 1e-12 * max(1, slow.observed))
                #expect(abs(fast.expected - slow.expected) <= 1e-12 * max(1, slow.expected))
            }
            if let alpha = UnitizingAlpha.compute(begin: begin, length: length, coders: coders) {
                #expect(alpha <= 1)
                #expect(UnitizingAlpha.compute(begin: begin, length: length, coders: [coders[0], coders[0]]).map { $0 == 1 } ?? true)
            }
        }
    }
}

/// Krippendorff's Dₒ and Dₑ for one category, evaluated the slow way (non-overlapping units).
private struct BruteForceUnitizing {
    var observed = 0.0, expected = 0.0

    /// A run of equal coverage: a unit (true) or a gap (false).
    struct Section { var start: Int, end: Int, isUnit: Bool }

    init(begin: Int, length: Int, coders: [[UnitizingAlpha.Unit]], category: String) {
        // Sections from a per-position array of unit ids (-1 in gaps).
        let sections: [[Section]] = coders.map { units in
            var owner = [Int](repeating: -1, count: length)
            for (id, unit) in units.enumerated() where unit.category == category {
                for position in unit.start..<(unit.start + unit.length) { owner[position - begin] = id }
            }
            var result: [Section] = []
            for (offset, id) in owner.enumerated() {
                if let last = result.last, owner[last.start - begin] == id { result[result.count - 1].end += 1 } else {
                    result.append(Section(start: begin + offset, end: begin + offset + 1, isUnit: id >= 0))
                }
            }
            return result
        }
        let m = Double(coders.count), l = Double(length)
        for i in sections.indices {
            for j in sections.indices where j != i {
                for g in sections[i] {
                    for h in sections[j] where g.start < h.end && h.start < g.end {
                        switch (g.isUnit, h.isUnit) {
                        case (true, true): observed += Double((g.start - h.start) * (g.start - h.start) + (g.end - h.end) * (g.end - h.end))
                        case (true, false) where h.start <= g.start && g.end <= h.end: observed += Double((g.end - g.start) * (g.end - g.start))
                        case (false, true) where g.start <= h.start && h.end <= g.end: observed += Double((h.end - h.start) * (h.end - h.start))
                        default: break
                        }
                    }
                }
            }
        }
        observed /= m * (m - 1) * l * l

        let units = sections.joined().filter(\.isUnit).map { $0.end - $0.start }
        let gaps = sections.joined().filter { !$0.isUnit }.map { $0.end - $0.start }
        var sum = 0.0, within = 0.0
        for u in units {
            within += Double(u * (u - 1))
            // (2u³ − 3u² + u)/3 = Σ_{d=1}^{u−1} 2d², once for each other unit.
            for d in stride(from: 1, to: u, by: 1) { sum += Double(units.count - 1) * Double(2 * d * d) }
            // u² for every place the unit fits within a gap.
            for gap in gaps where gap >= u {
                for _ in 0...(gap - u) { sum += Double(u * u) }
            }
        }
        expected = units.isEmpty ? 0 : 2 / l * sum / (m * l * (m * l - 1) - within)
    }
}
