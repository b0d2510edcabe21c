import GRDB
import TrellisCore
import TrellisModel

/// The sum of each version's span terms (``DecisionState/spanSum(of:)``), kept in
/// `version_state` so that a document's state (what a decision on the whole document is bound
/// to) costs a row, not a read of every span of a long version.
///
/// The rule of where it is kept: a version has a row once its state was needed in a write (a
/// decision on the document, its status), or when it was written whole (a long document
/// imported, a version copied, a re-import); from then on every write of its spans moves it,
/// in the same transaction: ``ChangeSet/apply(in:at:)`` (every edit, undo, redo, revert and
/// adjudication) by the terms of the spans it changes. A version without a row has its sum
/// worked out from its spans when needed. Whatever writes spans another way must drop the
/// document's rows (``forget(_:in:)``).
enum VersionState {
    /// The key of a version in `version_state`: the owner, 0 for the shared version.
    private static func key(_ owner: Int64?) -> Int64 { owner ?? 0 }

    /// A version's sum: the kept one, else worked out from its live spans (and kept when `keep`,
    /// in a write).
    static func spanSum(of documentID: Int64, owner: Int64?, keep: Bool, in db: Database) throws -> Int64 {
        if let kept = try kept(documentID, owner: owner, in: db) { return kept }
        var sum: Int64 = 0
        let rows = try Row.fetchCursor(db.cachedStatement(sql: """
            SELECT start, "end", label, depth FROM span WHERE document_id = ? AND owner_id IS ? AND deleted = 0
            """), arguments: [documentID, owner])
        while let row = try rows.next() {
            sum = sum &+ DecisionState.spanTerm(Span(start: try row.decode(atIndex: 0), end: try row.decode(atIndex: 1),
                                                     label: try row.decode(atIndex: 2), depth: try row.decode(atIndex: 3)))
        }
        if keep { try set(documentID, owner: owner, to: sum, in: db) }
        return sum
    }

    /// Keeps a version's sum (of spans just written whole).
    static func set(_ documentID: Int64, owner: Int64?, to sum: Int64, in db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO version_state (document_id, owner_id, span_sum) VALUES (?, ?, ?)
            ON CONFLICT (document_id, owner_id) DO UPDATE SET span_sum = excluded.span_sum
            """).execute(arguments: [documentID, key(owner), sum])
    }

    /// Moves a version's kept sum by `delta` (wrapping, in Swift: SQLite's integers turn into
    /// floating point on overflow); a version without a row has nothing to move.
    static func move(_ documentID: Int64, owner: Int64?, by delta: Int64, in db: Database) throws {
        guard delta != 0, let kept = try kept(documentID, owner: owner, in: db) else { return }
        try set(documentID, owner: owner, to: kept &+ delta, in: db)
    }

    /// Drops every kept sum of a document (its spans were written another way).
    static func forget(_ documentID: Int64, in db: Database) throws {
        try db.execute(sql: "DELETE FROM version_state WHERE document_id = ?", arguments: [documentID])
    }

    private static func kept(_ documentID: Int64, owner: Int64?, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT span_sum FROM version_state WHERE document_id = ? AND owner_id = ?"),
                           arguments: [documentID, key(owner)])
    }
}

/// The terms a batch of span writes moves each version's sum by, gathered while the spans are
/// written and applied once at the end (``VersionState/move(_:owner:by:in:)``).
struct VersionStateMoves {
    private struct Version: Hashable { var document: Int64, owner: Int64? }
    private var deltas: [Version: Int64] = [:]

    /// A span of a version changing from `old` to `new` (`nil`: not live).
    mutating func change(document: Int64, owner: Int64?, from old: Span?, to new: Span?) {
        guard old != new else { return }
        var delta: Int64 = 0
        if let old { delta = delta &- DecisionState.spanTerm(old) }
        if let new { delta = delta &+ DecisionState.spanTerm(new) }
        deltas[Version(document: document, owner: owner), default: 0] &+= delta
    }

    func apply(in db: Database) throws {
        for (version, delta) in deltas { try VersionState.move(version.document, owner: version.owner, by: delta, in: db) }
    }
}

extension VersionState {
    /// Kept sums that differ from their version's spans summed from scratch (for tests).
    static func differences(in db: Database) throws -> [String] {
        try Row.fetchAll(db, sql: "SELECT document_id, owner_id, span_sum FROM version_state ORDER BY 1, 2").compactMap { row in
            let document: Int64 = try row.decode(atIndex: 0), key: Int64 = try row.decode(atIndex: 1), kept: Int64 = try row.decode(atIndex: 2)
            let owner: Int64? = key == 0 ? nil : key
            let counted = DecisionState.spanSum(of: try SpanRecord.fetchLive(in: document, owner: owner, db).map(\.span))
            return counted == kept ? nil : "document \(document), owner \(key): kept \(kept), counted \(counted)"
        }
    }
}
