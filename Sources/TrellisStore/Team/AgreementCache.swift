import Foundation
import GRDB

/// Agreement's sums kept in two levels (migrations `v11-agreement-cache`, `v17-agreement-leaves`):
/// per leaf of 64 document ids (`agreement_leaf`) and per block of 64 leaves, 4096 documents
/// (`agreement_chunk`). A report compares again only the leaves whose versions changed since the
/// last one, rebuilds their blocks from their leaves (the kept ones decoded), and adds up the
/// other blocks as they were: a hundred documents changed among a million compare a hundred
/// leaves (6400 documents) and decode a block per 4096 documents, whatever the corpus.
///
/// A leaf is compared again when a document of it is named in `agreement_change` (triggers add
/// one for every change to a version's span, to a rating of one, to a document's id, length or
/// stage) or has a version span written since the last report (`spans_through`: span ids only
/// grow, and versions are made by inserting spans, which no trigger sees at import's cost). A
/// reviewer renamed, another encoding of the sums, or a report asking for more worst documents
/// than were kept compares everything again.
enum AgreementCache {
    /// Few enough that a changed document costs little to compare again (about a millisecond).
    static let documentsPerLeaf: Int64 = 64
    /// Few enough leaves that a block is rebuilt from them quickly, enough that a million
    /// documents are a few hundred blocks to add up.
    static let leavesPerBlock = 64
    /// The encoding of the kept sums and the sizes of leaves and blocks; sums kept in another are
    /// compared again.
    static let format = 6
    /// Worst documents kept per leaf and block at least.
    static let keptWorst = 100

    static func leaf(of documentID: Int64) -> Int { Int(documentID / documentsPerLeaf) }
    static func block(ofLeaf leaf: Int) -> Int { leaf / leavesPerBlock }

    static func leaves(inBlock block: Int) -> ClosedRange<Int> {
        block * leavesPerBlock...(block + 1) * leavesPerBlock - 1
    }

    static func documents(inLeaves leaves: ClosedRange<Int>) -> ClosedRange<Int64> {
        Int64(leaves.lowerBound) * documentsPerLeaf...Int64(leaves.upperBound + 1) * documentsPerLeaf - 1
    }

    /// What a report can take as kept, and what it must compare again, as the database is now.
    struct Plan {
        /// Kept sums of blocks nothing changed in, encoded.
        var keptBlocks: [Int: Data] = [:]
        /// Blocks to rebuild, in order.
        var staleBlocks: [Int] = []
        /// Leaves to compare again, in order.
        var staleLeaves: [Int] = []
        /// Whether nothing kept could be used.
        var isFull = false
        /// The changes and the spans this plan took into account.
        var changesThrough: Int64 = 0
        var spansThrough: Int64 = 0
        /// Worst documents to keep per leaf and block.
        var worst: Int
    }

