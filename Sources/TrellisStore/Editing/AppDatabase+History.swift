import Foundation
import GRDB
import TrellisCore
import TrellisModel

extension AppDatabase {
    /// Every change of a document, oldest first, with a one-line summary of before → after. With
    /// `viewer` reviewing the document blind, only their own changes (and re-imports).
    public func history(of documentID: Int64, viewer: String? = nil) throws -> [HistoryItem] {
        try read { db in
            let names = Dictionary(uniqueKeysWithValues: try Row.fetchAll(db, sql: "SELECT id, name FROM reviewer").map { row in (try row.decode(atIndex: 0) as Int64, try row.decode(atIndex: 1) as String) })
            let blind = try Self.blindViewer(viewer, of: documentID, in: db)
            let entries = try HistoryRecord.filter(Column("document_id") == documentID).order(Column("id")).fetchAll(db)
            let changes = entries.map { try? Self.changes(of: $0) }
            var spans = try HistorySpans(changes: changes, in: db)
            var items: [HistoryItem] = []
            for (entry, change) in zip(entries, changes) {
                defer { spans.apply(change?.after) }
                guard blind.map({ entry.reviewerId == $0 || entry.action == "reimport" }) ?? true else { continue }
                items.append(HistoryItem(
                    id: entry.id, at: entry.at, reviewer: entry.reviewerId.flatMap { names[$0] } ?? "?", action: entry.action,
                    summary: HistorySummary.describe(entry, changes: change, spans: spans)))
            }
            return items
        }
    }

    /// Puts a document back as it was right after history entry `entryID` (0: as imported), as
    /// one new, undoable history entry. Refused across a re-import, whose content it cannot restore.
    public func revert(document documentID: Int64, toEntry entryID: Int64, by reviewer: String, schema: TagSchema) throws -> StoredDocument {
        if isReadOnly { throw StoreError.readOnly(path ?? "database") }
        return try write { db in
            // A reviewer reviewing blind reverts their own version: their own changes only.
            let blind = try Self.blindViewer(reviewer, of: documentID, in: db)
            let later = try HistoryRecord
                .filter(Column("document_id") == documentID && Column("id") > entryID)
                .order(Column("id").desc).fetchAll(db)
                .filter { entry in blind.map { entry.reviewerId == $0 || entry.action == "reimport" } ?? true }
            if let reimport = later.first(where: { $0.action == "reimport" }) {
                throw StoreError.refused("cannot revert past the re-import of \(reimport.at); choose a later point")
            }
            guard !later.isEmpty else { throw StoreError.refused("the document is already in that state") }
            let reviewerID = try self.reviewer(named: reviewer, in: db).id
            if later.contains(where: { $0.reviewerId != reviewerID }) {
                try self.require([.adjudicator, .admin], of: reviewer, to: "revert other reviewers' changes", in: db)
            }
            let undone = try later.map { try Self.changes(of: $0, in: db) }
            let touched = undone.reduce(ChangeSet()) { $0.merging($1.before) }
            let before = try touched.current(in: db)
            let time = now()
            for changes in undone { try changes.before.apply(in: db, at: time) }
            let after = try touched.current(in: db)
            try HistoryRecord.append(document: documentID, span: nil, reviewer: reviewerID, at: time, action: "revert",
                                     before: try Self.historyJSON(before), after: try Self.historyJSON(after), reverts: entryID > 0 ? entryID : nil, in: db)
            return try self.refreshCounts(of: documentID, owner: try Self.versionOwner(of: documentID, reviewerID: reviewerID, in: db), schema: schema, in: db)
        }
    }
}

extension AppDatabase {
    /// The id of `viewer` when they review the document blind (see ``reviewsBlind(_:reviewerID:in:)``).
    static func blindViewer(_ viewer: String?, of documentID: Int64, in db: Database) throws -> Int64? {
        guard let viewer, let id = try Int64.fetchOne(db, sql: "SELECT id FROM reviewer WHERE name = ?", arguments: [viewer]),
              try reviewsBlind(documentID, reviewerID: id, in: db) else { return nil }
        return id
    }
}

