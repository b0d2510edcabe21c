import Testing
import TrellisCore

/// Per-code-point labels, confusion matrices and span matching (exact and overlapping).
@Suite struct AgreementSpanTests {
    @Test func characterLabelsTakeTheInnermostSpan() {
        let spans = [Span(start: 1, end: 6, label: "ai"), Span(start: 2, end: 4, label: "quote", depth: 1)]
        #expect(CharacterLabels.labels(spans: spans, length: 7) == ["none", "ai", "quote", "quote", "ai", "ai", "none"])
        #expect(CharacterLabels.labels(spans: spans.reversed(), length: 7) == CharacterLabels.labels(spans: spans, length: 7), "order of the input does not matter")
        // Same range: the deeper span is the inner one.
        let same = [Span(start: 0, end: 2, label: "quote", depth: 1), Span(start: 0, end: 2, label: "ai")]
        #expect(CharacterLabels.labels(spans: same, length: 2) == ["quote", "quote"])
    }

    @Test func characterLabelsEdgeCases() {
        #expect(CharacterLabels.labels(spans: [], length: 3) == ["none", "none", "none"])
        #expect(CharacterLabels.labels(spans: [Span(start: 0, end: 2, label: "ai")], length: 0) == [])
        #expect(CharacterLabels.labels(spans: [], length: -1) == [])
        // Spans reaching past the text, lying beyond it, or empty are clipped or ignored.
        let spans = [Span(start: -2, end: 1, label: "ai"), Span(start: 2, end: 9, label: "human"), Span(start: 5, end: 8, label: "quote"), Span(start: 1, end: 1, label: "quote")]
        #expect(CharacterLabels.labels(spans: spans, length: 3) == ["ai", "none", "human"])
    }

    @Test func confusionMatrixCountsLabelPairs() {
        let a = CharacterLabels.labels(spans: [Span(start: 1, end: 6, label: "ai"), Span(start: 2, end: 4, label: "quote", depth: 1)], length: 7)
        let b = CharacterLabels.labels(spans: [Span(start: 0, end: 7, label: "ai")], length: 7)
        let matrix = ConfusionMatrix(a, b)
        #expect(matrix.count("quote", "ai") == 2)
        #expect(matrix.count("ai", "ai") == 3)
        #expect(matrix.count("none", "ai") == 2)
        #expect(matrix.count("ai", "quote") == 0)
        #expect(matrix.counts["quote"] == ["ai": 2])
        #expect(matrix.total == 7)
        #expect(matrix.labels == ["ai", "quote", "none"])
        var added = ConfusionMatrix()
        added.add("x", "y", count: 3)
        #expect(added.count("x", "y") == 3 && added.labels == ["x", "y"] && added.total == 3)
        #expect(ConfusionMatrix().labels.isEmpty && ConfusionMatrix().total == 0)
    }

    @Test func exactMatchesNeedTheSameStartEndAndLabel() {
        let a = [Span(start: 0, end: 10, label: "ai"), Span(start: 12, end: 20, label: "human"), Span(start: 21, end: 30, label: "ai")]
        let b = [Span(start: 0, end: 10, label: "ai"), Span(start: 11, end: 20, label: "human"), Span(start: 21, end: 30, label: "human"), Span(start: 31, end: 33, label: "ai")]
        let score = SpanAgreement.exact(a, b)
        #expect(score == F1Score(matched: 1, countA: 3, countB: 4))
        #expect(abs(score.precision - 1.0 / 4) < 1e-12)
        #expect(abs(score.recall - 1.0 / 3) < 1e-12)
        #expect(abs(score.f1 - 2.0 / 7) < 1e-12)
        #expect(abs(score.f1 - 2 * score.precision * score.recall / (score.precision + score.recall)) < 1e-12)
        // Depth does not matter; duplicates match once each.
        #expect(SpanAgreement.exact([Span(start: 0, end: 2, label: "ai", depth: 1)], [Span(start: 0, end: 2, label: "ai")]).matched == 1)
        #expect(SpanAgreement.exact(Array(repeating: Span(start: 0, end: 2, label: "ai"), count: 2), [Span(start: 0, end: 2, label: "ai")]).matched == 1)
    }

    @Test func overlapMatchesSameLabelSharingACodePoint() {
        let a = [Span(start: 0, end: 10, label: "ai"), Span(start: 12, end: 20, label: "human"), Span(start: 21, end: 30, label: "ai")]
        let b = [Span(start: 0, end: 10, label: "ai"), Span(start: 11, end: 20, label: "human"), Span(start: 21, end: 30, label: "human")]
        let score = SpanAgreement.overlap(a, b)
        #expect(score.matched == 2)
        #expect(abs(score.f1 - 2.0 / 3) < 1e-12)
        // One to one: a span overlapping two others matches one of them.
        #expect(SpanAgreement.overlap([Span(start: 0, end: 10, label: "ai")], [Span(start: 0, end: 4, label: "ai"), Span(start: 5, end: 10, label: "ai")]).matched == 1)
        // Touching is not overlapping.
        #expect(SpanAgreement.overlap([Span(start: 0, end: 5, label: "ai")], [Span(start: 5, end: 9, label: "ai")]).matched == 0)
    }

