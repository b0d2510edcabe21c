import GRDB
import TrellisCore

/// Agreement between reviewers who reviewed the same documents independently: span boundaries
/// and labels (exact and overlap F1, unitizing alpha), per-character modes (Cohen's kappa per
/// pair, Fleiss' kappa for more), ratings (ordinal Krippendorff's alpha per dimension), a mode
/// confusion matrix, and the documents with the worst agreement.
public struct AgreementReport: Sendable {
    /// Agreement of one group of comparisons (a pair of reviewers, a mode or a stage).
    public struct Figures: Sendable {
        public var group: String
        public var documents: Int
        public var exact: F1Score
        public var overlap: F1Score
        /// Per-character Cohen's kappa (pairs) or the mean over pairs.
        public var kappa: Double?
        /// Krippendorff's unitizing alpha over all modes (or the group's mode).
        public var unitizingAlpha: Double?
    }

    public var documents: Int
    public var reviewers: [String]
    public var pairs: [Figures]
    public var modes: [Figures]
    public var stages: [Figures]
    /// Fleiss' kappa over characters of documents reviewed by three or more reviewers.
    public var fleissKappa: Double?
    public var ratingAlpha: [String: Double?]
    public var confusion: ConfusionMatrix
    /// Documents by mean per-character kappa between their reviewers, worst first.
    public var worst: [(id: String, kappa: Double?, reviewers: [String])]
}

extension AppDatabase {
    /// Measures agreement over every document with two or more independent versions.
    public func agreementReport(rubric: Rubric, worst limit: Int = 10) throws -> AgreementReport {
        var builder = AgreementBuilder(rubric: rubric)
        var after: Int64 = 0
        while true {
            let page = try documentsWithVersions(after: after)
            guard let last = page.last else { break }
            after = last
            // A page of documents, their versions and the versions' ratings in four queries.
            let (records, versions, ratings) = try writer.read { db in
                (try DocumentRecord.filter(page.contains(Column("id"))).order(Column("id")).fetchAll(db),
                 try Self.versions(of: page, in: db),
                 Dictionary(grouping: try Self.versionRatings(of: page, in: db), by: \.spanId))
            }
            for record in records {
                let documentVersions = versions[record.id!] ?? []
                let spanIDs = documentVersions.flatMap { $0.spans.compactMap(\.id) }
                builder.add(document: record, versions: documentVersions, ratings: spanIDs.flatMap { ratings[$0] ?? [] })
            }
        }
        return builder.report(worst: limit)
    }
}

/// Accumulates comparisons document by document, with memory bounded by the number of spans.
struct AgreementBuilder {
    let rubric: Rubric
    private var documents = 0
    private var reviewers = Set<String>()
    private var pairs: [String: Accumulator] = [:]
    private var modes: [String: Accumulator] = [:]
    private var stages: [String: Accumulator] = [:]
    private var fleiss = FleissKappa.Accumulator<String>()
    private var fleissRaters: Int?
    private var ratingUnits: [[String: Int]] = []
    private var confusion = ConfusionMatrix()
    private var perDocument: [(id: String, kappa: Double?, reviewers: [String])] = []

    init(rubric: Rubric) {
        self.rubric = rubric
    }

    /// Sums for one group; the continuum of each pair's documents is laid end to end.
    struct Accumulator {
        var documents = 0
        var exact = F1Score.zero
        var overlap = F1Score.zero
        var matrices: [String: ConfusionMatrix] = [:]
        var units: [String: ([UnitizingAlpha.Unit], [UnitizingAlpha.Unit], Int)] = [:]

        mutating func add(pair: String, _ a: [Span], _ b: [Span], runsA: [LabelRun], runsB: [LabelRun], length: Int, category: String?) {
            exact = exact + SpanAgreement.exact(a, b)
            overlap = overlap + SpanAgreement.overlap(a, b)
            // Mutated in place: taking a copy out of the dictionary would copy every unit so far
            // on every document.
            CharacterLabels.aligned([runsA, runsB]) { labels, count in
                guard category == nil || labels[0] == category || labels[1] == category else { return }
                matrices[pair, default: ConfusionMatrix()].add(labels[0], labels[1], count: count)
            }
            let offset = units[pair]?.2 ?? 0
            units[pair, default: ([], [], 0)].0 += a.map { UnitizingAlpha.Unit(start: offset + $0.start, length: $0.length, category: $0.label) }
            units[pair, default: ([], [], 0)].1 += b.map { UnitizingAlpha.Unit(start: offset + $0.start, length: $0.length, category: $0.label) }
            units[pair, default: ([], [], 0)].2 = offset + length
        }

