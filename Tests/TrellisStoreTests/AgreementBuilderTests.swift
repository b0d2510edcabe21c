import Foundation
import Testing
import TrellisCore
import TrellisModel
@testable import TrellisStore
import TrellisTestSupport

/// The report, added up document by document with numbered labels, against the metrics computed
/// directly over each group's documents laid end to end.
@Suite struct AgreementBuilderTests {
    private struct Comparison {
        var document: Int
        var a: [Span], b: [Span]
    }

    static let reviewers = ["ada", "bo", "cy"]

    /// Documents with random versions by two or three of `reviewers`, some with ratings.
    private func randomDocuments(seed: UInt64, count: Int) -> [VersionedDocument] {
        var random = SeededRandom(seed: seed)
        let reviewers = Self.reviewers, labels = ["human", "ai", "quote"]
        var documents: [VersionedDocument] = []
        var spanID: Int64 = 0
        for id in 1...count {
            let length = Int.random(in: 0...30, using: &random)
            let names = Bool.random(using: &random) ? reviewers : Array(reviewers.shuffled(using: &random).prefix(2)).sorted()
            func randomSpans() -> [Span] {
                (0..<(length == 0 ? 0 : Int.random(in: 0...5, using: &random))).map { _ in
                    let start = Int.random(in: 0..<length, using: &random)
                    return Span(start: start, end: Int.random(in: (start + 1)...length, using: &random), label: labels.randomElement(using: &random)!,
                                depth: Int.random(in: 0...1, using: &random))
                }.sorted(by: Span.documentOrder)
            }
            // Now and then every reviewer draws the same spans.
            let shared = Int.random(in: 0..<4, using: &random) == 0 ? randomSpans() : nil
            let versions = names.map { name in
                let spans = shared ?? randomSpans()
                return (reviewer: name, spans: spans.map { span -> SpanRecord in
                    spanID += 1
                    return SpanRecord(id: spanID, documentId: Int64(id), ownerId: nil, span: span, revision: 0)
                })
            }
            // Identical spans rated by every reviewer, now and then.
            var ratings: [SpanRating] = []
            if let first = versions.first?.spans.first, Int.random(in: 0..<3, using: &random) == 0 {
                for version in versions {
                    guard let same = version.spans.first(where: { $0.span == first.span }) else { continue }
                    ratings.append(SpanRating(spanId: same.id, reviewer: version.reviewer, dimension: "honesty", value: Int.random(in: 1...5, using: &random)))
                }
            }
            documents.append(VersionedDocument(id: Int64(id), externalId: "d\(id)", length: length,
                                               stage: Int.random(in: 0...2, using: &random) == 0 ? nil : id % 2, versions: versions, ratings: ratings))
        }
        return documents
    }