    /// Taking the largest overlap first would pair a₀ with b₀ (5 shared) and leave a₁ and b₁
    /// unmatched; the maximum matching pairs a₀–b₁ and a₁–b₀.
    @Test func overlapFindsAMaximumMatchingWhereGreedyFallsShort() {
        let a = [Span(start: 0, end: 10, label: "ai"), Span(start: 12, end: 20, label: "ai")]
        let b = [Span(start: 5, end: 15, label: "ai"), Span(start: 0, end: 3, label: "ai")]
        #expect(SpanAgreement.overlap(a, b) == F1Score(matched: 2, countA: 2, countB: 2))
        #expect(SpanAgreement.overlap(b, a).matched == 2)
        // A chain needing a longer augmenting path.
        let chainA = (0..<6).map { Span(start: 10 * $0, end: 10 * $0 + 8, label: "ai") }
        let chainB = (0..<6).map { Span(start: 10 * $0 + 6, end: 10 * $0 + 14, label: "ai") } + [Span(start: 0, end: 2, label: "ai")]
        #expect(SpanAgreement.overlap(chainA, chainB).matched == 6)
    }

    /// The matching count equals a brute-force maximum over all assignments, on random span sets.
    @Test func overlapAgreesWithABruteForceMaximum() {
        func bruteForce(_ a: [Span], _ b: [Span]) -> Int {
            func best(_ i: Int, _ used: Set<Int>) -> Int {
                guard i < a.count else { return 0 }
                var result = best(i + 1, used)
                for (j, y) in b.enumerated() where !used.contains(j) && y.label == a[i].label && min(a[i].end, y.end) > max(a[i].start, y.start) {
                    result = max(result, 1 + best(i + 1, used.union([j])))
                }
                return result
            }
            return best(0, [])
        }
        var random = SeededRandom(seed: 3)
        func spans() -> [Span] {
            (0..<Int.random(in: 0...6, using: &random)).map { _ in
                let start = Int.random(in: 0..<20, using: &random)
                return Span(start: start, end: start + Int.random(in: 1...8, using: &random), label: ["ai", "human"].randomElement(using: &random)!)
            }
        }
        for _ in 0..<300 {
            let a = spans(), b = spans()
            let matched = SpanAgreement.overlap(a, b).matched
            #expect(matched == bruteForce(a, b))
            #expect(matched == SpanAgreement.overlap(b, a).matched, "symmetric")
            #expect(SpanAgreement.exact(a, b).matched <= matched)
            #expect(SpanAgreement.overlap(a, a).f1 == 1 && SpanAgreement.exact(a, a).f1 == 1, "identical spans")
        }
    }

    @Test func scoresByLabelAreTheScoresOfEachLabelsSpansAndAddUp() {
        var random = SeededRandom(seed: 4)
        func spans() -> [Span] {
            (0..<Int.random(in: 0...8, using: &random)).map { _ in
                let start = Int.random(in: 0..<12, using: &random)
                return Span(start: start, end: start + Int.random(in: 1...5, using: &random), label: ["ai", "human", "quote"].randomElement(using: &random)!,
                            depth: Int.random(in: 0...1, using: &random))
            }
        }
        for _ in 0..<300 {
            let a = spans(), b = Bool.random(using: &random) ? spans() : a.shuffled(using: &random) + spans().prefix(2)
            let scores = SpanAgreement.byLabel(a, b)
            #expect(scores.map(\.label) == Set((a + b).map(\.label)).sorted())
            for score in scores {
                let (x, y) = (a.filter { $0.label == score.label }, b.filter { $0.label == score.label })
                #expect(score.exact == SpanAgreement.exact(x, y) && score.overlap == SpanAgreement.overlap(x, y), "\(score.label)")
            }
            #expect(scores.reduce(F1Score.zero) { $0 + $1.exact } == SpanAgreement.exact(a, b))
            #expect(scores.reduce(F1Score.zero) { $0 + $1.overlap } == SpanAgreement.overlap(a, b))
        }
        #expect(SpanAgreement.byLabel([], []).isEmpty)
    }

    @Test func scoresOfEmptySetsAndSums() {
        #expect(SpanAgreement.exact([], []) == .zero)
        #expect(F1Score.zero.f1 == 1 && F1Score.zero.precision == 1 && F1Score.zero.recall == 1, "both empty: full agreement")
        let onlyA = SpanAgreement.overlap([Span(start: 0, end: 1, label: "ai")], [])
        #expect(onlyA.f1 == 0 && onlyA.precision == 0 && onlyA.recall == 0)
        let onlyB = SpanAgreement.exact([], [Span(start: 0, end: 1, label: "ai")])
        #expect(onlyB.f1 == 0 && onlyB.precision == 0 && onlyB.recall == 0)
        let sum = F1Score(matched: 1, countA: 2, countB: 3) + F1Score(matched: 2, countA: 2, countB: 2)
        #expect(sum == F1Score(matched: 3, countA: 4, countB: 5))
        #expect(abs(sum.f1 - 6.0 / 9) < 1e-12)
    }

