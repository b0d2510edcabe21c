import Crypto

/// Train/validation/test splits by document, stratified by stage: `train=0.8,validation=0.1,test=0.1`.
///
/// Within each stage the documents exported are ranked by a keyed hash of their id (SHA-256 of
/// the seed and the id), and the first `round(n × fraction)` go to the first split, the next to
/// the second, and so on (largest remainders decide the rounding, earlier splits first on ties).
/// So every stage is split in the given proportions, a document's records all go to one split,
/// and the same seed and gold give the same splits.
public struct DatasetSplits: Hashable, Sendable, CustomStringConvertible {
    public struct Split: Hashable, Sendable {
        public var name: String
        public var fraction: Double
    }

    public var splits: [Split]
    public var seed: UInt64

    /// Every document in one `train` split.
    public static func single(seed: UInt64 = 0) -> DatasetSplits {
        DatasetSplits(splits: [Split(name: "train", fraction: 1)], seed: seed)
    }

    public init(splits: [Split], seed: UInt64) {
        self.splits = splits
        self.seed = seed
    }

    /// Reads `NAME=FRACTION,…`: names of letters, digits and `_` (as `datasets` names splits),
    /// each once, fractions above 0 that add up to 1.
    public init(parsing text: String, seed: UInt64) throws(SplitError) {
        var splits: [Split] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, let fraction = Double(parts[1]), fraction.isFinite, fraction > 0 else {
                throw SplitError("\"\(item)\" is not NAME=FRACTION with a fraction above 0 (e.g. train=0.8,validation=0.1,test=0.1)")
            }
            let name = parts[0]
            guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "_" }) else {
                throw SplitError("split name \"\(name)\" must be ASCII letters, digits and _ (as datasets names splits)")
            }
            guard !splits.contains(where: { $0.name == name }) else { throw SplitError("split \(name) is given twice") }
            splits.append(Split(name: name, fraction: fraction))
        }
        let total = splits.reduce(0) { $0 + $1.fraction }
        guard abs(total - 1) < 1e-9 else { throw SplitError("the fractions add up to \(total), not 1") }
        self.init(splits: splits, seed: seed)
    }

    /// `train=0.8,validation=0.1,test=0.1`
    public var description: String {
        splits.map { "\($0.name)=\($0.fraction)" }.joined(separator: ",")
    }

    /// How many of `count` documents each split gets (largest remainders, earlier splits first).
    public func counts(of count: Int) -> [Int] {
        let exact = splits.map { $0.fraction * Double(count) }
        var counts = exact.map { Int($0.rounded(.down)) }
        let order = exact.indices.sorted { (exact[$0] - Double(counts[$0]), -$0) > (exact[$1] - Double(counts[$1]), -$1) }
        for index in order.prefix(max(0, count - counts.reduce(0, +))) { counts[index] += 1 }
        return counts
    }

    /// The key that ranks a document within its stage.
    public func key(of id: String) -> UInt64 {
        var hasher = SHA256()
        hasher.update(utf8: "trellis-split-v1\u{0}\(seed)\u{0}\(id)")
        return hasher.finalize().prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    /// The split of each of a stage's documents, given their keys (``key(of:)``) in export
    /// order: ranked by key (export order on a tie), cut by `counts`.
    public func assign(_ keys: [UInt64]) -> [Int] {
        let ranked = keys.indices.sorted { (keys[$0], $0) < (keys[$1], $1) }
        var assignment = [Int](repeating: 0, count: keys.count)
        var rank = 0
        for (split, count) in counts(of: keys.count).enumerated() {
            for index in ranked[rank..<(rank + count)] { assignment[index] = split }
            rank += count
        }
        return assignment
    }
}

/// A `--split` that cannot be read.
public struct SplitError: Error, Equatable, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension Unicode.Scalar {
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
