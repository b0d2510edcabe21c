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
    /// Measures agreement over every document with two or more independent versions.
    public func agreementReport(rubric: Rubric, worst limit: Int = 10) throws -> AgreementReport {
        var builder = AgreementBuilder(rubric: rubric, worst: limit)
        // The next page is read (SQLite and decoding) on a second thread while this one compares.
        let reader = BackgroundBatch<[VersionedDocument]>(label: "trellis.agreement.read")
        func startReading(after last: Int64) {
            reader.start { [self] in try read { db in try Self.versionedDocuments(after: last, in: db) } }
        }
        startReading(after: 0)
        while let page = try reader.collect(), let last = page.last {
            startReading(after: last.id)
            for document in page { builder.add(document) }
        }
        return builder.report()
    }

    /// The next page of documents with two or more independent versions, their versions and the
    /// versions' ratings, in five queries (six when the versions carry ratings).
    private static func versionedDocuments(after: Int64, in db: Database) throws -> [VersionedDocument] {
        let ids = try documentsWithVersions(after: after, limit: 500, in: db)
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
