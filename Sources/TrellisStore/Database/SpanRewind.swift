import Foundation
import GRDB
import TrellisCore
import TrellisModel

/// A document's spans walked back through its history, newest entry first: each entry's
/// `before` puts the spans it touched back as they were; a re-import takes away the spans it wrote
/// and brings back the ones it replaced. For migrations that work out a past state from history
/// (`LegacyDecisionBinding`, `MachineVersionBackfill`).
struct SpanRewind {
    /// Every span met so far, by id: its owner (`nil`: the shared version) and its state at this
    /// point of the walk.
    private(set) var spans: [Int64: (owner: Int64?, snapshot: SpanSnapshot)] = [:]
    /// The document's content hash at this point of the walk.
    private(set) var contentHash: String

    /// Starts from the document as it is now: its live spans of every version.
    init(documentID: Int64, in db: Database) throws {
        contentHash = try String.fetchOne(db, sql: "SELECT content_hash FROM document WHERE id = ?", arguments: [documentID]) ?? ""
        for record in try SpanRecord.filter(Column("document_id") == documentID && Column("deleted") == false).fetchAll(db) {
            spans[record.id] = (record.ownerId, SpanSnapshot(record))
        }
    }

    /// A re-import's content before and after it, or `nil` when the entry is not a (readable) re-import.
    static func reimport(_ entry: HistoryRecord) -> (before: DocumentContentSnapshot, after: DocumentContentSnapshot)? {
        guard entry.action == "reimport" else { return nil }
        let decoder = JSONDecoder()
        guard let before = try? decoder.decode(DocumentContentSnapshot.self, from: Data((entry.before ?? "").utf8)),
              let after = try? decoder.decode(DocumentContentSnapshot.self, from: Data((entry.after ?? "").utf8)) else { return nil }
        return (before, after)
    }

    /// Puts the spans back as they were before `entry` (an entry that cannot be read changes nothing).
    mutating func undo(_ entry: HistoryRecord, in db: Database) throws {
        if entry.action == "reimport" {
            guard let (before, after) = Self.reimport(entry) else { return }
            for span in after.spans { try set(SpanSnapshot(deleting: span), in: db) }
            for span in before.spans { try set(span, in: db) }
            contentHash = before.contentHash
            return
        }
        guard let (before, _) = try? AppDatabase.changes(of: entry) else { return }
        for span in before.spans { try set(span, in: db) }
    }

    /// Records a span's state at this point of the walk (its owner read once, from the table).
    mutating func set(_ snapshot: SpanSnapshot, in db: Database) throws {
        if let known = spans[snapshot.id] {
            spans[snapshot.id] = (known.owner, snapshot)
        } else if let row = try Row.fetchOne(db, sql: "SELECT owner_id FROM span WHERE id = ?", arguments: [snapshot.id]) {
            spans[snapshot.id] = (try row.decode(forColumn: "owner_id"), snapshot)
        }
    }

    /// Adds a span not met yet as it is stored now.
    mutating func load(_ spanID: Int64, in db: Database) throws {
        guard spans[spanID] == nil, let row = try Row.fetchOne(db, sql: "SELECT * FROM span WHERE id = ?", arguments: [spanID]) else { return }
        let record = try SpanRecord(row: row)
        spans[spanID] = (record.ownerId, SpanSnapshot(record))
    }

    /// The live spans of a version at this point of the walk, in document order (equal spans by id).
    func version(_ owner: Int64?) -> [(id: Int64, span: Span)] {
        spans.filter { $0.value.owner == owner && !$0.value.snapshot.deleted }
            .map { (id: $0.key, span: $0.value.snapshot.span) }
            .sorted { Span.documentOrder($0.span, $1.span) || (!Span.documentOrder($1.span, $0.span) && $0.id < $1.id) }
    }
}

extension SpanSnapshot {
    /// The same span, deleted.
    init(deleting span: SpanSnapshot) {
        self = span
        deleted = true
    }

    /// The core value.
    var span: Span { Span(start: start, end: end, label: label, depth: depth) }
}
