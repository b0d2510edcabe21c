import GRDB
import TrellisCore
import TrellisModel

/// A document whose independent versions await adjudication, and how they compare.
public struct PendingAdjudication: Sendable {
    public var documentID: Int64
    public var externalID: String
    public var comparison: VersionComparison
}

extension AppDatabase {
    /// Makes `version` the document's shared version, judged by `adjudicator` as taken from the
    /// reviewers (each span's decision, ratings and note, and the document's), bound to that
    /// version as adjudicated (any later change makes them stale), and records the adjudication
    /// and, per span, the reviewers' spans whose judgements it took (export names them). One
    /// history entry, undoable.
    public func adjudicate(document documentID: Int64, version: AdjudicatedVersion, by adjudicator: String, automatic: Bool = false, schema: TagSchema) throws -> StoredDocument {
        if isReadOnly { throw StoreError.readOnly(path ?? "database") }
        return try write { db in
            try self.requireAdjudicator(adjudicator, of: documentID, in: db)
            let adjudicatorID = try self.reviewer(named: adjudicator, in: db).id
            var before = ChangeSet(), after = ChangeSet()
            for var old in try SpanRecord.live(in: documentID).fetchAll(db) {
                before.spans.append(SpanSnapshot(old))
                old.deleted = true
                after.spans.append(SpanSnapshot(old))
            }
            let chosenSpans = version.placed
            let placed = chosenSpans.map(\.span)
            // The adjudicator's judgements are bound to the version as adjudicated.
            let states = DecisionState.fingerprints(of: placed)
            for (index, chosen) in chosenSpans.enumerated() {
                let span = chosen.span
                var record = SpanRecord(id: try SpanRecord.insert(span, documentID: documentID, owner: nil, deleted: true, in: db),
                                        documentId: documentID, span: span, deleted: true)
                before.spans.append(SpanSnapshot(record))
                record.deleted = false
                after.spans.append(SpanSnapshot(record))
                for (dimension, value) in chosen.ratings.sorted(by: { $0.key < $1.key }) {
                    before.ratings.append(RatingSnapshot(spanId: record.id, reviewerId: adjudicatorID, dimension: dimension, value: nil))
                    after.ratings.append(RatingSnapshot(spanId: record.id, reviewerId: adjudicatorID, dimension: dimension, value: value, seen: states[index]))
                }
                before.spanReviews.append(SpanReviewSnapshot(spanId: record.id, reviewerId: adjudicatorID, decision: nil, note: nil))
                after.spanReviews.append(SpanReviewSnapshot(spanId: record.id, reviewerId: adjudicatorID, decision: chosen.decision, note: chosen.note,
                                                            seen: chosen.decision == nil ? nil : states[index]))
                for source in Set(chosen.sources) {
                    try db.execute(sql: "INSERT OR IGNORE INTO adjudication_source (span_id, source_span_id) VALUES (?, ?)", arguments: [record.id, source])
                }
            }
            // The document's decision taken is the adjudicator's, on the document as adjudicated.
            let contentHash = try String.fetchOne(db, sql: "SELECT content_hash FROM document WHERE id = ?", arguments: [documentID]) ?? ""
            let documentReview = DocumentReviewSnapshot(
                documentId: documentID, reviewerId: adjudicatorID, decision: version.documentDecision, note: version.documentNote,
                seen: version.documentDecision == nil ? nil : DecisionState.fingerprint(ofDocument: placed, contentHash: contentHash))
            let previous = try ChangeSet(documentReviews: [documentReview]).current(in: db)
            if previous.documentReviews != [documentReview] {
                before.documentReviews = previous.documentReviews
                after.documentReviews = [documentReview]
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
        try read { db in
            try String.fetchOne(db, sql: "SELECT v.name FROM adjudication a JOIN reviewer v ON v.id = a.adjudicator_id WHERE a.document_id = ?", arguments: [documentID])
        }
    }

    /// The reviewers' independent versions of a document with their own judgements, for
    /// `adjudicator` to compare. Refused, before anything is read, to whoever may not adjudicate
    /// it: blind review stays blind.
    public func versionsToAdjudicate(of documentID: Int64, by adjudicator: String) throws -> [ReviewedVersion] {
        try read { db in
            try self.requireAdjudicator(adjudicator, of: documentID, in: db)
            return try Self.reviewedVersions(of: documentID, in: db)
        }
    }

    /// Adjudicates every document whose independent versions agree in everything and may be
    /// accepted without a person (``VersionComparison/acceptsAutomatically``): the agreed spans
    /// with their common judgements (ratings: the median). Returns the ids of the documents accepted.
    public func autoAdjudicate(by adjudicator: String, schema: TagSchema, rubric: Rubric) throws -> [String] {
        var accepted: [String] = []
        try forEachPendingAdjudication(rubric: rubric, by: adjudicator) { pending in
            guard pending.comparison.acceptsAutomatically else { return }
            _ = try adjudicate(document: pending.documentID, version: pending.comparison.resolve([]), by: adjudicator, automatic: true, schema: schema)
            accepted.append(pending.externalID)
        }
        return accepted
    }

    /// Calls `body` for every document with two or more independent versions that is not yet
    /// adjudicated and that `adjudicator` may adjudicate, in id order, with how its versions
    /// compare. Refused to whoever may not adjudicate.
    public func forEachPendingAdjudication(rubric: Rubric, by adjudicator: String, _ body: (PendingAdjudication) throws -> Void) throws {
        try read { db in try self.require([.adjudicator, .admin], of: adjudicator, to: "adjudicate", in: db) }
        var after: Int64 = 0
        while true {
            let page = try documentsWithVersions(after: after)
            guard let last = page.last else { return }
            after = last
            let pending = try read { db in
                try page.compactMap { documentID -> PendingAdjudication? in
                    guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM adjudication WHERE document_id = ?)", arguments: [documentID]) != true,
                          (try? self.requireAdjudicator(adjudicator, of: documentID, in: db)) != nil,
                          let externalID = try String.fetchOne(db, sql: "SELECT external_id FROM document WHERE id = ?", arguments: [documentID]) else { return nil }
                    let comparison = VersionComparison(versions: try Self.reviewedVersions(of: documentID, in: db), rubric: rubric)
                    return PendingAdjudication(documentID: documentID, externalID: externalID, comparison: comparison)
                }
            }
            try pending.forEach(body)
        }
    }

    /// Every independent version of a document with its owner's own judgements (theirs only),
    /// by reviewer name. A decision or rating made on an earlier state of a span (or of the
    /// version, for the document's decision) is marked as such: it is not one of this state.
    static func reviewedVersions(of documentID: Int64, in db: Database) throws -> [ReviewedVersion] {
        let versions = try versions(of: [documentID], in: db)[documentID] ?? []
        let states = spanStates(of: versions)
        var decisions: [Int64: (decision: String?, isCurrent: Bool, note: String?)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.id, r.decision, r.seen, r.note FROM span s JOIN span_review r ON r.span_id = s.id AND r.reviewer_id = s.owner_id
            WHERE s.document_id = ? AND s.owner_id IS NOT NULL AND s.deleted = 0
            """, arguments: [documentID]) {
            let spanID: Int64 = try row.decode(atIndex: 0), seen: Int64? = try row.decode(atIndex: 2)
            decisions[spanID] = (try row.decode(atIndex: 1), seen != nil && seen == states[spanID], try row.decode(atIndex: 3))
        }
        var ratings: [Int64: (current: [String: Int], earlier: [String: Int])] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.id, r.dimension, r.value, r.seen FROM span s JOIN rating r ON r.span_id = s.id AND r.reviewer_id = s.owner_id
            WHERE s.document_id = ? AND s.owner_id IS NOT NULL AND s.deleted = 0
            """, arguments: [documentID]) {
            let spanID: Int64 = try row.decode(atIndex: 0), dimension: String = try row.decode(atIndex: 1), value: Int = try row.decode(atIndex: 2)
            let seen: Int64? = try row.decode(atIndex: 3)
            if seen != nil && seen == states[spanID] { ratings[spanID, default: ([:], [:])].current[dimension] = value } else { ratings[spanID, default: ([:], [:])].earlier[dimension] = value }
        }
        let contentHash = try String.fetchOne(db, sql: "SELECT content_hash FROM document WHERE id = ?", arguments: [documentID]) ?? ""
        var documentReviews: [String: (decision: String?, seen: Int64?, note: String?)] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT v.name, r.decision, r.seen, r.note FROM document_review r JOIN reviewer v ON v.id = r.reviewer_id WHERE r.document_id = ?
            """, arguments: [documentID]) {
            documentReviews[try row.decode(atIndex: 0)] = (try row.decode(atIndex: 1), try row.decode(atIndex: 2), try row.decode(atIndex: 3))
        }
        return versions.map { version in
            let review = documentReviews[version.reviewer]
            let state = DecisionState.fingerprint(ofDocument: version.spans.map(\.span), contentHash: contentHash)
            return ReviewedVersion(
                reviewer: version.reviewer,
                spans: version.spans.map { record in
                    let judgement = decisions[record.id], rated = ratings[record.id]
                    return ReviewedSpan(id: record.id, span: record.span, decision: judgement?.decision, decisionIsCurrent: judgement?.isCurrent ?? true,
                                        ratings: rated?.current ?? [:], ratingsBeforeChange: rated?.earlier ?? [:], note: judgement?.note)
                },
                documentDecision: review?.decision, documentDecisionIsCurrent: review?.seen != nil && review?.seen == state, documentNote: review?.note)
        }
    }

    /// Refuses unless `name` may adjudicate `documentID`: an adjudicator or admin (anyone before
    /// the database has an admin), and never a plain reviewer who reviews it independently
    /// themselves, whose review must stay blind.
    func requireAdjudicator(_ name: String, of documentID: Int64, in db: Database) throws {
        try require([.adjudicator, .admin], of: name, to: "adjudicate", in: db)
        guard let reviewer = try ReviewerRecord.filter(Column("name") == name).fetchOne(db), reviewer.role == .reviewer else { return }
        if let refusal = RolePolicy.blindRefusal(of: name, role: reviewer.role, reviewsBlind: try Self.reviewsBlind(documentID, reviewerID: reviewer.id, in: db)) {
            throw StoreError.refused(refusal)
        }
    }
}
