/// One chunk of the search index as it is built: documents go in by id, each into its block of
/// 64 (`id / 64`), whose set of gram buckets (`SearchGrams`) grows; `forEachRow` then turns the
/// chunk's 1024 blocks around into the index's rows, one per bucket some block has: which of the
/// chunk's blocks have it. A search reads one row per bucket of its query and chunk.
public struct SearchChunkBits {
    public static let documentsPerBlock: Int64 = 64
    public static let blocksPerChunk = 1024
    /// 64-bit words of a row (one bit per block of the chunk).
    public static let rowWords = blocksPerChunk / 64

    /// The chunk's number: its blocks are `chunk * 1024 ..< (chunk + 1) * 1024`.
    public let chunk: Int
    private var bits: [UInt64]
    /// Groups of 64 blocks with a document in them.
    private var usedGroups = Set<Int>()

    public init(chunk: Int) {
        self.chunk = chunk
        bits = [UInt64](repeating: 0, count: Self.blocksPerChunk * SearchGrams.words)
    }

    /// The block a document belongs to.
    public static func block(of documentID: Int64) -> Int { Int(documentID / documentsPerBlock) }

    /// The chunk a document belongs to.
    public static func chunk(of documentID: Int64) -> Int { block(of: documentID) / blocksPerChunk }

    /// The documents of a block, as an id range.
    public static func documents(inBlock block: Int) -> ClosedRange<Int64> {
        Int64(block) * documentsPerBlock...Int64(block + 1) * documentsPerBlock - 1
    }

    /// Whether no document was added.
    public var isEmpty: Bool { usedGroups.isEmpty }

    /// Adds the grams of a document's texts (its id and text) to its block, which must be in this chunk.
    public mutating func add(document id: Int64, texts: [String]) {
        let block = Self.block(of: id) - chunk * Self.blocksPerChunk
        precondition(block >= 0 && block < Self.blocksPerChunk, "document \(id) is not in chunk \(chunk)")
        usedGroups.insert(block / 64)
        bits.withUnsafeMutableBufferPointer { words in
            let blockBits = words.baseAddress! + block * SearchGrams.words
            for text in texts { SearchGrams.add(text, to: blockBits) }
        }
    }

    /// Calls `body` with every bucket some block of the chunk has, in bucket order, and its row:
    /// `rowWords` words, bit `b % 64` of word `b / 64` set when block `b` of the chunk has it.
    public func forEachRow(_ body: (_ bucket: Int, _ row: [UInt64]) throws -> Void) rethrows {
        let groups = usedGroups.sorted()
        guard !groups.isEmpty else { return }
        var tiles = [[UInt64]](repeating: [UInt64](repeating: 0, count: 64), count: Self.rowWords)
        var tile = [UInt64](repeating: 0, count: 64)
        var row = [UInt64](repeating: 0, count: Self.rowWords)
        for word in 0..<SearchGrams.words {
            var any = false
            for group in groups {
                var nonzero = false
                for block in 0..<64 {
                    tile[block] = bits[(group * 64 + block) * SearchGrams.words + word]
                    nonzero = nonzero || tile[block] != 0
                }
                guard nonzero else {
                    tiles[group] = [UInt64](repeating: 0, count: 64)
                    continue
                }
                Self.transpose(&tile)
                tiles[group] = tile
                any = true
            }
            guard any else { continue }
            for bit in 0..<64 {
                var nonzero = false
                for group in 0..<Self.rowWords {
                    row[group] = usedGroups.contains(group) ? tiles[group][bit] : 0
                    nonzero = nonzero || row[group] != 0
                }
                if nonzero { try body(word * 64 + bit, row) }
            }
        }
    }

    /// Transposes a 64 × 64 bit matrix in place: bit `c` of `rows[r]` becomes bit `r` of `rows[c]`.
    static func transpose(_ rows: inout [UInt64]) {
        var width = 32
        var mask: UInt64 = 0x0000_0000_FFFF_FFFF
        while width != 0 {
            var k = 0
            while k < 64 {
                if k & width == 0 {
                    let swapped = ((rows[k] >> UInt64(width)) ^ rows[k + width]) & mask
                    rows[k] ^= swapped << UInt64(width)
                    rows[k + width] ^= swapped
                }
                k += 1
            }
            width >>= 1
            mask ^= mask << UInt64(width)
        }
    }
}
