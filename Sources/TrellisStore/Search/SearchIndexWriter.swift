import Foundation
import GRDB
import TrellisCore

/// Adds documents to the search index (`SearchIndex`). New documents, in id order, fill the
/// chunk in memory, which is written when the next chunk begins and when the writer finishes;
/// `indexed_through` moves with what is written, in the same transaction. Replaced texts are
/// added to the rows at once (`add(replaced:in:)`).
struct SearchIndexWriter {
    private var bits: SearchChunkBits?
    /// The last document added to `bits`.
    private var last: Int64 = 0

    /// A document written after every one the index covers (a new one, in id order).
    mutating func add(id: Int64, externalID: String, text: String, in db: Database) throws {
        let chunk = SearchChunkBits.chunk(of: id)
        if let current = bits, current.chunk != chunk { try flush(in: db) }
        if bits == nil { bits = SearchChunkBits(chunk: chunk) }
        bits!.add(document: id, texts: [externalID, text])
        last = id
    }

    /// Writes what was added; the index then covers every document added.
    mutating func flush(in db: Database) throws {
        guard let current = bits, !current.isEmpty else { return }
        try Self.merge(current, in: db)
        try SearchIndex.setIndexedThrough(last, in: db)
        bits = nil
    }

    /// Adds every document the index does not cover yet (those an interrupted import wrote, or
    /// every one when the index is new), then writes them; `text` is the SQL that reads a
    /// document's text (a migration from before `v26-text-in-pieces` reads the row's own).
    mutating func catchUp(in db: Database, text: String = AppDatabase.textSQL()) throws {
        let from = try SearchIndex.indexedThrough(in: db)
        try db.forEachRawRow(sql: "SELECT id, external_id, \(text) FROM document WHERE id > ? ORDER BY id", arguments: [from]) { row in
            try add(id: row.int64(0), externalID: row.string(1), text: row.string(2), in: db)
        }
        try flush(in: db)
    }

    /// Adds the grams of replaced texts to their blocks (the old grams stay).
    static func add(replaced documents: [(id: Int64, externalID: String, text: String)], in db: Database) throws {
        let covered = try SearchIndex.indexedThrough(in: db)
        let byChunk = Dictionary(grouping: documents.filter { $0.id <= covered }) { SearchChunkBits.chunk(of: $0.id) }
        for (chunk, documents) in byChunk {
            var bits = SearchChunkBits(chunk: chunk)
            for document in documents { bits.add(document: document.id, texts: [document.externalID, document.text]) }
            try merge(bits, in: db)
        }
    }

    /// Writes a chunk's rows, or-ed into those already there.
    static func merge(_ bits: SearchChunkBits, in db: Database) throws {
        var existing: [Int: [UInt64]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT bucket, blocks FROM search_gram WHERE chunk = ?", arguments: [bits.chunk]) {
            existing[try row.decode(forColumn: "bucket")] = SearchIndex.words(of: try row.decode(forColumn: "blocks"))
        }
        let write = try db.cachedStatement(sql: "INSERT OR REPLACE INTO search_gram (chunk, bucket, blocks) VALUES (?, ?, ?)")
        try bits.forEachRow { bucket, row in
            var words = row
            if let old = existing[bucket] {
                guard zip(old, row).contains(where: { $1 & ~$0 != 0 }) else { return }
                for index in words.indices { words[index] |= old[index] }
            }
            try write.execute(arguments: [bits.chunk, bucket, SearchIndex.blob(of: words)])
        }
    }
}
