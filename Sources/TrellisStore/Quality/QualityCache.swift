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
        /// Documents whose kept rows could not be read, worked out again: nothing else is taken
        /// into account.
        var isRework = false

        static func only(_ documents: [Int64]) -> Plan {
            Plan(isFull: false, stale: documents, changesThrough: 0, spansThrough: 0, isRework: true)
        }
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

    /// Keeps the figures of a batch of the documents worked out again (`nil`: the document has no
    /// decision); `first`: the plan's first batch, which drops what the plan replaces.
    static func save(_ figures: [(document: Int64, figures: [UInt8]?)], plan: Plan, first: Bool, in db: Database) throws {
        if first {
            if plan.isFull { try db.execute(sql: "DELETE FROM quality_document") }
            let delete = try db.cachedStatement(sql: "DELETE FROM quality_document WHERE document_id = ?")
            for id in plan.stale { try delete.execute(arguments: [id]) }
        }
        let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO quality_document (document_id, figures) VALUES (?, ?)")
        for (id, bytes) in figures {
            guard let bytes else { continue }
            try insert.execute(arguments: [id, bytes.withUnsafeBufferPointer { Data(buffer: $0) }])
        }
    }

    /// Records what the plan took into account, once every document it named is kept.
    static func finish(_ plan: Plan, in db: Database) throws {
        try db.execute(sql: "DELETE FROM quality_change WHERE id <= ?", arguments: [plan.changesThrough])
        try db.execute(sql: "UPDATE quality_progress SET spans_through = ?, format = ?", arguments: [plan.spansThrough, KeptQuality.format])
    }

    /// Whether the blocks were added up in the current encoding.
    static func blocksAreCurrent(in db: Database) throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT blocks_format FROM quality_progress") == QualityBlock.format
    }

    /// Adds up again the blocks `blocks` (every block when `nil`) from the kept rows, a block at
    /// a time. Returns the documents whose kept rows cannot be read (their blocks left out of
    /// date: the caller works them out again and adds their blocks up once more).
    static func addUpBlocks(_ blocks: [Int64]?, in db: Database) throws -> [Int64] {
        let sql = """
            SELECT q.document_id, d.external_id, d.stage, d.length, q.figures FROM quality_document q JOIN document d ON d.id = q.document_id
            """
        let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO quality_block (block_id, sums) VALUES (?, ?)")
        var damaged: [Int64] = []
        var decoder = KeptQuality.Decoder()
        var current: (id: Int64, block: QualityBlock)?
        func keep() throws {
            guard let current else { return }
            let bytes = current.block.encoded
            try insert.execute(arguments: [current.id, bytes.withUnsafeBufferPointer { Data(buffer: $0) }])
        }
        func add(_ row: RawRow) throws {
            let document = row.int64(0), block = QualityBlock.block(of: document)
            if current?.id != block {
                try keep()
                current = (block, QualityBlock())
            }
            guard let kept = decoder.decode(row.blob(4)) else { return damaged.append(document) }
            current!.block.add(id: row.string(1), stage: row.optionalInt64(2).map(Int.init), length: row.int(3), kept: kept)
        }
        if let blocks {
            let delete = try db.cachedStatement(sql: "DELETE FROM quality_block WHERE block_id = ?")
            for block in blocks {
                try delete.execute(arguments: [block])
                try db.forEachRawRow(sql: sql + " WHERE q.document_id >= ? AND q.document_id < ? ORDER BY q.document_id",
                                     arguments: [block * QualityBlock.documents, (block + 1) * QualityBlock.documents], add)
                try keep()
                current = nil
            }
        } else {
            try db.execute(sql: "DELETE FROM quality_block")
            try db.forEachRawRow(sql: sql + " ORDER BY q.document_id", arguments: [], add)
            try keep()
            try db.execute(sql: "UPDATE quality_progress SET blocks_format = ?", arguments: [QualityBlock.format])
        }
        return damaged
    }
}
