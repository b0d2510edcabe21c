import GRDB
import TrellisCore

/// A row of `search_token`: a block of 64 documents that may hold a live shared span of a mode
/// (`mode:LABEL`) or a span rated a value (`rating:DIMENSION=VALUE`), which the mode and rating
/// filters read instead of every document. The migration's triggers write the same names.
struct SearchToken: Hashable {
    var name: String
    var block: Int

    static func mode(_ label: String, documentID: Int64) -> SearchToken {
        SearchToken(name: modeName(label), block: SearchChunkBits.block(of: documentID))
    }

    static func modeName(_ label: String) -> String { "mode:" + label }

    static func ratingName(_ dimension: String, value: Int) -> String { "rating:\(dimension)=\(value)" }

    func write(in db: Database) throws {
        try db.cachedStatement(sql: "INSERT OR IGNORE INTO search_token (token, block) VALUES (?, ?)").execute(arguments: [name, block])
    }

    /// The blocks of `chunk` that may hold one of `names`, as a row's words.
    static func candidates(of names: [String], chunk: Int, in db: Database) throws -> [UInt64] {
        var mask = [UInt64](repeating: 0, count: SearchChunkBits.rowWords)
        let first = chunk * SearchChunkBits.blocksPerChunk
        for name in names {
            for block in try Int.fetchAll(db, sql: "SELECT block FROM search_token WHERE token = ? AND block BETWEEN ? AND ?",
                                          arguments: [name, first, first + SearchChunkBits.blocksPerChunk - 1]) {
                mask[(block - first) / 64] |= 1 << UInt64((block - first) % 64)
            }
        }
        return mask
    }
}
