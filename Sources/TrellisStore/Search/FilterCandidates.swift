import GRDB
import TrellisCore
import TrellisModel

/// The blocks of documents a filter's indexed conditions leave to read: its words through the
/// search index (`SearchIndex`), its mode and rating through `search_token`. Every document that
/// matches is in them; the filter's own conditions then decide, so the index may hold more than
/// it should (old grams, tokens of spans since deleted) but never less. A filter with none of
/// these conditions has no candidates to offer (`isEmpty`): its query runs as it is.
struct FilterCandidates {
    private var query: SearchGrams.Query?
    /// Token names a block must have one of, for each condition.
    private var tokenGroups: [[String]] = []
    private var indexedThrough: Int64 = 0

    /// Ratings over more values than this are not looked up value by value.
    static let maxRatingValues = 64

    init(_ filter: DocumentFilter, in db: Database) throws {
        if let search = filter.search, !search.isEmpty {
            query = SearchGrams.query(search)
            indexedThrough = try SearchIndex.indexedThrough(in: db)
        }
        if let mode = filter.mode { tokenGroups.append([SearchToken.modeName(mode)]) }
        if let rating = filter.rating, rating.values.count <= Self.maxRatingValues {
            tokenGroups.append(rating.values.map { SearchToken.ratingName(rating.dimension, value: $0) })
        }
    }

    var isEmpty: Bool { query == nil && tokenGroups.isEmpty }

    /// Calls `body` with the id ranges of candidate blocks between `first` and `last` (document
    /// ids, inclusive), in id order or (descending) the reverse, merged where blocks touch, until
    /// it returns false.
    func forEachRange(from first: Int64, through last: Int64, descending: Bool, in db: Database,
                      _ body: (ClosedRange<Int64>) throws -> Bool) throws {
        guard first <= last else { return }
        let chunks = SearchChunkBits.chunk(of: first)...SearchChunkBits.chunk(of: last)
        var pending: ClosedRange<Int64>?
        for chunk in descending ? Array(chunks.reversed()) : Array(chunks) {
            let mask = try blocks(inChunk: chunk, in: db)
            let base = chunk * SearchChunkBits.blocksPerChunk
            let offsets = max(0, SearchChunkBits.block(of: first) - base)...min(SearchChunkBits.blocksPerChunk - 1, SearchChunkBits.block(of: last) - base)
            for offset in descending ? Array(offsets.reversed()) : Array(offsets) where mask[offset / 64] >> UInt64(offset % 64) & 1 == 1 {
                let block = SearchChunkBits.documents(inBlock: base + offset)
                let ids = max(first, block.lowerBound)...min(last, block.upperBound)
                if let open = pending, descending ? ids.upperBound + 1 == open.lowerBound : open.upperBound + 1 == ids.lowerBound {
                    pending = descending ? ids.lowerBound...open.upperBound : open.lowerBound...ids.upperBound
                    continue
                }
                if let open = pending, !(try body(open)) { return }
                pending = ids
            }
        }
        if let open = pending { _ = try body(open) }
    }

    /// The candidate blocks of a chunk, as a row's words.
    private func blocks(inChunk chunk: Int, in db: Database) throws -> [UInt64] {
        var mask = [UInt64](repeating: ~0, count: SearchChunkBits.rowWords)
        if let query {
            let found = try SearchIndex.candidates(of: query, chunk: chunk, indexedThrough: indexedThrough, in: db)
            for word in mask.indices { mask[word] &= found[word] }
        }
        for names in tokenGroups {
            let found = try SearchToken.candidates(of: names, chunk: chunk, in: db)
            for word in mask.indices { mask[word] &= found[word] }
        }
        return mask
    }
}
