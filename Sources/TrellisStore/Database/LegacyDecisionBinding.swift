import Foundation
import GRDB
import TrellisCore
import TrellisModel

/// Migration v7: binds every decision and rating made before decisions recorded the state they
/// were made on to that state, worked out from history. Walking a document's history back from
/// its current state, each decision (or rating) is bound to the spans as they were right after the
/// entry that last set it; a note-only change does not rebind a decision. Those that no entry
/// set (written outside Trellis) are bound to the current state. So an approval followed by a
/// boundary move is stale after the migration, as it would have been had it been made since.
/// Document decisions are bound to the document fingerprint of the time (sequential), which
/// `v29-additive-document-state` carries over (``DocumentStateCarryOver``).
enum LegacyDecisionBinding {
    static func bind(in db: Database) throws {
        let documents = try Int64.fetchAll(db, sql: """
            SELECT s.document_id FROM span_review r JOIN span s ON s.id = r.span_id WHERE r.decision IS NOT NULL
            UNION SELECT s.document_id FROM rating r JOIN span s ON s.id = r.span_id
            UNION SELECT document_id FROM document_review WHERE decision IS NOT NULL
            """)
        for documentID in documents {
            var walk = try Walk(documentID: documentID, in: db)
            try walk.run(in: db)
            try walk.write(in: db)
        }
    }

    private struct RatingKey: Hashable { var span: Int64, reviewer: Int64, dimension: String }
    private struct SpanReviewKey: Hashable { var span: Int64, reviewer: Int64 }

    /// One document's history, walked back from its current state.
    private struct Walk {
        let documentID: Int64
        /// The spans of every version at the point of the walk.
        var rewind: SpanRewind
        var ratings: [RatingKey: Int64?] = [:]
        var spanReviews: [SpanReviewKey: Int64?] = [:]
        var documentReviews: [Int64: Int64?] = [:]
        /// Which of the above still wait for the entry that set them.
        var pendingRatings: Set<RatingKey> = []
        var pendingSpanReviews: Set<SpanReviewKey> = []
        var pendingDocumentReviews: Set<Int64> = []

        init(documentID: Int64, in db: Database) throws {
            self.documentID = documentID
            rewind = try SpanRewind(documentID: documentID, in: db)
            for row in try Row.fetchAll(db, sql: """
                SELECT r.span_id, r.reviewer_id, r.dimension FROM rating r JOIN span s ON s.id = r.span_id WHERE s.document_id = ?
                """, arguments: [documentID]) {
                pendingRatings.insert(RatingKey(span: try row.decode(atIndex: 0), reviewer: try row.decode(atIndex: 1), dimension: try row.decode(atIndex: 2)))
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT r.span_id, r.reviewer_id FROM span_review r JOIN span s ON s.id = r.span_id WHERE s.document_id = ? AND r.decision IS NOT NULL
                """, arguments: [documentID]) {
                pendingSpanReviews.insert(SpanReviewKey(span: try row.decode(atIndex: 0), reviewer: try row.decode(atIndex: 1)))
            }
            pendingDocumentReviews = Set(try Int64.fetchAll(db, sql: "SELECT reviewer_id FROM document_review WHERE document_id = ? AND decision IS NOT NULL",
                                                            arguments: [documentID]))
            // Whatever no history entry set is bound to the state as it is now.
            for key in pendingRatings { ratings[key] = try spanState(key.span, in: db) }
            for key in pendingSpanReviews { spanReviews[key] = try spanState(key.span, in: db) }
            for reviewer in pendingDocumentReviews { documentReviews[reviewer] = documentState(of: reviewer) }
        }

        mutating func run(in db: Database) throws {
            var after: Int64 = .max
            while !(pendingRatings.isEmpty && pendingSpanReviews.isEmpty && pendingDocumentReviews.isEmpty) {
                let entries = try HistoryRecord.filter(Column("document_id") == documentID && Column("id") < after)
                    .order(Column("id").desc).limit(200).fetchAll(db)
                guard let last = entries.last else { return }
                after = last.id
                for entry in entries { try rewind(entry, in: db) }
            }
        }

        /// Binds what `entry` set (the state now being the one right after it), then puts the
        /// spans back as they were before it.
        private mutating func rewind(_ entry: HistoryRecord, in db: Database) throws {
            if entry.action == "reimport" {
                try rewind.undo(entry, in: db)
                return
            }
            guard let (before, after) = try? AppDatabase.changes(of: entry) else { return }
            for rating in after.ratings {
                let key = RatingKey(span: rating.spanId, reviewer: rating.reviewerId, dimension: rating.dimension)
                let old = before.ratings.first { $0.spanId == rating.spanId && $0.reviewerId == rating.reviewerId && $0.dimension == rating.dimension }
                guard pendingRatings.contains(key), old?.value != rating.value else { continue }
                ratings[key] = try spanState(rating.spanId, in: db)
                pendingRatings.remove(key)
            }
            for review in after.spanReviews {
                let key = SpanReviewKey(span: review.spanId, reviewer: review.reviewerId)
                let old = before.spanReviews.first { $0.spanId == review.spanId && $0.reviewerId == review.reviewerId }
                guard pendingSpanReviews.contains(key), old?.decision != review.decision else { continue }
                spanReviews[key] = try spanState(review.spanId, in: db)
                pendingSpanReviews.remove(key)
            }
            for review in after.documentReviews {
                let old = before.documentReviews.first { $0.reviewerId == review.reviewerId }
                guard pendingDocumentReviews.contains(review.reviewerId), old?.decision != review.decision else { continue }
                documentReviews[review.reviewerId] = documentState(of: review.reviewerId)
                pendingDocumentReviews.remove(review.reviewerId)
            }
            for span in before.spans { try rewind.set(span, in: db) }
        }

        private mutating func spanState(_ spanID: Int64, in db: Database) throws -> Int64? {
            try rewind.load(spanID, in: db)
            guard let known = rewind.spans[spanID], !known.snapshot.deleted else { return nil }
            let live = rewind.version(known.owner)
            guard let index = live.firstIndex(where: { $0.id == spanID }) else { return nil }
            return DecisionState.fingerprint(ofSpanAt: index, in: live.map(\.span))
        }

        /// A document decision's state: the reviewer's own version when they have one, else the shared one.
        private func documentState(of reviewer: Int64) -> Int64 {
            let owner: Int64? = rewind.spans.values.contains { $0.owner == reviewer } ? reviewer : nil
            return DecisionState.sequentialFingerprint(ofDocument: rewind.version(owner).map(\.span), contentHash: rewind.contentHash)
        }

        func write(in db: Database) throws {
            for (key, seen) in ratings {
                try db.execute(sql: "UPDATE rating SET seen = ? WHERE span_id = ? AND reviewer_id = ? AND dimension = ?", arguments: [seen, key.span, key.reviewer, key.dimension])
            }
            for (key, seen) in spanReviews {
                try db.execute(sql: "UPDATE span_review SET seen = ? WHERE span_id = ? AND reviewer_id = ?", arguments: [seen, key.span, key.reviewer])
            }
            for (reviewer, seen) in documentReviews {
                try db.execute(sql: "UPDATE document_review SET seen = ? WHERE document_id = ? AND reviewer_id = ?", arguments: [seen, documentID, reviewer])
            }
        }
    }
}
