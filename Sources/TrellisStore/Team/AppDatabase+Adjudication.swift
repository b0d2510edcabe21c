import GRDB
import TrellisCore

/// A span of an adjudicated version, with the adjudicator's ratings and note.
public struct AdjudicatedSpan: Hashable, Sendable {
    public var span: Span
    public var ratings: [String: Int]
    public var note: String?

    public init(span: Span, ratings: [String: Int], note: String? = nil) {
        self.span = span
        self.ratings = ratings
        self.note = note
    }
}

extension AppDatabase {
    /// Makes `spans` the document's shared version, approved and rated by `adjudicator`, and
    /// records the adjudication (export then uses it). One history entry, undoable.
    public func adjudicate(document documentID: Int64, spans: [AdjudicatedSpan], by adjudicator: String, automatic: Bool = false, schema: TagSchema) throws -> StoredDocument {
        if isReadOnly { throw StoreError.readOnly(path ?? "database") }
        return try writer.write { db in
            try self.require([.adjudicator, .admin], of: adjudicator, to: "adjudicate", in: db)
            let adjudicatorID = try self.reviewer(named: adjudicator, in: db).id!
            var before = ChangeSet(), after = ChangeSet()
            for var old in try SpanRecord.live(in: documentID).fetchAll(db) {
                before.spans.append(SpanSnapshot(old))
                old.deleted = true
                after.spans.append(SpanSnapshot(old))
            }
            let ordered = SpanNesting.assigningDepths(spans.map(\.span))
            for chosen in spans.sorted(by: { Span.documentOrder($0.span, $1.span) }) {
                let span = ordered.first { $0.start == chosen.span.start && $0.end == chosen.span.end && $0.label == chosen.span.label } ?? chosen.span
                var record = SpanRecord(documentId: documentID, span: span, deleted: true)
                try record.insert(db)
                before.spans.append(SpanSnapshot(record))
                record.deleted = false
                after.spans.append(SpanSnapshot(record))
                for (dimension, value) in chosen.ratings.sorted(by: { $0.key < $1.key }) {
                    before.ratings.append(RatingSnapshot(spanId: record.id!, reviewerId: adjudicatorID, dimension: dimension, value: nil))
                    after.ratings.append(RatingSnapshot(spanId: record.id!, reviewerId: adjudicatorID, dimension: dimension, value: value))
                }
                before.spanReviews.append(SpanReviewSnapshot(spanId: record.id!, reviewerId: adjudicatorID, decision: nil, note: nil))
                after.spanReviews.append(SpanReviewSnapshot(spanId: record.id!, reviewerId: adjudicatorID, decision: Decision.approved.rawValue, note: chosen.note))
            }
            try self.commit(automatic ? "auto-adjudicate" : "adjudicate", document: documentID, span: nil, reviewer: adjudicatorID,
                            before: before, after: after, reverts: nil, in: db)
            try db.execute(sql: "INSERT OR REPLACE INTO adjudication (document_id, adjudicator_id, at, automatic) VALUES (?, ?, ?, ?)",
                           arguments: [documentID, adjudicatorID, self.now(), automatic])
            return try self.refreshCounts(of: documentID, owner: nil, schema: schema, in: db)
        }
    }

    /// Who adjudicated a document, if anyone.
    public func adjudicator(of documentID: Int64) throws -> String? {
        try writer.read { db in
            try String.fetchOne(db, sql: "SELECT v.name FROM adjudication a JOIN reviewer v ON v.id = a.adjudicator_id WHERE a.document_id = ?", arguments: [documentID])
        }
    }

    /// Adjudicates every document whose independent versions agree exactly and whose reviewers
    /// each approved all their spans: the agreed spans, with the median of their ratings.
    /// Returns the ids of the documents accepted.
    public func autoAdjudicate(by adjudicator: String, schema: TagSchema) throws -> [String] {
        // Refused even when there is nothing to accept: the role decides, not the data.
        try require([.adjudicator, .admin], of: adjudicator, to: "adjudicate")
        var accepted: [String] = []
        var after: Int64 = 0
        while true {
            let page = try documentsWithVersions(after: after)
            guard let last = page.last else { return accepted }
            after = last
            for documentID in page where try self.adjudicator(of: documentID) == nil {
                guard let agreed = try agreedVersion(of: documentID) else { continue }
                let stored = try adjudicate(document: documentID, spans: agreed, by: adjudicator, automatic: true, schema: schema)
                accepted.append(stored.record.externalId)
            }
        }
    }

    /// The spans every version has, when the versions agree exactly and each is fully approved by its owner.
    private func agreedVersion(of documentID: Int64) throws -> [AdjudicatedSpan]? {
        let versions = try self.versions(of: documentID)
        guard versions.count >= 2, let first = versions.first else { return nil }
        let shape = first.spans.map(\.span)
        guard !shape.isEmpty, versions.allSatisfy({ $0.spans.map(\.span) == shape }) else { return nil }
        let reviews = try writer.read { db in try Self.reviews(of: documentID, in: db) }
        var agreed: [AdjudicatedSpan] = []
        for (index, span) in shape.enumerated() {
            var values: [String: [Int]] = [:]
            for version in versions {
                let spanID = version.spans[index].id
                guard reviews.notes.contains(where: { $0.spanId == spanID && $0.reviewer == version.reviewer && $0.decision == .approved }) else { return nil }
                for rating in reviews.ratings where rating.spanId == spanID && rating.reviewer == version.reviewer {
                    values[rating.dimension, default: []].append(rating.value)
                }
            }
            agreed.append(AdjudicatedSpan(span: span, ratings: values.mapValues { $0.sorted()[($0.count - 1) / 2] }))
        }
        return agreed
    }
}