    static func plan(worst: Int, in db: Database) throws -> Plan {
        var plan = Plan(worst: max(worst, keptWorst))
        plan.spansThrough = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM span") ?? 0
        plan.changesThrough = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM agreement_change") ?? 0
        let lastLeaf = leaf(of: try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM document") ?? 0)
        guard let progress = try Row.fetchOne(db, sql: "SELECT spans_through, worst_kept, format FROM agreement_progress"),
              let spansThrough: Int64 = try progress.decode(atIndex: 0), spansThrough >= 0,
              try progress.decode(atIndex: 1) as Int >= worst, try progress.decode(atIndex: 2) as Int == format else {
            plan.isFull = true
            plan.staleLeaves = Array(0...lastLeaf)
            plan.staleBlocks = Array(0...block(ofLeaf: lastLeaf))
            return plan
        }
        var stale = Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT document_id FROM agreement_change WHERE id <= ?",
                                           arguments: [plan.changesThrough]).map(leaf(of:)))
        for id in try Int64.fetchAll(db, sql: "SELECT DISTINCT document_id FROM span WHERE id > ? AND id <= ? AND owner_id IS NOT NULL",
                                     arguments: [spansThrough, plan.spansThrough]) {
            stale.insert(leaf(of: id))
        }
        plan.staleLeaves = stale.sorted()
        let staleBlocks = Set(stale.map(block(ofLeaf:)))
        plan.staleBlocks = staleBlocks.sorted()
        for row in try Row.fetchAll(db, sql: "SELECT chunk, sums FROM agreement_chunk") {
            let block: Int = try row.decode(atIndex: 0)
            if !staleBlocks.contains(block) { plan.keptBlocks[block] = try row.decode(atIndex: 1) }
        }
        return plan
    }

    /// The kept sums of the leaves of `block` that are not stale, encoded, by leaf.
    static func keptLeaves(inBlock block: Int, in db: Database) throws -> [Int: Data] {
        let leaves = leaves(inBlock: block)
        var kept: [Int: Data] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT leaf, sums FROM agreement_leaf WHERE leaf BETWEEN ? AND ?",
                                    arguments: [leaves.lowerBound, leaves.upperBound]) {
            kept[try row.decode(atIndex: 0)] = try row.decode(atIndex: 1)
        }
        return kept
    }

    /// What a report compared and rebuilt, encoded, to keep: `nil` for a leaf or block without
    /// documents.
    struct Saved {
        var leaves: [(leaf: Int, sums: Data?)] = []
        var blocks: [(block: Int, sums: Data?)] = []
    }

    /// Keeps what a report compares again and rebuilds as it goes, a few megabytes at a time, so
    /// that a report comparing everything holds no more than that (the first write of a full
    /// plan drops every kept sum; the last records what the plan took into account, until which
    /// what is kept is not taken as up to date).
    struct Saving {
        let plan: Plan
        let batchBytes: Int
        private var pending = Saved()
        private var pendingBytes = 0
        private var started = false
        private var finished = false

        /// Bytes of kept sums written at once.
        static let batchBytes = 8 << 20

        init(plan: Plan, batchBytes: Int = Self.batchBytes) {
            self.plan = plan
            self.batchBytes = batchBytes
        }

        /// Whether the last write is still to come: something was or is to be kept, or the plan
        /// was full (whose progress is recorded even when nothing was compared).
        var isPending: Bool { !finished && (started || !pending.leaves.isEmpty || !pending.blocks.isEmpty || plan.isFull) }

        /// Adds what a block's rebuilding made; `true` when enough is pending to write.
        mutating func add(_ saved: Saved) -> Bool {
            pending.leaves += saved.leaves
            pending.blocks += saved.blocks
            pendingBytes += saved.leaves.reduce(0) { $0 + ($1.sums?.count ?? 0) } + saved.blocks.reduce(0) { $0 + ($1.sums?.count ?? 0) }
            return pendingBytes >= batchBytes
        }

        /// Writes what is pending; `finishing`, records the progress too.
        mutating func write(finishing: Bool = false, in db: Database) throws {
            if !started, plan.isFull {
                try db.execute(sql: "DELETE FROM agreement_chunk")
                try db.execute(sql: "DELETE FROM agreement_leaf")
                try db.execute(sql: "UPDATE agreement_progress SET spans_through = -1")
            }
            started = true
            for (table, key, rows) in [("agreement_leaf", "leaf", pending.leaves.map { ($0.leaf, $0.sums) }),
                                       ("agreement_chunk", "chunk", pending.blocks.map { ($0.block, $0.sums) })] {
                let delete = try db.cachedStatement(sql: "DELETE FROM \(table) WHERE \(key) = ?")
                let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO \(table) (\(key), sums) VALUES (?, ?)")
                for (number, sums) in rows {
                    if let sums { try insert.execute(arguments: [number, sums]) } else { try delete.execute(arguments: [number]) }
                }
            }
            (pending, pendingBytes) = (Saved(), 0)
            guard finishing else { return }
            try db.execute(sql: "DELETE FROM agreement_change WHERE id <= ?", arguments: [plan.changesThrough])
            try db.execute(sql: "UPDATE agreement_progress SET spans_through = ?, worst_kept = ?, format = ?",
                           arguments: [plan.spansThrough, plan.worst, format])
            finished = true
        }
    }

    /// Sums as kept: `CompactSums`' binary form (JSON took half of a report to decode).
    static func encoded(_ sums: AgreementBuilder) -> Data { sums.compactData }

    static func decoded(_ data: Data) throws -> AgreementBuilder { try AgreementBuilder(compactData: data) }
}
