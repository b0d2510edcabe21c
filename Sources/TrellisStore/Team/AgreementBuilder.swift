import TrellisCore

/// Accumulates comparisons document by document. Memory grows with the reviewers, labels and
/// stages (and the ratings of spans drawn identically), not with the documents or spans: labels
/// and reviewers are numbered, and unitizing alpha is summed as it goes.
///
/// Builders of consecutive runs of documents join into one (`append`), as if one builder had
/// seen them all, and are `CompactlyKept`: agreement keeps one per leaf and per block of documents
/// (`AgreementCache`) and compares again only the leaves whose versions changed.
struct AgreementBuilder {
    private(set) var documents = 0
    private var reviewers = NameNumbers()
    private var labels = NameNumbers()
    private var pairs: [Pair: Group] = [:]
    private var modes: [Int: Group] = [:]
    private var stages: [Int?: Group] = [:]
    private var fleiss = FleissKappa.Accumulator<Int>()
    private var fleissRaters: Int?
    private var ratingUnits: [[String: Int]] = []
    private var confusion = LabelCounts()
    private var worst: WorstDocuments

    init(worst limit: Int) {
        worst = WorstDocuments(limit: limit)
    }

    /// The worst documents this builder keeps.
    var worstLimit: Int { worst.limit }

    /// Two reviewers by number, in the order of their versions (reviewer name order).
    struct Pair: Hashable {
        var first: Int
        var second: Int

        func renumbered(_ numbers: [Int]) -> Pair { Pair(first: numbers[first], second: numbers[second]) }
    }

    /// Sums for one group (a pair of reviewers, a mode or a stage); each pair's documents are one
    /// continuum, laid end to end.
    struct Group {
        var documents = 0
        var exact = F1Score.zero
        var overlap = F1Score.zero
        var matrices: [Pair: LabelCounts] = [:]
        var alphas: [Pair: UnitizingAlpha.Accumulator] = [:]

        /// Adds one pair's comparison of a document; for a mode group, only what concerns `mode`.
        mutating func add(_ pair: Pair, exact: F1Score, overlap: F1Score, counts: LabelCounts, units: UnitizingAlpha.Document,
                          mode: (number: Int, name: String)? = nil) {
            self.exact = self.exact + exact
            self.overlap = self.overlap + overlap
            matrices[pair, default: LabelCounts()].add(counts, involving: mode?.number)
            alphas[pair, default: UnitizingAlpha.Accumulator(coders: 2)].add(units, category: mode?.name)
        }

        /// Adds the sums of the group over later documents, its reviewers and labels renumbered.
        mutating func append(_ other: Group, reviewers: [Int], labels: [Int]) {
            documents += other.documents
            exact = exact + other.exact
            overlap = overlap + other.overlap
            for (pair, counts) in other.matrices { matrices[pair.renumbered(reviewers), default: LabelCounts()].add(counts, renumbered: labels) }
            for (pair, alpha) in other.alphas { alphas[pair.renumbered(reviewers), default: UnitizingAlpha.Accumulator(coders: 2)].append(alpha) }
        }

        func figures(_ group: String, category: String?) -> AgreementReport.Figures {
            let kappas = matrices.values.compactMap(\.kappa)
            let alphas = alphas.values.compactMap { $0.alpha(category: category) }
            return AgreementReport.Figures(
                group: group, documents: documents, exact: exact, overlap: overlap,
                kappa: kappas.isEmpty ? nil : kappas.reduce(0, +) / Double(kappas.count),
                unitizingAlpha: alphas.isEmpty ? nil : alphas.reduce(0, +) / Double(alphas.count))
        }
    }

    /// Adds what `other` summed over documents that come after this one's, as if they had been
    /// added here one by one (sums of real numbers may differ in their last digits).
    mutating func append(_ other: AgreementBuilder) {
        let reviewerNumbers = other.reviewers.names.map { reviewers.number($0) }
        let labelNumbers = other.labels.names.map { labels.number($0) }
        documents += other.documents
        for (pair, group) in other.pairs { pairs[pair.renumbered(reviewerNumbers), default: Group()].append(group, reviewers: reviewerNumbers, labels: labelNumbers) }
        for (mode, group) in other.modes { modes[labelNumbers[mode], default: Group()].append(group, reviewers: reviewerNumbers, labels: labelNumbers) }
        for (stage, group) in other.stages { stages[stage, default: Group()].append(group, reviewers: reviewerNumbers, labels: labelNumbers) }
        if other.fleissRaters != nil, fleissRaters == nil || fleissRaters == other.fleissRaters {
            fleissRaters = other.fleissRaters
            fleiss.add(other.fleiss) { labelNumbers[$0] }
        }
        ratingUnits += other.ratingUnits
        confusion.add(other.confusion, renumbered: labelNumbers)
        for document in other.worst.documents { worst.add(id: document.id, kappa: document.kappa, reviewers: document.reviewers) }
    }

