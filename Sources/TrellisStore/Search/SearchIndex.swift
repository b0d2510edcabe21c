import Foundation
import GRDB
import TrellisCore

/// The search index of ids and texts (migration `v9-search-index`): per chunk of 1024 blocks of 64
/// documents and per gram bucket (`SearchGrams`), which blocks may hold the gram. A search reads
/// one row per bucket of its words and chunk, and only the blocks every row has are read.
///
/// Documents with an id above `search_progress.indexed_through` are not in it yet (an import adds
/// whole chunks, and the rest when it ends): a search reads them all. Replaced texts add their
/// grams to their block; the old ones stay (a block read for nothing until the chunk is rebuilt).
enum SearchIndex {
    /// The last document id the index covers.
    static func indexedThrough(in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT indexed_through FROM search_progress") ?? 0
    }

    static func setIndexedThrough(_ id: Int64, in db: Database) throws {
        try db.execute(sql: "UPDATE search_progress SET indexed_through = ?", arguments: [id])
    }

    /// The blocks of `chunk` that may hold `query` (a row's words: bit `b % 64` of word `b / 64`
    /// for block `b` of the chunk), blocks beyond the index included.
    static func candidates(of query: SearchGrams.Query, chunk: Int, indexedThrough: Int64, in db: Database) throws -> [UInt64] {
        var mask = [UInt64](repeating: query.needsAll ? ~0 : 0, count: SearchChunkBits.rowWords)
        if !query.isEmpty {
            let rows = try rowWords(chunk: chunk, buckets: query.buckets, in: db)
            if query.needsAll {
                for bucket in query.buckets {
                    guard let row = rows[bucket] else {
                        mask = [UInt64](repeating: 0, count: SearchChunkBits.rowWords)
                        break
                    }
                    for word in mask.indices { mask[word] &= row[word] }
                }
            } else {
                for row in rows.values { for word in mask.indices { mask[word] |= row[word] } }
            }
        }
        // Blocks not (wholly) indexed yet are always read.
        let firstUnindexed = SearchChunkBits.block(of: indexedThrough + 1) - chunk * SearchChunkBits.blocksPerChunk
        for block in min(max(0, firstUnindexed), SearchChunkBits.blocksPerChunk)..<SearchChunkBits.blocksPerChunk {
            mask[block / 64] |= 1 << UInt64(block % 64)
        }
        return mask
    }

    /// The rows of `buckets` in `chunk` that exist.
    private static func rowWords(chunk: Int, buckets: [Int], in db: Database) throws -> [Int: [UInt64]] {
        var rows: [Int: [UInt64]] = [:]
        for start in stride(from: 0, to: buckets.count, by: 256) {
            let part = buckets[start..<min(buckets.count, start + 256)]
            let rowsRead = try Row.fetchAll(db, sql: """
                SELECT bucket, blocks FROM search_gram WHERE chunk = ? AND bucket IN (\(part.map { _ in "?" }.joined(separator: ",")))
                """, arguments: StatementArguments([chunk] + Array(part)))
            for row in rowsRead {
                rows[try row.decode(forColumn: "bucket")] = words(of: try row.decode(forColumn: "blocks"))
            }
        }
        return rows
    }

    /// A row's blob as words (little-endian).
    static func words(of blob: Data) -> [UInt64] {
        var words = [UInt64](repeating: 0, count: SearchChunkBits.rowWords)
        for (index, byte) in blob.prefix(SearchChunkBits.rowWords * 8).enumerated() {
            words[index / 8] |= UInt64(byte) << UInt64(8 * (index % 8))
        }
        return words
    }

    /// Words as a row's blob (little-endian).
    static func blob(of words: [UInt64]) -> Data {
        var data = Data(count: words.count * 8)
        for (index, word) in words.enumerated() {
            for byte in 0..<8 { data[index * 8 + byte] = UInt8(truncatingIfNeeded: word >> UInt64(8 * byte)) }
        }
        return data
    }
}
