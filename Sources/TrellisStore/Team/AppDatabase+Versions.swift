import GRDB
import TrellisCore
import TrellisModel

extension AppDatabase {
    /// The version of a document `reviewer` works on: their own independent copy when the
    /// document is assigned to them for independent review and not yet adjudicated (made from the
    /// shared spans the first time), else the shared version.
    /// A version of more than ``DocumentWindow/wholeLimit`` spans comes as its window near the
    /// document offset `near` (see ``document(id:owner:near:in:)``).
    public func workingDocument(id documentID: Int64, for reviewer: String, near: Int? = nil) throws -> StoredDocument? {
        if isReadOnly { return try read { db in try Self.document(id: documentID, owner: nil, near: near, in: db) } }
        return try write { db in
            let reviewerID = try self.reviewer(named: reviewer, in: db).id
            guard try Self.reviewsBlind(documentID, reviewerID: reviewerID, in: db) else { return try Self.document(id: documentID, owner: nil, near: near, in: db) }
            if try Self.versionOwner(of: documentID, reviewerID: reviewerID, in: db) == nil {
                let shared = try SpanRecord.live(in: documentID).fetchAll(db)
                for span in shared {
                    _ = try SpanRecord.insert(span.span, documentID: documentID, owner: reviewerID, deleted: false, in: db)
                }
                try VersionState.set(documentID, owner: reviewerID, to: DecisionState.spanSum(of: shared.map(\.span)), in: db)
                let problems = try Int.fetchOne(db, sql: "SELECT problem_count FROM document WHERE id = ?", arguments: [documentID]) ?? 0
                try Self.saveVersionSummary(of: documentID, owner: reviewerID, spans: shared.count, problems: problems, in: db)
            }
            return try Self.document(id: documentID, owner: reviewerID, near: near, in: db)
        }
    }