    @Test func theBuilderMatchesTheMetricsOverWholeContinua() throws {
        let reviewers = Self.reviewers
        let documents = randomDocuments(seed: 42, count: 60)
        var builder = AgreementBuilder(worst: 5)
        for document in documents { builder.add(document) }
        let report = builder.report(rubric: Fixtures.defaultRubric, worst: 5)
        #expect(report.documents == 60 && report.reviewers == reviewers)

        func comparisons(of document: VersionedDocument) -> [(pair: String, a: [Span], b: [Span])] {
            let versions = document.versions
            return versions.indices.flatMap { i in
                versions.indices.filter { $0 > i }.map { j in
                    ("\(versions[i].reviewer) · \(versions[j].reviewer)", versions[i].spans.map(\.span), versions[j].spans.map(\.span))
                }
            }
        }
        /// The figures of the documents `included`, each pair's laid end to end, for one mode or all.
        func expected(_ included: [VersionedDocument], mode: String?) -> (exact: F1Score, overlap: F1Score, kappa: Double?, alpha: Double?) {
            var exact = F1Score.zero, overlap = F1Score.zero
            var continua: [String: (a: [String], b: [String], unitsA: [UnitizingAlpha.Unit], unitsB: [UnitizingAlpha.Unit])] = [:]
            for document in included {
                for (pair, a, b) in comparisons(of: document) {
                    let (spansA, spansB) = mode.map { mode in (a.filter { $0.label == mode }, b.filter { $0.label == mode }) } ?? (a, b)
                    exact = exact + SpanAgreement.exact(spansA, spansB)
                    overlap = overlap + SpanAgreement.overlap(spansA, spansB)
                    let offset = continua[pair]?.a.count ?? 0
                    func units(_ spans: [Span]) -> [UnitizingAlpha.Unit] {
                        spans.map { UnitizingAlpha.Unit(start: offset + $0.start, length: $0.length, category: $0.label) }
                    }
                    continua[pair, default: ([], [], [], [])].a += CharacterLabels.labels(spans: a, length: document.length)
                    continua[pair, default: ([], [], [], [])].b += CharacterLabels.labels(spans: b, length: document.length)
                    continua[pair, default: ([], [], [], [])].unitsA += units(spansA)
                    continua[pair, default: ([], [], [], [])].unitsB += units(spansB)
                }
            }
            let kappas = continua.values.compactMap { continuum in
                var matrix = ConfusionMatrix()
                for (x, y) in zip(continuum.a, continuum.b) where mode == nil || x == mode || y == mode { matrix.add(x, y) }
                return CohenKappa.compute(matrix)
            }
            let alphas = continua.values.compactMap { UnitizingAlpha.compute(length: $0.a.count, coders: [$0.unitsA, $0.unitsB], category: mode) }
            return (exact, overlap, kappas.isEmpty ? nil : kappas.reduce(0, +) / Double(kappas.count),
                    alphas.isEmpty ? nil : alphas.reduce(0, +) / Double(alphas.count))
        }
        func check(_ figures: AgreementReport.Figures, _ included: [VersionedDocument], mode: String? = nil) {
            let want = expected(included, mode: mode)
            #expect(figures.exact == want.exact && figures.overlap == want.overlap, "\(figures.group)")
            #expect(same(figures.kappa, want.kappa), "\(figures.group)")
            #expect(same(figures.unitizingAlpha, want.alpha), "\(figures.group)")
        }

        #expect(report.pairs.map(\.group) == ["ada · bo", "ada · cy", "bo · cy"])
        for figures in report.pairs {
            let pair = figures.group.components(separatedBy: " · ")
            let included = documents.filter { Set(pair).isSubset(of: $0.versions.map(\.reviewer)) }
            #expect(figures.documents == included.count)
            // Only the pair's own comparisons.
            check(figures, included.map { document in
                var only = document
                only.versions = document.versions.filter { pair.contains($0.reviewer) }
                return only
            })
        }
        #expect(report.modes.map(\.group) == ["ai", "human", "quote"])
        for figures in report.modes {
            let included = documents.filter { $0.versions.contains { $0.spans.contains { $0.label == figures.group } } }
            #expect(figures.documents == included.count)
            check(figures, included, mode: figures.group)
        }
        #expect(report.stages.map(\.group) == ["no stage", "stage 0", "stage 1"])
        for figures in report.stages {
            let included = documents.filter { ($0.stage.map { "stage \($0)" } ?? "no stage") == figures.group }
            #expect(figures.documents == included.count)
            check(figures, included)
        }

        var confusion = ConfusionMatrix()
        var kappas: [(id: String, kappa: Double?)] = []
        for document in documents {
            var documentKappas: [Double] = []
            for (_, a, b) in comparisons(of: document) {
                let (x, y) = (CharacterLabels.labels(spans: a, length: document.length), CharacterLabels.labels(spans: b, length: document.length))
                for (p, q) in zip(x, y) {
                    confusion.add(p, q)
                    confusion.add(q, p)
                }
                if let kappa = CohenKappa.compute(x, y) { documentKappas.append(kappa) }
            }
            kappas.append((document.externalId, documentKappas.isEmpty ? nil : documentKappas.reduce(0, +) / Double(documentKappas.count)))
        }
        #expect(report.confusion == confusion)
        let worst = kappas.sorted { ($0.kappa ?? 2) < ($1.kappa ?? 2) }.prefix(5)
        #expect(report.worst.map(\.id) == worst.map(\.id))
        #expect(zip(report.worst, worst).allSatisfy { same($0.kappa, $1.kappa) })

        let fleissItems = documents.filter { $0.versions.count == 3 }.flatMap { document in
            let labels = document.versions.map { CharacterLabels.labels(spans: $0.spans.map(\.span), length: document.length) }
            return (0..<document.length).map { offset in Dictionary(grouping: labels.map { $0[offset] }, by: { $0 }).mapValues(\.count) }
        }
        #expect(same(report.fleissKappa, FleissKappa.compute(fleissItems)))
    }