    mutating func add(_ document: VersionedDocument) {
        let versions = document.versions
        guard versions.count >= 2 else { return }
        documents += 1
        let length = document.length
        let spans = versions.map { $0.spans.map(\.span) }
        let names = versions.map(\.reviewer)
        let reviewerNumbers = names.map { reviewers.number($0) }
        let runs = spans.map { CharacterLabels.runs(spans: $0, length: length).map { CharacterLabels.Run(label: labels.number($0.label), length: $0.length) } }
        let units = spans.map { $0.map { UnitizingAlpha.Unit(start: $0.start, length: $0.length, category: $0.label) } }
        let spanLabels = spans.joined().map { labels.number($0.label) }
        var present = [Bool](repeating: false, count: labels.names.count)
        for label in spanLabels { present[label] = true }
        let modeNumbers = present.indices.filter { present[$0] }
        var documentKappas: [Double] = []
        for i in versions.indices {
            for j in versions.indices where j > i {
                let pair = Pair(first: reviewerNumbers[i], second: reviewerNumbers[j])
                var counts = LabelCounts(size: labels.names.count)
                CharacterLabels.aligned([runs[i], runs[j]]) { step, count in counts.add(step[0], step[1], count: count) }
                if let kappa = counts.kappa { documentKappas.append(kappa) }
                confusion.add(counts)
                confusion.add(counts, transposed: true)
                let pairUnits = UnitizingAlpha.Document(length: length, coders: [units[i], units[j]])
                // The pair's F1 adds up its modes'; a mode of the document neither reviewer of
                // the pair used still lays the document on the pair's continuum of that mode.
                let scores = SpanAgreement.byLabel(spans[i], spans[j])
                var exact = F1Score.zero, overlap = F1Score.zero
                for mode in modeNumbers {
                    let name = labels.names[mode]
                    let score = scores.first { $0.label == name } ?? (name, .zero, .zero)
                    exact = exact + score.exact
                    overlap = overlap + score.overlap
                    modes[mode, default: Group()].add(pair, exact: score.exact, overlap: score.overlap, counts: counts, units: pairUnits, mode: (mode, name))
                }
                pairs[pair, default: Group()].add(pair, exact: exact, overlap: overlap, counts: counts, units: pairUnits)
                pairs[pair]!.documents += 1
                stages[document.stage, default: Group()].add(pair, exact: exact, overlap: overlap, counts: counts, units: pairUnits)
            }
        }
        stages[document.stage]!.documents += 1
        for mode in modeNumbers { modes[mode]!.documents += 1 }
        worst.add(id: document.externalId, kappa: documentKappas.isEmpty ? nil : documentKappas.reduce(0, +) / Double(documentKappas.count),
                  reviewers: names)

        if versions.count >= 3, versions.count == (fleissRaters ?? versions.count) {
            fleissRaters = versions.count
            CharacterLabels.aligned(runs) { labels, count in
                var counts: [Int: Int] = [:]
                for label in labels { counts[label, default: 0] += 1 }
                fleiss.add(counts, times: count)
            }
        }

        // Ratings of spans every reviewer drew identically: one unit per span (units nobody
        // rated are left out, as Krippendorff's alpha leaves them).
        guard !document.ratings.isEmpty else { return }
        let byReviewer = Dictionary(grouping: document.ratings, by: \.reviewer)
        for span in spans[0] where spans.allSatisfy({ $0.contains(span) }) {
            var unit: [String: Int] = [:]
            for (version, name) in names.enumerated() {
                guard let record = versions[version].spans.first(where: { $0.span == span }) else { continue }
                for rating in byReviewer[name] ?? [] where rating.spanId == record.id { unit["\(name)\u{1}\(rating.dimension)"] = rating.value }
            }
            if !unit.isEmpty { ratingUnits.append(unit) }
        }
    }

    /// The report of every document added, ratings compared on `rubric`'s dimensions, with the
    /// `limit` worst documents (at most those the builder keeps).
    func report(rubric: Rubric, worst limit: Int) -> AgreementReport {
        let names = reviewers.names.sorted()
        var ratingAlpha: [String: Double?] = [:]
        for dimension in rubric.dimensions {
            let data = names.map { name in ratingUnits.map { $0["\(name)\u{1}\(dimension.name)"] } }
            if data.contains(where: { $0.contains { $0 != nil } }) {
                ratingAlpha[dimension.name] = KrippendorffAlpha.compute(data, metric: .ordinal)
            }
        }
        let pairFigures = pairs.map { pair, group in
            group.figures("\(reviewers.names[pair.first]) · \(reviewers.names[pair.second])", category: nil)
        }
        let modeFigures = modes.map { mode, group in group.figures(labels.names[mode], category: labels.names[mode]) }
        let stageFigures = stages.map { stage, group in group.figures(stage.map { "stage \($0)" } ?? "no stage", category: nil) }
        return AgreementReport(
            documents: documents, reviewers: names,
            pairs: pairFigures.sorted { $0.group < $1.group },
            modes: modeFigures.sorted { $0.group < $1.group },
            stages: stageFigures.sorted { $0.group < $1.group },
            fleissKappa: fleiss.kappa, ratingAlpha: ratingAlpha, confusion: confusion.matrix(names: labels.names),
            worst: Array(worst.documents.prefix(limit)))
    }
}

