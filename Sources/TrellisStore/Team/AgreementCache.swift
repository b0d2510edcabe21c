import Foundation
import GRDB

/// Agreement's sums kept per chunk of 1024 document ids (migration `v11-agreement-cache`), so
/// that a report compares again only the chunks whose versions changed since the last one and
/// adds up the others as they were.
///
/// A chunk is compared again when a document of it is named in `agreement_change` (triggers add
/// one for every change to a version's span, to a rating of one, to a document's id, length or
/// stage) or has a version span written since the last report (`spans_through`: span ids only
/// grow, and versions are made by inserting spans, which no trigger sees at import's cost). A
/// reviewer renamed, another encoding of the sums, or a report asking for more worst documents
/// than were kept compares everything again.
enum AgreementCache {
    /// Small enough that a hundred documents changed across a million leave nine chunks in ten
    /// kept, large enough that adding up the kept sums (a thousand chunks) stays short.
    static let documentsPerChunk: Int64 = 1024
    /// The encoding of the kept sums and the size of a chunk; sums kept in another are compared again.
    static let format = 2
    /// Worst documents kept per chunk at least.
    static let keptWorst = 100

    static func chunk(of documentID: Int64) -> Int { Int(documentID / documentsPerChunk) }

    static func documents(inChunk chunk: Int) -> ClosedRange<Int64> {
        Int64(chunk) * documentsPerChunk...Int64(chunk + 1) * documentsPerChunk - 1
    }

    /// What a report can take as kept, and what it must compare again, as the database is now.
    struct Plan {
        /// Kept sums of chunks nothing changed in.
        var kept: [Int: AgreementBuilder] = [:]
        /// Chunks to compare again, in order.
        var stale: [Int] = []
        /// Whether nothing kept could be used.
        var isFull = false
        /// The changes and the spans this plan took into account.
        var changesThrough: Int64 = 0
        var spansThrough: Int64 = 0
        /// Worst documents to keep per chunk.
        var worst: Int
    }

    static func plan(worst: Int, in db: Database) throws -> Plan {
        var plan = Plan(worst: max(worst, keptWorst))
        plan.spansThrough = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM span") ?? 0
        plan.changesThrough = try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM agreement_change") ?? 0
        let lastChunk = chunk(of: try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM document") ?? 0)
        guard let progress = try Row.fetchOne(db, sql: "SELECT spans_through, worst_kept, format FROM agreement_progress"),
              let spansThrough: Int64 = try progress.decode(atIndex: 0), spansThrough >= 0,
              try progress.decode(atIndex: 1) as Int >= worst, try progress.decode(atIndex: 2) as Int == format else {
            plan.isFull = true
            plan.stale = Array(0...lastChunk)
            return plan
        }
        var stale = Set(try Int64.fetchAll(db, sql: "SELECT DISTINCT document_id FROM agreement_change WHERE id <= ?",
                                           arguments: [plan.changesThrough]).map(chunk(of:)))
        for id in try Int64.fetchAll(db, sql: "SELECT DISTINCT document_id FROM span WHERE id > ? AND id <= ? AND owner_id IS NOT NULL",
                                     arguments: [spansThrough, plan.spansThrough]) {
            stale.insert(chunk(of: id))
        }
        for row in try Row.fetchAll(db, sql: "SELECT chunk, sums FROM agreement_chunk") {
            let chunk: Int = try row.decode(atIndex: 0)
            guard !stale.contains(chunk) else { continue }
            if let sums = try? decoded(try row.decode(atIndex: 1)) {
                plan.kept[chunk] = sums
            } else {
                stale.insert(chunk)
            }
        }
        plan.stale = stale.sorted()
        return plan
    }

    /// Keeps the sums of the chunks compared again, and records what the plan took into account.
    static func save(_ compared: [Int: AgreementBuilder], plan: Plan, in db: Database) throws {
        if plan.isFull { try db.execute(sql: "DELETE FROM agreement_chunk") }
        for (chunk, sums) in compared {
            if sums.documents == 0 {
                try db.execute(sql: "DELETE FROM agreement_chunk WHERE chunk = ?", arguments: [chunk])
            } else {
                try db.execute(sql: "INSERT OR REPLACE INTO agreement_chunk (chunk, sums) VALUES (?, ?)", arguments: [chunk, try encoded(sums)])
            }
        }
        try db.execute(sql: "DELETE FROM agreement_change WHERE id <= ?", arguments: [plan.changesThrough])
        try db.execute(sql: "UPDATE agreement_progress SET spans_through = ?, worst_kept = ?, format = ?",
                       arguments: [plan.spansThrough, plan.worst, format])
    }

    /// Sums as kept: JSON, with infinities and NaN (a kappa of a degenerate matrix) as strings.
    static func encoded(_ sums: AgreementBuilder) throws -> Data {
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try encoder.encode(sums)
    }

    static func decoded(_ data: Data) throws -> AgreementBuilder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(AgreementBuilder.self, from: data)
    }
}
