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
    /// chunks of documents nothing changed in since the last report are taken as kept
    /// (`AgreementCache`), the others compared again and kept for the next one (unless the
    /// database is read-only).
    public func agreementReport(rubric: Rubric, worst limit: Int = 10) throws -> AgreementReport {
        let plan = try read { db in try AgreementCache.plan(worst: limit, in: db) }
        let compared = try compare(chunks: plan.stale, keepingWorst: plan.worst)
        if !isReadOnly, !compared.isEmpty || plan.isFull {
            try write { db in try AgreementCache.save(compared, plan: plan, in: db) }
        }
        var total = AgreementBuilder(worst: plan.worst)
        for (_, sums) in plan.kept.merging(compared, uniquingKeysWith: { $1 }).sorted(by: { $0.key < $1.key }) { total.append(sums) }
        return total.report(rubric: rubric, worst: limit)
    }

    /// Compares the documents of each chunk; the next page is read (SQLite and decoding) on a
    /// second thread while this one compares.
    private func compare(chunks: [Int], keepingWorst worst: Int) throws -> [Int: AgreementBuilder] {
        var compared: [Int: AgreementBuilder] = [:]
        guard !chunks.isEmpty else { return compared }
        let reader = BackgroundBatch<(chunk: Int, page: [VersionedDocument])?>(label: "trellis.agreement.read")
        // Reads the next page from `after` in the chunk at `index`, or in the next chunks.
        func startReading(chunk index: Int, after: Int64) {
            reader.start { [self] in
                try read { db in
                    var (index, after) = (index, after)
                    while index < chunks.count {
                        let range = AgreementCache.documents(inChunk: chunks[index])
                        let page = try Self.versionedDocuments(after: max(after, range.lowerBound - 1), through: range.upperBound, in: db)
                        if !page.isEmpty { return (index, page) }
                        (index, after) = (index + 1, 0)
                    }
                    return nil
                }
            }
        }
        for chunk in chunks { compared[chunk] = AgreementBuilder(worst: worst) }
        startReading(chunk: 0, after: 0)
        while let next = try reader.collect(), let (index, page) = next, let last = page.last {
            startReading(chunk: index, after: last.id)
            for document in page { compared[chunks[index]]!.add(document) }
        }
        return compared
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