    /// Whether a reviewer reviews a document blind: assigned to review it independently, and it
    /// is not yet adjudicated. They then see their own version only, and nobody else's work on it.
    static func reviewsBlind(_ documentID: Int64, reviewerID: Int64, in db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM assignment WHERE document_id = ? AND reviewer_id = ? AND independent = 1)
               AND NOT EXISTS (SELECT 1 FROM adjudication WHERE document_id = ?)
            """, arguments: [documentID, reviewerID, documentID]) ?? false
    }

    /// Keeps what the list shows an independent reviewer of their version: their own status
    /// (from their document decision and changes), its span and problem counts.
    static func saveVersionSummary(of documentID: Int64, owner: Int64, spans: Int, problems: Int, in db: Database) throws {
        let status = try status(of: documentID, reviewer: owner, in: db)
        try db.execute(sql: """
            UPDATE assignment SET version_status = ?, version_span_count = ?, version_problem_count = ? WHERE document_id = ? AND reviewer_id = ?
            """, arguments: [status.rawValue, spans, problems, documentID, owner])
    }

    /// Re-derives the kept status of a reviewer's independent version, after a change that can
    /// make their document decision stale without touching their version (a re-import).
    static func refreshVersionStatus(of documentID: Int64, reviewer reviewerID: Int64, in db: Database) throws {
        try db.execute(sql: "UPDATE assignment SET version_status = ? WHERE document_id = ? AND reviewer_id = ?",
                       arguments: [try status(of: documentID, reviewer: reviewerID, in: db).rawValue, documentID, reviewerID])
    }

    /// An independent version's own status, span count and problem count, when kept.
    static func versionSummary(of documentID: Int64, owner: Int64, in db: Database) throws -> (status: DocumentStatus?, spans: Int?, problems: Int?) {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT version_status, version_span_count, version_problem_count FROM assignment WHERE document_id = ? AND reviewer_id = ?
            """, arguments: [documentID, owner]) else { return (nil, nil, nil) }
        return ((try row.decode(atIndex: 0) as String?).flatMap(DocumentStatus.init(rawValue:)), try row.decode(atIndex: 1), try row.decode(atIndex: 2))
    }

    /// Every reviewer's independent version of a document, by reviewer name, in name order.
    public func versions(of documentID: Int64) throws -> [(reviewer: String, spans: [SpanRecord])] {
        try read { db in try Self.versions(of: [documentID], in: db)[documentID] ?? [] }
    }

    /// The independent versions of several documents, by document id, in two queries. A
    /// version whose spans were all deleted is still there, empty.
    static func versions(of documentIDs: [Int64], in db: Database) throws -> [Int64: [(reviewer: String, spans: [SpanRecord])]] {
        guard !documentIDs.isEmpty else { return [:] }
        // Every row of every version, deleted ones too (they keep an emptied version there), in
        // the order of the span_versions index, so that SQLite neither sorts nor deduplicates;
        // read through the C API into one array, then cut into versions.
        var rows: [SpanRecord] = []
        var versions: [(document: Int64, owner: Int64, rows: Range<Int>)] = []
        try db.forEachRawRow(sql: """
            SELECT id, document_id, owner_id, start, "end", label, depth, deleted, revision FROM span
            WHERE document_id IN (\(documentIDs.map { _ in "?" }.joined(separator: ","))) AND owner_id IS NOT NULL
            ORDER BY document_id, owner_id, id
            """, arguments: StatementArguments(documentIDs)) { row in
            let documentID = row.int64(1), ownerID = row.int64(2)
            if versions.last?.document != documentID || versions.last?.owner != ownerID { versions.append((documentID, ownerID, rows.count..<rows.count)) }
            guard !row.bool(7) else { return }
            rows.append(SpanRecord(id: row.int64(0), documentId: documentID, ownerId: ownerID,
                                   span: Span(start: row.int(3), end: row.int(4), label: row.string(5), depth: row.int(6)), revision: row.int(8)))
            versions[versions.count - 1].rows = versions[versions.count - 1].rows.lowerBound..<rows.count
        }
        let owners = Set(versions.map(\.owner))
        let names = try Dictionary(uniqueKeysWithValues: Row.fetchAll(db, sql: """
            SELECT id, name FROM reviewer WHERE id IN (\(owners.map { _ in "?" }.joined(separator: ",")))
            """, arguments: StatementArguments(Array(owners))).map { row in (try row.decode(atIndex: 0) as Int64, try row.decode(atIndex: 1) as String) })
        var byDocument: [Int64: [(reviewer: String, spans: [SpanRecord])]] = [:]
        for version in versions {
            // Rows come in id order, nearly always document order too. Sorting is stable: spans
            // alike in document order stay in id order, as the span_by_document index has them.
            let spans = rows[version.rows]
            let inOrder = spans.indices.dropFirst().allSatisfy { !Span.documentOrder(spans[$0].span, spans[$0 - 1].span) }
            byDocument[version.document, default: []].append((names[version.owner]!, inOrder ? Array(spans) : spans.sorted { Span.documentOrder($0.span, $1.span) }))
        }
        return byDocument.mapValues { $0.sorted { $0.reviewer < $1.reviewer } }
    }

    /// The current state (`DecisionState`) of every span of `versions` (as `versions(of:in:)`
    /// gives them), by span id: what a judgement of one must have been made on to count.
    static func spanStates<Versions: Sequence>(of versions: Versions) -> [Int64: Int64] where Versions.Element == (reviewer: String, spans: [SpanRecord]) {
        var states: [Int64: Int64] = [:]
        for version in versions {
            for (record, state) in zip(version.spans, DecisionState.fingerprints(of: version.spans.map(\.span))) { states[record.id] = state }
        }
        return states
    }

    /// The ratings given on the independent versions of several documents, whose live spans'
    /// ids lie within `spanIDs`: when no rating's span does (versions not rated yet), one index
    /// probe answers instead of a probe per span.
    static func versionRatings(of documentIDs: [Int64], spanIDs: ClosedRange<Int64>, in db: Database) throws -> [SpanRating] {
        guard !documentIDs.isEmpty, try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM rating WHERE span_id BETWEEN ? AND ?)",
                                                      arguments: [spanIDs.lowerBound, spanIDs.upperBound]) == true else { return [] }
        return try Row.fetchAll(db, sql: versionRatingsQuery(documents: documentIDs.count), arguments: StatementArguments(documentIDs))
            .map { row in
                SpanRating(spanId: try row.decode(atIndex: 0), reviewer: try row.decode(atIndex: 1), dimension: try row.decode(atIndex: 2), value: try row.decode(atIndex: 3))
            }
    }

    /// The ratings query of `versionRatings` for `documents` ids. `span_by_document` holds only
    /// live spans and their owners, so SQLite finds the spans' ids without reading their rows;
    /// the unary `+` keeps it from choosing `span_versions` instead (which would read every row
    /// to check `deleted`). That is a preference, not an `INDEXED BY`: if the index changes, the
    /// query still runs, and a test of its plan says so.
    static func versionRatingsQuery(documents: Int) -> String {
        """
        SELECT r.span_id, v.name, r.dimension, r.value FROM span s CROSS JOIN rating r ON r.span_id = s.id
        JOIN reviewer v ON v.id = r.reviewer_id
        WHERE s.document_id IN (\(Array(repeating: "?", count: documents).joined(separator: ","))) AND +s.owner_id IS NOT NULL AND s.deleted = 0
        """
    }

    /// Ids of documents that have at least two independent versions, in id order, after `after`.
    public func documentsWithVersions(after: Int64 = 0, limit: Int = 500) throws -> [Int64] {
        try read { db in try Self.documentsWithVersions(after: after, limit: limit, in: db) }
    }

    static func documentsWithVersions(after: Int64, through: Int64 = .max, limit: Int, in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: """
            SELECT document_id FROM span WHERE owner_id IS NOT NULL AND document_id > ? AND document_id <= ?
            GROUP BY document_id HAVING COUNT(DISTINCT owner_id) >= 2 ORDER BY document_id LIMIT ?
            """, arguments: [after, through, limit])
    }
}
