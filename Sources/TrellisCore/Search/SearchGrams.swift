/// The byte pairs and byte triples of texts, as the search index records them: a text holds a
/// query's bytes only if it holds every triple of them (every pair, for a query of two bytes),
/// so a block of documents that lacks one of them need not be read.
///
/// Grams are taken from the UTF-8 with ASCII letters folded to lower case (a search may then
/// ignore case or not: the index holds a superset either way). Pairs are exact (one bucket per
/// pair of bytes, the first byte of a text paired with 0, so that every byte is the second of a
/// pair); triples are hashed into as many buckets, so two triples may share one (a block read for
/// nothing now and then, never one missed).
public enum SearchGrams {
    /// Buckets of pairs (`0..<pairBuckets`), then of triples.
    public static let pairBuckets = 1 << 16
    public static let tripleBuckets = 1 << 16
    public static let bucketCount = pairBuckets + tripleBuckets
    /// 64-bit words of a set of buckets.
    public static let words = bucketCount / 64

    /// What a query needs of a block: every one of `buckets`, or (a query of one byte) any.
    public struct Query: Hashable, Sendable {
        public var buckets: [Int]
        public var needsAll: Bool
        /// A query with no bytes matches everything.
        public var isEmpty: Bool { buckets.isEmpty }
    }

    /// The buckets a text containing `query` must have.
    public static func query(_ query: String) -> Query {
        let bytes = query.utf8.map(fold)
        switch bytes.count {
        case 0:
            return Query(buckets: [], needsAll: true)
        case 1:
            return Query(buckets: (0..<256).map { pair(UInt8($0), bytes[0]) }, needsAll: false)
        case 2:
            return Query(buckets: [pair(bytes[0], bytes[1])], needsAll: true)
        default:
            var buckets = Set<Int>()
            for index in 2..<bytes.count { buckets.insert(triple(bytes[index - 2], bytes[index - 1], bytes[index])) }
            return Query(buckets: buckets.sorted(), needsAll: true)
        }
    }

    /// Sets in `bits` (`words` words) the bucket of every pair and triple of `bytes`.
    public static func add(_ bytes: UnsafeBufferPointer<UInt8>, to bits: UnsafeMutablePointer<UInt64>) {
        guard let base = bytes.baseAddress else { return }
        var window: UInt32 = 0
        for index in 0..<bytes.count {
            window = (window << 8 | UInt32(fold(base[index]))) & 0xFF_FFFF
            let pairBucket = Int(window & 0xFFFF)
            bits[pairBucket >> 6] |= 1 << UInt64(pairBucket & 63)
            if index >= 2 {
                let tripleBucket = pairBuckets + Int((window &* 0x9E37_79B1) >> 16)
                bits[tripleBucket >> 6] |= 1 << UInt64(tripleBucket & 63)
            }
        }
    }

    /// Sets in `bits` the buckets of a string's UTF-8.
    public static func add(_ text: String, to bits: UnsafeMutablePointer<UInt64>) {
        var text = text
        text.withUTF8 { add($0, to: bits) }
    }

    @inline(__always)
    static func fold(_ byte: UInt8) -> UInt8 {
        byte &- 65 < 26 ? byte | 0x20 : byte
    }

    static func pair(_ first: UInt8, _ second: UInt8) -> Int {
        Int(first) << 8 | Int(second)
    }

    static func triple(_ first: UInt8, _ second: UInt8, _ third: UInt8) -> Int {
        let window = UInt32(first) << 16 | UInt32(second) << 8 | UInt32(third)
        return pairBuckets + Int((window &* 0x9E37_79B1) >> 16)
    }
}