        func figures(_ group: String, category: String?) -> AgreementReport.Figures {
            let kappas = matrices.values.compactMap(CohenKappa.compute)
            let alphas = units.values.compactMap { first, second, length in
                UnitizingAlpha.compute(length: length, coders: [first, second], category: category)
            }
            return AgreementReport.Figures(
                group: group, documents: documents, exact: exact, overlap: overlap,
                kappa: kappas.isEmpty ? nil : kappas.reduce(0, +) / Double(kappas.count),
                unitizingAlpha: alphas.isEmpty ? nil : alphas.reduce(0, +) / Double(alphas.count))
        }
    }

    mutating func add(document: DocumentRecord, versions: [(reviewer: String, spans: [SpanRecord])], ratings: [SpanRating]) {
        guard versions.count >= 2 else { return }
        documents += 1
        let length = document.length
        let spans = versions.map { $0.spans.map(\.span) }
        let runs = spans.map { CharacterLabels.runs(spans: $0, length: length) }
        let names = versions.map(\.reviewer)
        reviewers.formUnion(names)
        let stage = document.stage.map { "stage \($0)" } ?? "no stage"
        let modeNames = Set(spans.flatMap { $0.map(\.label) })
        var documentKappas: [Double] = []
        for i in versions.indices {
            for j in versions.indices where j > i {
                let pair = "\(names[i]) · \(names[j])"
                pairs[pair, default: Accumulator()].add(pair: pair, spans[i], spans[j], runsA: runs[i], runsB: runs[j], length: length, category: nil)
                stages[stage, default: Accumulator()].add(pair: pair, spans[i], spans[j], runsA: runs[i], runsB: runs[j], length: length, category: nil)
                for mode in modeNames {
                    modes[mode, default: Accumulator()].add(pair: pair, spans[i].filter { $0.label == mode }, spans[j].filter { $0.label == mode },
                                                            runsA: runs[i], runsB: runs[j], length: length, category: mode)
                }
                var matrix = ConfusionMatrix()
                CharacterLabels.aligned([runs[i], runs[j]]) { labels, count in
                    matrix.add(labels[0], labels[1], count: count)
                    confusion.add(labels[0], labels[1], count: count)
                    confusion.add(labels[1], labels[0], count: count)
                }
                if let kappa = CohenKappa.compute(matrix) { documentKappas.append(kappa) }
                pairs[pair]!.documents += 1
            }
        }
        stages[stage]!.documents += 1
        for mode in modeNames { modes[mode]!.documents += 1 }
        perDocument.append((document.externalId, documentKappas.isEmpty ? nil : documentKappas.reduce(0, +) / Double(documentKappas.count), names))

        if versions.count >= 3, versions.count == (fleissRaters ?? versions.count) {
            fleissRaters = versions.count
            CharacterLabels.aligned(runs) { labels, count in
                var counts: [String: Int] = [:]
                for label in labels { counts[label, default: 0] += 1 }
                fleiss.add(counts, times: count)
            }
        }

        // Ratings of spans every reviewer drew identically: one unit per span.
        let byReviewer = Dictionary(grouping: ratings, by: \.reviewer)
        for span in spans[0] where spans.allSatisfy({ $0.contains(span) }) {
            var unit: [String: Int] = [:]
            for (version, name) in names.enumerated() {
                guard let record = versions[version].spans.first(where: { $0.span == span }) else { continue }
                for rating in byReviewer[name] ?? [] where rating.spanId == record.id { unit["\(name)\u{1}\(rating.dimension)"] = rating.value }
            }
            ratingUnits.append(unit)
        }
    }

    func report(worst limit: Int) -> AgreementReport {
        let names = reviewers.sorted()
        var ratingAlpha: [String: Double?] = [:]
        for dimension in rubric.dimensions {
            let data = names.map { name in ratingUnits.map { $0["\(name)\u{1}\(dimension.name)"] } }
            if data.contains(where: { $0.contains { $0 != nil } }) {
                ratingAlpha[dimension.name] = KrippendorffAlpha.compute(data, metric: .ordinal)
            }
        }
        return AgreementReport(
            documents: documents, reviewers: names,
            pairs: pairs.keys.sorted().map { pairs[$0]!.figures($0, category: nil) },
            modes: modes.keys.sorted().map { modes[$0]!.figures($0, category: $0) },
            stages: stages.keys.sorted().map { stages[$0]!.figures($0, category: nil) },
            fleissKappa: fleiss.kappa, ratingAlpha: ratingAlpha, confusion: confusion,
            worst: Array(perDocument.sorted { ($0.kappa ?? 2) < ($1.kappa ?? 2) }.prefix(limit)))
    }
}