    @Test func worstDocumentsAreTheFirstOfASortedList() {
        var random = SeededRandom(seed: 7)
        for limit in [0, 1, 3, 10] {
            var worst = WorstDocuments(limit: limit)
            var all: [(id: String, kappa: Double?)] = []
            for index in 0..<40 {
                let kappa: Double? = Int.random(in: 0...4, using: &random) == 0 ? nil : Double(Int.random(in: 0...5, using: &random)) / 5
                worst.add(id: "d\(index)", kappa: kappa, reviewers: [])
                all.append(("d\(index)", kappa))
            }
            #expect(worst.documents.map(\.id) == all.sorted { ($0.kappa ?? 2) < ($1.kappa ?? 2) }.prefix(limit).map(\.id))
        }
    }

    @Test func labelCountsGrowAndAddUp() {
        var counts = LabelCounts(size: 1)
        counts.add(0, 0, count: 2)
        counts.add(2, 1, count: 3)
        #expect(counts.size == 3)
        var total = LabelCounts()
        total.add(counts)
        total.add(counts, transposed: true)
        var onlyTwo = LabelCounts()
        onlyTwo.add(counts, involving: 2)
        let names = ["a", "b", "c"]
        var expected = ConfusionMatrix()
        expected.add("a", "a", count: 4)
        expected.add("c", "b", count: 3)
        expected.add("b", "c", count: 3)
        #expect(total.matrix(names: names) == expected)
        #expect(onlyTwo.matrix(names: names).counts == ["c": ["b": 3]])
        #expect(counts.kappa == CohenKappa.compute(counts.matrix(names: names)))
    }

    private func same(_ a: Double?, _ b: Double?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case let (a?, b?): return abs(a - b) <= 1e-9
        default: return false
        }
    }

    /// Builders of consecutive runs of documents, kept in their binary form and joined, give the report one
    /// builder of every document gives (agreement's cache keeps one per chunk).
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func buildersOfConsecutiveRunsJoinIntoOne(seed: UInt64) throws {
        let documents = randomDocuments(seed: seed, count: 80)
        var whole = AgreementBuilder(worst: 7)
        for document in documents { whole.add(document) }
        var random = SeededRandom(seed: seed + 100)
        var joined = AgreementBuilder(worst: 7)
        var rest = documents[...]
        while !rest.isEmpty {
            var run = AgreementBuilder(worst: 7)
            let count = Int.random(in: 0...25, using: &random)
            for document in rest.prefix(count) { run.add(document) }
            rest = rest.dropFirst(count)
            let kept = try AgreementCache.decoded(AgreementCache.encoded(run))
            joined.append(kept)
        }
        let (expected, actual) = (whole.report(rubric: Fixtures.defaultRubric, worst: 7), joined.report(rubric: Fixtures.defaultRubric, worst: 7))
        let differences = AgreementReportComparison.differences(expected, actual)
        #expect(differences.isEmpty, "\(differences.prefix(5))")
        #expect(expected.documents == 80 && !expected.ratingAlpha.isEmpty, "the documents have something to compare")
    }

    /// Kept sums cut short, or with bytes of another kind in them, are refused (their leaf or
    /// block is then compared again), never read as other sums or trapped on.
    @Test func keptSumsCutShortOrDamagedAreRefused() throws {
        var builder = AgreementBuilder(worst: 7)
        for document in randomDocuments(seed: 9, count: 40) { builder.add(document) }
        let kept = AgreementCache.encoded(builder)
        #expect(try AgreementCache.decoded(kept).documents == 40)
        for length in stride(from: 0, to: kept.count, by: max(1, kept.count / 200)) {
            #expect(throws: CompactSums.Corrupt.self, "cut at \(length) of \(kept.count) bytes") { try AgreementCache.decoded(kept.prefix(length)) }
        }
        #expect(throws: CompactSums.Corrupt.self, "a byte more") { try AgreementCache.decoded(kept + [0]) }
        // A reviewer or label number past those named, or a flag that is not 0 or 1.
        var writer = CompactSums.Writer()
        writer.count(1)  // documents
        NameNumbers().write(to: &writer)
        NameNumbers().write(to: &writer)
        writer.count(1)  // one pair, of reviewers 0 and 1, who are not named
        AgreementBuilder.Pair(first: 0, second: 1).write(to: &writer)
        #expect(throws: CompactSums.Corrupt.self) { try AgreementCache.decoded(writer.data) }
        #expect(throws: CompactSums.Corrupt.self) { try AgreementCache.decoded(Data([0, 0, 0, 0, 0, 0, 7])) }
    }
}
