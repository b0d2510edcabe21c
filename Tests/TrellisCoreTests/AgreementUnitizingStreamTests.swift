import Testing
import TrellisCore

/// ᵤα added up document by document equals ᵤα of the documents laid end to end in one continuum.
@Suite struct AgreementUnitizingStreamTests {
    typealias Unit = UnitizingAlpha.Unit

    /// Random documents for `coders` coders: empty documents, empty versions, units touching the
    /// edges, nested and overlapping units of one category, adjacent units, now and then a very
    /// long document (long gaps are counted apart from short ones).
    private func documents(coders: Int, using random: inout SeededRandom) -> [(length: Int, coders: [[Unit]])] {
        (0..<Int.random(in: 1...8, using: &random)).map { _ in
            let length = Int.random(in: 0...10, using: &random) == 0 ? Int.random(in: 0...70_000, using: &random) : Int.random(in: 0...40, using: &random)
            let units: [[Unit]] = (0..<coders).map { _ in
                guard length > 0 else { return [] }
                return (0..<Int.random(in: 0...6, using: &random)).map { _ in
                    let start = [0, length - 1, Int.random(in: 0..<length, using: &random)].randomElement(using: &random)!
                    let end = Bool.random(using: &random) ? length : Int.random(in: (start + 1)...min(length, start + 9), using: &random)
                    return Unit(start: start, length: end - start, category: ["x", "y", "z"].randomElement(using: &random)!)
                }
            }
            return (length, units)
        }
    }

    @Test(arguments: [2, 3])
    func accumulatedDocumentsEqualOneContinuum(coders: Int) throws {
        var random = SeededRandom(seed: 1995 + UInt64(coders))
        for _ in 0..<300 {
            let documents = documents(coders: coders, using: &random)
            var accumulator = UnitizingAlpha.Accumulator(coders: coders), onlyX = UnitizingAlpha.Accumulator(coders: coders)
            var continuum = [[Unit]](repeating: [], count: coders), offset = 0
            for document in documents {
                let units = UnitizingAlpha.Document(length: document.length, coders: document.coders)
                accumulator.add(units)
                onlyX.add(units, category: "x")
                for coder in 0..<coders {
                    continuum[coder] += document.coders[coder].map { Unit(start: offset + $0.start, length: $0.length, category: $0.category) }
                }
                offset += document.length
            }
            #expect(accumulator.length == offset)
            for category in ["x", "y", "z"] {
                let streamed = accumulator.disagreements(category: category)
                let whole = UnitizingAlpha.disagreements(length: offset, coders: continuum, category: category)
                #expect(abs(streamed.observed - whole.observed) <= 1e-12 * max(1, whole.observed))
                #expect(abs(streamed.expected - whole.expected) <= 1e-12 * max(1, whole.expected))
                #expect(same(accumulator.alpha(category: category), UnitizingAlpha.compute(length: offset, coders: continuum, category: category)))
            }
            #expect(same(accumulator.alpha(), UnitizingAlpha.compute(length: offset, coders: continuum)))
            #expect(same(onlyX.alpha(category: "x"), accumulator.alpha(category: "x")))
            let y = onlyX.disagreements(category: "y")
            #expect(y.observed == 0 && y.expected == 0, "units of other categories left out")
        }
    }

    @Test func emptyAndUndefinedCases() {
        var accumulator = UnitizingAlpha.Accumulator(coders: 2)
        #expect(accumulator.alpha() == nil, "empty continuum")
        accumulator.add(UnitizingAlpha.Document(length: 10, coders: [[], []]))
        #expect(accumulator.alpha() == nil && accumulator.categories.isEmpty, "no unit")
        let one = [Unit(start: 2, length: 3, category: "x")]
        accumulator.add(UnitizingAlpha.Document(length: 10, coders: [one, one]))
        #expect(accumulator.alpha() == 1 && accumulator.categories == ["x"])
        var single = UnitizingAlpha.Accumulator(coders: 1)
        single.add(UnitizingAlpha.Document(length: 10, coders: [one]))
        #expect(single.alpha() == nil, "one coder")
    }

    private func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return abs(a - b) <= 1e-9
        default: return false
        }
    }
}