/// Every span a document's history names, as it was at each point: replayed oldest first from
/// the spans as imported (each span's first `before` in history, else its row as it is now).
struct HistorySpans {
    private var spans: [Int64: SpanSnapshot] = [:]

    init(changes: [(before: ChangeSet, after: ChangeSet)?], in db: Database) throws {
        var named = Set<Int64>()
        for change in changes.compactMap({ $0 }) {
            for snapshot in change.before.spans where spans[snapshot.id] == nil { spans[snapshot.id] = snapshot }
            named.formUnion(change.before.ratings.map(\.spanId))
            named.formUnion(change.before.spanReviews.map(\.spanId))
        }
        let missing = Array(named.subtracting(spans.keys))
        for chunk in stride(from: 0, to: missing.count, by: 500).map({ Array(missing[$0..<min(missing.count, $0 + 500)]) }) {
            for record in try SpanRecord.filter(keys: chunk).fetchAll(db) { spans[record.id] = SpanSnapshot(record) }
        }
    }

    /// The spans after an entry.
    mutating func apply(_ changes: ChangeSet?) {
        for snapshot in changes?.spans ?? [] { spans[snapshot.id] = snapshot }
    }

    /// "ai 475–694", or "span #12" for a span the history cannot name.
    func name(_ id: Int64) -> String {
        spans[id].map { "\($0.label) \($0.start)–\($0.end)" } ?? "span #\(id)"
    }
}

/// Turns a history entry into words: "ai 475–694 → 475–805", "ai 475–694: honesty – → 4", …
/// Ratings and decisions name the span they judged, as it was then.
enum HistorySummary {
    static func describe(_ entry: HistoryRecord, changes: (before: ChangeSet, after: ChangeSet)?, spans: HistorySpans) -> String {
        if entry.action == "reimport" { return "replaced by a changed import" }
        guard let (before, after) = changes else { return "" }
        var parts: [String] = []
        for (old, new) in zip(before.spans, after.spans) {
            switch (old.deleted, new.deleted) {
            case (true, false): parts.append("added \(new.label) \(new.start)–\(new.end)")
            case (false, true): parts.append("removed \(old.label) \(old.start)–\(old.end)")
            default:
                let label = old.label == new.label ? old.label : "\(old.label)→\(new.label)"
                parts.append("\(label) \(old.start)–\(old.end) → \(new.start)–\(new.end)")
            }
        }
        var reconfirmed: [String] = []
        for (old, new) in zip(before.ratings, after.ratings) {
            let span = spans.name(new.spanId)
            if old.value == new.value {
                if !reconfirmed.contains(span) { reconfirmed.append(span) }
                continue
            }
            parts.append("\(span): \(new.dimension) \(old.value.map(String.init) ?? "–") → \(new.value.map(String.init) ?? "–")")
        }
        parts += reconfirmed.map { "\($0): ratings re-confirmed" }
        let oldReviews = before.spanReviews.map { ($0.decision, $0.note, $0.seen) } + before.documentReviews.map { ($0.decision, $0.note, $0.seen) }
        let newReviews = after.spanReviews.map { ($0.decision, $0.note, $0.seen) } + after.documentReviews.map { ($0.decision, $0.note, $0.seen) }
        let subjects = after.spanReviews.map { spans.name($0.spanId) } + after.documentReviews.map { _ in "document" }
        for ((old, new), subject) in zip(zip(oldReviews, newReviews), subjects) {
            if old.0 != new.0 { parts.append("\(subject): \(old.0 ?? "–") → \(new.0 ?? "–")") } else if old.2 != new.2, let decision = new.0 { parts.append("\(subject): \(decision) re-confirmed") }
            if old.1 != new.1 { parts.append("\(subject): note “\(new.1 ?? "")”") }
        }
        if entry.action == "revert" { parts.insert(entry.reverts.map { "to the state after #\($0)" } ?? "to the state as imported", at: 0) }
        return parts.joined(separator: "; ")
    }
}

extension AppDatabase {
    /// The spans of a document as the rewriter wrote them: its latest machine version (as
    /// imported, or as last re-imported), whatever reviewers changed since. Document order.
    public func originalSpans(of documentID: Int64) throws -> [Span] {
        try machineVersions(of: documentID).last?.spans ?? []
    }
}
