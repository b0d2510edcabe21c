import GRDB
import TrellisCore
import TrellisModel

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
    /// Measures agreement over every document with two or more independent versions: the sums of
    /// blocks of documents nothing changed in since the last report are taken as kept, the others
    /// rebuilt from their leaves, comparing again only the leaves that changed (`AgreementCache`),
    /// and kept for the next one (unless the database is read-only).
    public func agreementReport(rubric: Rubric, worst limit: Int = 10) throws -> AgreementReport {
        try agreementReport(rubric: rubric, worst: limit, writingEvery: AgreementCache.Saving.batchBytes)
    }

    /// The report, keeping its sums whenever `batchBytes` of them are pending (tests write after
    /// every block).
    func agreementReport(rubric: Rubric, worst limit: Int, writingEvery batchBytes: Int) throws -> AgreementReport {
        let plan = try read { db in try AgreementCache.plan(worst: limit, in: db) }
        var total = AgreementBuilder(worst: plan.worst)
        var saving = AgreementCache.Saving(plan: plan, batchBytes: batchBytes)
        var staleLeaves = plan.staleLeaves[...]
        for block in (Array(plan.keptBlocks.keys) + plan.staleBlocks).sorted() {
            if let kept = plan.keptBlocks[block], let sums = try? AgreementCache.decoded(kept) {
                total.append(sums)
                continue
            }
            var stale: [Int] = []
            while let leaf = staleLeaves.first, AgreementCache.block(ofLeaf: leaf) <= block {
                if AgreementCache.block(ofLeaf: leaf) == block { stale.append(leaf) }
                staleLeaves.removeFirst()
            }
            let rebuilt: (sums: AgreementBuilder, saved: AgreementCache.Saved)
            do {
                rebuilt = try rebuild(block: block, staleLeaves: plan.keptBlocks[block] == nil ? stale : [], plan: plan)
            } catch is UnreadableSums {
                rebuilt = try rebuild(block: block, staleLeaves: nil, plan: plan)
            }
            total.append(rebuilt.sums)
            if !isReadOnly, saving.add(rebuilt.saved) { try write { db in try saving.write(in: db) } }
        }
        if !isReadOnly, saving.isPending { try write { db in try saving.write(finishing: true, in: db) } }
        return total.report(rubric: rubric, worst: limit)
    }

    /// Kept sums that cannot be decoded: their block is compared again whole.
    private struct UnreadableSums: Error {}

    /// A block's sums from its leaves, in order: `staleLeaves` compared again, the others as kept
    /// (every leaf compared when `staleLeaves` is `nil`, or the plan is full). Returns what to keep.
    private func rebuild(block: Int, staleLeaves: [Int]?, plan: AgreementCache.Plan) throws -> (sums: AgreementBuilder, saved: AgreementCache.Saved) {
        let everyLeaf = AgreementCache.leaves(inBlock: block)
        let compared = plan.isFull ? Array(everyLeaf) : staleLeaves ?? Array(everyLeaf)
        var kept = plan.isFull || staleLeaves == nil ? [:] : try read { db in try AgreementCache.keptLeaves(inBlock: block, in: db) }
        for leaf in compared { kept[leaf] = nil }
        var pending = kept.keys.sorted()[...]
        var sums = AgreementBuilder(worst: plan.worst)
        var saved = AgreementCache.Saved()
        func addKept(before leaf: Int) throws {
            while let next = pending.first, next < leaf {
                guard let leafSums = try? AgreementCache.decoded(kept[next]!) else { throw UnreadableSums() }
                sums.append(leafSums)
                pending.removeFirst()
            }
        }
        var found = Set<Int>()
        try compare(leaves: compared, keepingWorst: plan.worst) { leaf, leafSums in
            try addKept(before: leaf)
            sums.append(leafSums)
            found.insert(leaf)
            saved.leaves.append((leaf, leafSums.documents == 0 ? nil : AgreementCache.encoded(leafSums)))
        }
        try addKept(before: .max)
        for leaf in compared where !found.contains(leaf) && !plan.isFull { saved.leaves.append((leaf, nil)) }
        saved.blocks.append((block, sums.documents == 0 ? nil : AgreementCache.encoded(sums)))
        return (sums, saved)
    }

    /// Compares the documents of `leaves` (sorted), giving each leaf that holds documents with
    /// versions to `body` in order; the next page is read (SQLite and decoding) on a second
    /// thread while this one compares.
    private func compare(leaves: [Int], keepingWorst worst: Int, _ body: (Int, AgreementBuilder) throws -> Void) throws {
        // Runs of consecutive leaves, read as one range of documents.
        var start = 0
        let runs = leaves.indices.compactMap { index -> ClosedRange<Int64>? in
            guard index + 1 == leaves.count || leaves[index + 1] != leaves[index] + 1 else { return nil }
            defer { start = index + 1 }
            return AgreementCache.documents(inLeaves: leaves[start]...leaves[index])
        }
        guard !runs.isEmpty else { return }
        let reader = BackgroundBatch<(run: Int, page: [VersionedDocument])?>(label: "trellis.agreement.read")
        // Reads the next page from `after` in the run at `index`, or in the next runs.
        func startReading(run index: Int, after: Int64) {
            reader.start { [self] in
                try read { db in
                    var (index, after) = (index, after)
                    while index < runs.count {
                        let page = try Self.versionedDocuments(after: max(after, runs[index].lowerBound - 1), through: runs[index].upperBound, in: db)
                        if !page.isEmpty { return (index, page) }
                        (index, after) = (index + 1, 0)
                    }
                    return nil
                }
            }
        }
        var current: (leaf: Int, sums: AgreementBuilder)?
        startReading(run: 0, after: 0)
        while let next = try reader.collect(), let (index, page) = next, let last = page.last {
            startReading(run: index, after: last.id)
            for document in page {
                let leaf = AgreementCache.leaf(of: document.id)
                if let finished = current, finished.leaf != leaf {
                    try body(finished.leaf, finished.sums)
                    current = nil
                }
                if current == nil { current = (leaf, AgreementBuilder(worst: worst)) }
                current!.sums.add(document)
            }
        }
        if let current { try body(current.leaf, current.sums) }
    }

    /// The next page of documents with two or more independent versions, up to `through`, their
    /// versions and the versions' ratings, in five queries (six when the versions carry ratings).
    private static func versionedDocuments(after: Int64, through: Int64, in db: Database) throws -> [VersionedDocument] {
        let ids = try documentsWithVersions(after: after, through: through, limit: 500, in: db)
        guard !ids.isEmpty else { return [] }
        let versions = try Self.versions(of: ids, in: db)
        let spanIDs = versions.values.joined().flatMap { $0.spans.map(\.id) }
        let ratings = try spanIDs.min().map { first in
            Dictionary(grouping: try Self.versionRatings(of: ids, spanIDs: first...spanIDs.max()!, in: db), by: \.spanId)
        } ?? [:]
        return try Row.fetchAll(db, sql: """
            SELECT id, external_id, length, stage FROM document WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ","))) ORDER BY id
            """, arguments: StatementArguments(ids)).map { row in
            let id: Int64 = try row.decode(atIndex: 0)
            let documentVersions = versions[id] ?? []
            let documentRatings = ratings.isEmpty ? [] : documentVersions.flatMap { $0.spans.flatMap { ratings[$0.id] ?? [] } }
            return VersionedDocument(id: id, externalId: try row.decode(atIndex: 1), length: try row.decode(atIndex: 2), stage: try row.decode(atIndex: 3), versions: documentVersions, ratings: documentRatings)
        }
    }
}

/// A document as agreement reads it: what identifies it, its reviewers' versions, their ratings.
struct VersionedDocument: Sendable {
    var id: Int64
    var externalId: String
    /// In code points.
    var length: Int
    var stage: Int?
    var versions: [(reviewer: String, spans: [SpanRecord])]
    var ratings: [SpanRating]
}
