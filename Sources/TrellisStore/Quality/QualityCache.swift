import Foundation
import GRDB
import TrellisCore

/// `trellis quality`'s figures kept per document (migration `v20-quality-cache`): a report works
/// out again only the documents changed since the last one and reads the others' figures as
/// kept, so that a report over a million reviewed spans adds up kept rows instead of matching
/// every span again.
///
/// A document is worked out again when it is named in `quality_change` (triggers add one for
/// every change to its shared spans, their decisions and ratings, its own decisions, its text, a
/// span edit in its history and a machine version after its first) or has a shared span written
/// since the last report (`spans_through`: import inserts spans, which no trigger sees at its
/// cost). Figures kept in another encoding (`KeptQuality.format`) are all worked out again.
/// `quality_document` holds a row for each document with a decision (current or not), and only
/// those: the documents a report considers.
enum QualityCache {
    /// What a report must work out again, as the database is now.
    struct Plan {
        /// Whether nothing kept can be used: every document with a decision is worked out again.
        var isFull: Bool
        /// The documents to work out again, in order (when the plan is not full).
        var stale: [Int64]
        /// The changes and the spans this plan took into account.
        var changesThrough: Int64
        var spansThrough: Int64
    }

    static func plan(in db: Database) throws -> Plan {
        let spansThrough = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM span") ?? 0
        let changesThrough = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM quality_change") ?? 0
        var plan = Plan(isFull: true, stale: [], changesThrough: changesThrough, spansThrough: spansThrough)
        guard let progress = try Row.fetchOne(db, sql: "SELECT spans_through, format FROM quality_progress"),
              let seen: Int64 = try progress.decode(atIndex: 0), seen >= 0, try progress.decode(atIndex: 1) as Int == KeptQuality.format else {
            return plan
        }
        plan.isFull = false
        var stale = Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT document_id FROM quality_change WHERE id <= ?", arguments: [changesThrough]))
        stale.formUnion(try Int64.fetchAll(db, sql: "SELECT DISTINCT document_id FROM span WHERE id > ? AND id <= ? AND owner_id IS NULL",
                                           arguments: [seen, spansThrough]))
        plan.stale = stale.sorted()
        return plan
    }

    /// Keeps the figures of the documents worked out again (`nil`: the document has no decision),
    /// and records what the plan took into account.
    static func save(_ figures: [(document: Int64, figures: [UInt8]?)], plan: Plan, in db: Database) throws {
        if plan.isFull { try db.execute(sql: "DELETE FROM quality_document") }
        let delete = try db.cachedStatement(sql: "DELETE FROM quality_document WHERE document_id = ?")
        for id in plan.stale { try delete.execute(arguments: [id]) }
        let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO quality_document (document_id, figures) VALUES (?, ?)")
        for (id, bytes) in figures {
            guard let bytes else { continue }
            try insert.execute(arguments: [id, bytes.withUnsafeBufferPointer { Data(buffer: $0) }])
        }
        try db.execute(sql: "DELETE FROM quality_change WHERE id <= ?", arguments: [plan.changesThrough])
        try db.execute(sql: "UPDATE quality_progress SET spans_through = ?, format = ?", arguments: [plan.spansThrough, KeptQuality.format])
    }
}