    @Test func confusionOfMatchedSpans() {
        let a = [Span(start: 0, end: 10, label: "ai"), Span(start: 12, end: 20, label: "human"), Span(start: 25, end: 30, label: "quote")]
        let b = [Span(start: 0, end: 9, label: "ai"), Span(start: 11, end: 20, label: "ai"), Span(start: 40, end: 45, label: "human")]
        let matrix = SpanAgreement.confusion(a, b)
        #expect(matrix.count("ai", "ai") == 1)
        #expect(matrix.count("human", "ai") == 1)
        #expect(matrix.count("quote", CharacterLabels.none) == 1)
        #expect(matrix.count(CharacterLabels.none, "human") == 1)
        #expect(matrix.total == 4)
        #expect(SpanAgreement.confusion([], []).total == 0)
    }
}

/// Runs of labels are the per-character labels, compressed: agreement counts them by run.
@Suite struct CharacterLabelRunTests {
    @Test func runsExpandToEveryCharactersInnermostLabel() {
        var random = SeededRandom(seed: 5)
        for _ in 0..<300 {
            let length = Int.random(in: 0...60, using: &random)
            var spans: [Span] = []
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let start = Int.random(in: -3...max(0, length), using: &random)
                let end = start + Int.random(in: 0...20, using: &random)
                spans.append(Span(start: start, end: end, label: ["human", "ai", "quote"].randomElement(using: &random)!, depth: Int.random(in: 0...1, using: &random)))
            }
            // The obvious way: paint each span over its characters, innermost last.
            var painted = [String](repeating: CharacterLabels.none, count: length)
            for span in spans.sorted(by: Span.documentOrder) where max(0, span.start) < min(length, span.end) {
                for offset in max(0, span.start)..<min(length, span.end) { painted[offset] = span.label }
            }
            let runs = CharacterLabels.runs(spans: spans, length: length)
            #expect(runs.flatMap { Array(repeating: $0.label, count: $0.length) } == painted)
            #expect(zip(runs, runs.dropFirst()).allSatisfy { $0.label != $1.label && $0.length > 0 })
        }
    }

    @Test func alignedWalksVersionsTogether() {
        let a = [LabelRun(label: "human", length: 4), LabelRun(label: "ai", length: 6)]
        let b = [LabelRun(label: "human", length: 2), LabelRun(label: "none", length: 5), LabelRun(label: "ai", length: 3)]
        var steps: [String] = []
        CharacterLabels.aligned([a, b]) { labels, count in steps.append("\(labels.joined(separator: "/"))×\(count)") }
        #expect(steps == ["human/human×2", "human/none×2", "ai/none×3", "ai/ai×3"])
    }

    @Test func alignedTakesNumberedLabelsAndStopsAtTheShortestVersion() {
        let a = [CharacterLabels.Run(label: 1, length: 3)]
        let b = [CharacterLabels.Run(label: 0, length: 1), CharacterLabels.Run(label: 2, length: 5)]
        var steps: [[Int]] = []
        CharacterLabels.aligned([a, b]) { labels, count in steps.append(labels + [count]) }
        #expect(steps == [[1, 0, 1], [1, 2, 2]])
        var none = 0
        CharacterLabels.aligned([a, []]) { _, _ in none += 1 }
        #expect(none == 0)
    }

    @Test func kappaOfNumberedCountsEqualsKappaOfTheMatrix() throws {
        var random = SeededRandom(seed: 1960)
        for _ in 0..<100 {
            let size = Int.random(in: 1...4, using: &random)
            var counts = [Int](repeating: 0, count: size * size), matrix = ConfusionMatrix()
            for _ in 0..<Int.random(in: 0...6, using: &random) {
                let (a, b, count) = (Int.random(in: 0..<size, using: &random), Int.random(in: 0..<size, using: &random), Int.random(in: 1...9, using: &random))
                counts[a * size + b] += count
                matrix.add("\(a)", "\(b)", count: count)
            }
            let numbered = CohenKappa.compute(counts: counts, size: size), named = CohenKappa.compute(matrix)
            #expect((numbered == nil) == (named == nil))
            if let numbered, let named { #expect(abs(numbered - named) < 1e-12) }
        }
    }

    @Test func fleissItemsAddedManyTimesCountAsRepeatedItems() throws {
        var once = FleissKappa.Accumulator<String>(), repeated = FleissKappa.Accumulator<String>()
        let items: [([String: Int], Int)] = [(["a": 3], 4), (["a": 1, "b": 2], 3), (["b": 2, "c": 1], 5)]
        for (item, times) in items {
            let added = once.add(item, times: times)
            #expect(added)
            for _ in 0..<times { repeated.add(item) }
        }
        let kappa = try #require(once.kappa), expected = try #require(repeated.kappa)
        #expect(abs(kappa - expected) < 1e-12)
    }
}
