/// A stratified simple random sample of a stream read once, in memory bounded by the sample:
/// each stratum keeps a reservoir (Vitter's Algorithm R) of at most `size` items, so that
/// whatever share of the stream a stratum turns out to have, its part of the sample can be
/// drawn from the reservoir at the end. `draw()` then allocates the sample across strata in
/// proportion to their sizes and takes each stratum's part uniformly from its reservoir. Every
/// subset of a stratum of the allocated size is equally likely, and the same stream and seed
/// give the same sample.
public struct StratifiedReservoir<Item> {
    /// The sample size wanted, across all strata.
    public let size: Int
    private var random: SeededRandom
    private var index: [StratumKey: Int] = [:]
    private var keys: [StratumKey] = []
    private var populations: [Int] = []
    /// Per stratum (in first-seen order): items with their place in the stream.
    private var reservoirs: [[(sequence: Int, item: Item)]] = []
    private var offered = 0

    public init(size: Int, seed: UInt64) {
        precondition(size >= 0, "a sample size cannot be negative")
        self.size = size
        random = SeededRandom(seed: seed)
    }

    /// Offers the next item of the stream, in `stratum`. `item` is called only when the item is
    /// kept, so that nothing is copied for the items passed over.
    public mutating func offer(_ stratum: StratumKey, _ item: () -> Item) {
        let slot: Int
        if let known = index[stratum] {
            slot = known
        } else {
            slot = keys.count
            index[stratum] = slot
            keys.append(stratum)
            populations.append(0)
            reservoirs.append([])
        }
        populations[slot] += 1
        offered += 1
        if reservoirs[slot].count < size {
            reservoirs[slot].append((offered, item()))
        } else if size > 0 {
            // Algorithm R: the n-th item replaces a random kept one with probability size / n.
            let draw = random.uniform(below: populations[slot])
            if draw < size { reservoirs[slot][draw] = (offered, item()) }
        }
    }

    /// Items offered so far.
    public var count: Int { offered }

    /// Items held now, across all reservoirs (at most `size` per stratum).
    public var held: Int { reservoirs.reduce(0) { $0 + $1.count } }

    /// The largest reservoir now.
    public var largestReservoir: Int { reservoirs.map(\.count).max() ?? 0 }

    /// The sample: `size` items (all of them if fewer were offered), allocated to strata by
    /// `ProportionalAllocation`, each stratum's part uniform among its items; strata sorted by key.
    /// Drawing again gives the same sample.
    public func draw() -> StratifiedSample<Item> {
        var random = random
        let allocation = ProportionalAllocation.allocate(size, among: populations)
        var strata: [StratifiedSample<Item>.Stratum] = []
        for slot in keys.indices {
            var reservoir = reservoirs[slot]
            let wanted = allocation[slot]
            // A partial Fisher-Yates shuffle: the first `wanted` places become a uniform subset.
            for place in 0..<wanted {
                reservoir.swapAt(place, place + random.uniform(below: reservoir.count - place))
            }
            let chosen = reservoir[..<wanted].sorted { $0.sequence < $1.sequence }
            strata.append(.init(key: keys[slot], population: populations[slot], items: chosen.map(\.item), sequences: chosen.map(\.sequence)))
        }
        return StratifiedSample(strata: strata.sorted { $0.key < $1.key })
    }
}

/// A drawn stratified sample.
public struct StratifiedSample<Item> {
    public struct Stratum {
        public var key: StratumKey
        /// How many items of the stream were in the stratum.
        public var population: Int
        /// The stratum's sampled items, in stream order.
        public var items: [Item]
        /// Their places in the stream (1 for the first item offered).
        public var sequences: [Int]

        /// How many items of the stratum each sampled item stands for (`nil` if none was sampled).
        public var weight: Double? { items.isEmpty ? nil : Double(population) / Double(items.count) }
    }

    public var strata: [Stratum]

    /// Every sampled item, in stream order.
    public var items: [Item] {
        strata.flatMap { zip($0.sequences, $0.items) }.sorted { $0.0 < $1.0 }.map(\.1)
    }
}

/// How a sample of `size` is shared among strata: in proportion to their sizes, by largest
/// remainders (Hamilton's method). Each stratum gets the whole part of `size × its share`;
/// the units left go one each to the strata with the largest fractional parts (ties: the larger
/// stratum, then the first). So the parts add up to `size` (or to everything when the strata
/// hold fewer), no stratum gets more than it holds, and a stratum smaller than `total / size`
/// may get none.
public enum ProportionalAllocation {
    public static func allocate(_ size: Int, among populations: [Int]) -> [Int] {
        let total = populations.reduce(0, +)
        guard size < total else { return populations }
        // Exact arithmetic: the quota of stratum h is size × N_h / total.
        var parts = populations.map { size * $0 / total }
        let remainders = populations.map { size * $0 % total }
        let left = size - parts.reduce(0, +)
        let order = populations.indices.sorted { (remainders[$0], populations[$0], -$0) > (remainders[$1], populations[$1], -$1) }
        for slot in order.prefix(left) { parts[slot] += 1 }
        return parts
    }
}