extension AgreementBuilder: CompactlyKept {
    func write(to writer: inout CompactSums.Writer) {
        writer.count(documents)
        reviewers.write(to: &writer)
        labels.write(to: &writer)
        writer.each(pairs) { $1.key.write(to: &$0); $1.value.write(to: &$0) }
        writer.each(modes) { $0.count($1.key); $1.value.write(to: &$0) }
        writer.each(stages) { $0.optional($1.key); $1.value.write(to: &$0) }
        fleiss.write(to: &writer)
        writer.optional(fleissRaters)
        writer.each(ratingUnits) { writer, unit in writer.each(unit) { $0.string($1.key); $0.signed($1.value) } }
        confusion.write(to: &writer)
        worst.write(to: &writer)
    }

    /// Sums as `write` wrote them, checked to number no reviewer or label they do not name (which
    /// `append` would trap on).
    init(reading reader: inout CompactSums.Reader) throws {
        let documents = try reader.count()
        let reviewers = try NameNumbers(reading: &reader), labels = try NameNumbers(reading: &reader)
        let check = Group.Check(reviewers: reviewers.names.count, labels: labels.names.count)
        var pairs: [Pair: Group] = [:], modes: [Int: Group] = [:], stages: [Int?: Group] = [:]
        for _ in 0..<(try reader.count(ofItemsAtLeast: 2)) {
            let pair = try Pair(reading: &reader, reviewers: check.reviewers)
            pairs[pair] = try Group(reading: &reader, check)
        }
        for _ in 0..<(try reader.count(ofItemsAtLeast: 2)) {
            let mode = try reader.count()
            guard mode < check.labels else { throw CompactSums.Corrupt() }
            modes[mode] = try Group(reading: &reader, check)
        }
        for _ in 0..<(try reader.count(ofItemsAtLeast: 2)) {
            let stage = try reader.optional()
            stages[stage] = try Group(reading: &reader, check)
        }
        let fleiss = try FleissKappa.Accumulator<Int>(reading: &reader)
        let fleissRaters = try reader.optional()
        var ratingUnits: [[String: Int]] = []
        for _ in 0..<(try reader.count(ofItemsAtLeast: 1)) {
            var unit: [String: Int] = [:]
            for _ in 0..<(try reader.count(ofItemsAtLeast: 2)) { unit[try reader.string()] = try reader.signed() }
            ratingUnits.append(unit)
        }
        let confusion = try LabelCounts(reading: &reader)
        guard confusion.size <= check.labels else { throw CompactSums.Corrupt() }
        self.init(worst: 0)
        self.documents = documents
        (self.reviewers, self.labels) = (reviewers, labels)
        (self.pairs, self.modes, self.stages) = (pairs, modes, stages)
        (self.fleiss, self.fleissRaters) = (fleiss, fleissRaters)
        guard fleiss.categories.allSatisfy({ $0 >= 0 && $0 < check.labels }) else { throw CompactSums.Corrupt() }
        (self.ratingUnits, self.confusion) = (ratingUnits, confusion)
        worst = try WorstDocuments(reading: &reader)
    }
}

extension AgreementBuilder.Pair {
    func write(to writer: inout CompactSums.Writer) {
        writer.count(first)
        writer.count(second)
    }

    init(reading reader: inout CompactSums.Reader, reviewers: Int) throws {
        self.init(first: try reader.count(), second: try reader.count())
        guard first < reviewers, second < reviewers else { throw CompactSums.Corrupt() }
    }
}

extension AgreementBuilder.Group {
    /// How many reviewers and labels the builder read names: numbers must be below.
    struct Check {
        var reviewers: Int
        var labels: Int
    }

    func write(to writer: inout CompactSums.Writer) {
        writer.count(documents)
        exact.write(to: &writer)
        overlap.write(to: &writer)
        writer.each(matrices) { $1.key.write(to: &$0); $1.value.write(to: &$0) }
        writer.each(alphas) { $1.key.write(to: &$0); $1.value.write(to: &$0) }
    }

    init(reading reader: inout CompactSums.Reader, _ check: Check) throws {
        self.init()
        documents = try reader.count()
        exact = try F1Score(reading: &reader)
        overlap = try F1Score(reading: &reader)
        for _ in 0..<(try reader.count(ofItemsAtLeast: 3)) {
            let pair = try AgreementBuilder.Pair(reading: &reader, reviewers: check.reviewers)
            let counts = try LabelCounts(reading: &reader)
            guard counts.size <= check.labels else { throw CompactSums.Corrupt() }
            matrices[pair] = counts
        }
        for _ in 0..<(try reader.count(ofItemsAtLeast: 3)) {
            let pair = try AgreementBuilder.Pair(reading: &reader, reviewers: check.reviewers)
            let alpha = try UnitizingAlpha.Accumulator(reading: &reader)
            guard alpha.coders == 2 else { throw CompactSums.Corrupt() }
            alphas[pair] = alpha
        }
    }
}
