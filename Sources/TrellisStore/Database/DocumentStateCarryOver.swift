import GRDB
import TrellisCore
import TrellisModel

/// Migration v29 (`v29-additive-document-state`): a document's state fingerprint became additive
/// over its spans (``DecisionState``), so every document fingerprint stored before (decisions'
/// `seen`, and the `seen` of document decisions in history entries, which undo and redo put
/// back) is carried over to the new fingerprint of the same state.
///
/// Per document holding one, the current state of each version is fingerprinted both ways; then,
/// when its history holds document decisions, it is walked back (``SpanRewind``) and the state
/// right after each entry holding some is fingerprinted both ways for the versions of the shared
/// spans and of the reviewers those decisions are by, until every stored fingerprint is matched
/// or history runs out. A decision current before stays current; a stale
/// one bound to a state history reaches is carried to that state, so undoing back to it makes the
/// decision current again, as before. A fingerprint no state matches (written outside Trellis,
/// or a state history cannot rebuild) stays as it is: it equals no new fingerprint, so the
/// decision is stale and gold leaves it out (the safe side).
///
/// What was matched is kept in `carried_document_state` (history is append-only and is not
/// rewritten): undo, redo and revert read old entries through
/// ``ChangeSet/carryingDocumentStates(of:in:)``. The span sum of each version a decision is
/// current on is kept too (``VersionState``); the others' are worked out when first needed.
enum DocumentStateCarryOver {
    static func run(in db: Database) throws {
        // Carrying a fingerprint over changes no decision from current to stale or back, so
        // what the quality cache kept of a document still holds: the changes the triggers log
        // for the updates below are taken back.
        let logged = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(id), 0) FROM quality_change") ?? 0
        // Only documents whose history holds document decisions have their history read.
        let withHistory = Set(try Int64.fetchAll(db, sql: """
            SELECT DISTINCT document_id FROM history
            WHERE action <> 'reimport' AND (instr(after, '"document_reviews"') > 0 OR instr(before, '"document_reviews"') > 0)
            """))
        for documentID in withHistory.sorted() { try carryThroughHistory(documentID, in: db) }
        for documentID in try Int64.fetchAll(db, sql: "SELECT DISTINCT document_id FROM document_review WHERE seen IS NOT NULL ORDER BY 1")
        where !withHistory.contains(documentID) {
            try carryFromNow(documentID, in: db)
        }
        try db.execute(sql: "DELETE FROM quality_change WHERE id > ?", arguments: [logged])
    }

    /// A document whose history holds no document decision (decisions written outside Trellis):
    /// its decisions are matched against its versions as they are now, read in one statement.
    private static func carryFromNow(_ documentID: Int64, in db: Database) throws {
        let contentHash = try String.fetchOne(db.cachedStatement(sql: "SELECT content_hash FROM document WHERE id = ?"), arguments: [documentID]) ?? ""
        let wanted = Set(try Int64.fetchAll(db.cachedStatement(sql: "SELECT seen FROM document_review WHERE document_id = ? AND seen IS NOT NULL"),
                                            arguments: [documentID]))
        // Each version's spans in document order (equal spans by id, as `SpanRewind` orders them).
        var versions: [(owner: Int64?, spans: [Span])] = [(nil, [])]
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT owner_id, start, "end", label, depth FROM span WHERE document_id = ? AND deleted = 0 ORDER BY owner_id, start, "end" DESC, depth, id
            """), arguments: [documentID])
        while let row = try rows.next() {
            let owner: Int64? = try row.decode(atIndex: 0)
            if versions[versions.count - 1].owner != owner { versions.append((owner, [])) }
            versions[versions.count - 1].spans.append(Span(start: try row.decode(atIndex: 1), end: try row.decode(atIndex: 2),
                                                           label: try row.decode(atIndex: 3), depth: try row.decode(atIndex: 4)))
        }
        var carried: [Int64: Int64] = [:]
        for version in versions where match(version.spans, contentHash: contentHash, wanted: wanted, into: &carried) {
            try VersionState.set(documentID, owner: version.owner, to: DecisionState.spanSum(of: version.spans), in: db)
        }
        try write(carried, of: documentID, in: db)
    }

    /// A document whose history holds document decisions: its current versions, then the states
    /// right after those entries, walked back.
    private static func carryThroughHistory(_ documentID: Int64, in db: Database) throws {
        let entries = try HistoryRecord.filter(Column("document_id") == documentID).order(Column("id").desc).fetchAll(db)
        let changes = entries.map { $0.action == "reimport" ? nil : try? AppDatabase.changes(of: $0) }
        var wanted = Set(try Int64.fetchAll(db, sql: "SELECT seen FROM document_review WHERE document_id = ? AND seen IS NOT NULL", arguments: [documentID]))
        for change in changes.compactMap({ $0 }) {
            wanted.formUnion((change.before.documentReviews + change.after.documentReviews).compactMap(\.seen))
        }
        var carried: [Int64: Int64] = [:]
        var rewind = try SpanRewind(documentID: documentID, in: db)
        // The state now, of every version (a decided one's sum kept from now on).
        for owner in Set(rewind.spans.values.map(\.owner)).union([nil]) {
            let spans = rewind.version(owner).map(\.span)
            if match(spans, contentHash: rewind.contentHash, wanted: wanted, into: &carried) {
                try VersionState.set(documentID, owner: owner, to: DecisionState.spanSum(of: spans), in: db)
            }
        }
        for (entry, change) in zip(entries, changes) {
            guard !wanted.isSubset(of: carried.keys) else { break }
            // The state right after this entry, which a decision it made was bound to (by then,
            // or by v7 when the entry is older).
            if let reviews = change?.after.documentReviews, !reviews.isEmpty {
                for owner in Set(reviews.map { Optional($0.reviewerId) }).union([nil]) {
                    match(rewind.version(owner).map(\.span), contentHash: rewind.contentHash, wanted: wanted, into: &carried)
                }
            }
            try rewind.undo(entry, in: db)
        }
        try write(carried, of: documentID, in: db)
    }

    /// Keeps what was matched and moves the document's decisions over to it.
    private static func write(_ carried: [Int64: Int64], of documentID: Int64, in db: Database) throws {
        for (sequential, additive) in carried {
            try db.cachedStatement(sql: "INSERT INTO carried_document_state (document_id, sequential, additive) VALUES (?, ?, ?)")
                .execute(arguments: [documentID, sequential, additive])
            try db.cachedStatement(sql: "UPDATE document_review SET seen = ? WHERE document_id = ? AND seen = ?").execute(arguments: [additive, documentID, sequential])
        }
    }

    /// Records the new fingerprint of a state whose old one is wanted; whether it was.
    @discardableResult
    private static func match(_ spans: [Span], contentHash: String, wanted: Set<Int64>, into carried: inout [Int64: Int64]) -> Bool {
        let sequential = DecisionState.sequentialFingerprint(ofDocument: spans, contentHash: contentHash)
        guard wanted.contains(sequential) else { return false }
        if carried[sequential] == nil { carried[sequential] = DecisionState.fingerprint(ofDocument: spans, contentHash: contentHash) }
        return true
    }
}

extension ChangeSet {
    /// This history entry's change set with the document fingerprints of decisions written before
    /// v29 carried over to the additive fingerprint of the same state (``DocumentStateCarryOver``);
    /// those that were not carried (and every later one) stay as they are.
    func carryingDocumentStates(of documentID: Int64, in db: Database) throws -> ChangeSet {
        var carried = self
        for index in carried.documentReviews.indices {
            guard let seen = carried.documentReviews[index].seen,
                  let additive = try Int64.fetchOne(db.cachedStatement(sql: """
                      SELECT additive FROM carried_document_state WHERE document_id = ? AND sequential = ?
                      """), arguments: [documentID, seen]) else { continue }
            carried.documentReviews[index].seen = additive
        }
        return carried
    }
}
