/// How many times each length occurs (of units or gaps): the short ones, which are nearly all,
/// in an array indexed by length, the rest in a dictionary. Kept (`CompactlyKept`) as the lengths
/// that occur, each followed by its count.
///
/// The array stays short (lengths under 4096) because adding up kept counts walks all of it:
/// longer lengths (gaps between quotes, mostly) are few.
struct LengthCounts: Sendable {
    private static let arrayLimit = 1 << 12
    private var short: [Int] = []
    private var long: [Int: Int] = [:]

    init() {}

    /// Counts `length` once more (or `count` times).
    mutating func add(_ length: Int, count: Int = 1) {
        guard length < Self.arrayLimit else {
            long[length, default: 0] += count
            return
        }
        if length >= short.count {
            short += repeatElement(0, count: min(Self.arrayLimit, max(length + 1, 2 * short.count)) - short.count)
        }
        short[length] += count
    }

    /// Adds another's counts.
    mutating func add(_ other: LengthCounts) {
        if other.short.count > short.count { short += repeatElement(0, count: other.short.count - short.count) }
        short.withUnsafeMutableBufferPointer { mine in
            other.short.withUnsafeBufferPointer { theirs in
                for length in theirs.indices { mine[length] &+= theirs[length] }
            }
        }
        for (length, count) in other.long { long[length, default: 0] += count }
    }

    /// The lengths that occur, shortest first, with how many times.
    var sorted: [(length: Int, count: Int)] {
        short.indices.filter { short[$0] > 0 }.map { ($0, short[$0]) } + long.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

extension LengthCounts: CompactlyKept {
    /// The size of the array, then how many lengths occur, then each (as the step from the one
    /// before) with its count.
    func write(to writer: inout CompactSums.Writer) {
        let sorted = sorted
        writer.count((sorted.last { $0.length < Self.arrayLimit }?.length ?? -1) + 1)
        writer.count(sorted.count)
        var previous = 0
        for (length, count) in sorted {
            writer.count(length - previous)
            writer.count(count)
            previous = length
        }
    }

    init(reading reader: inout CompactSums.Reader) throws {
        self.init()
        let arraySize = try reader.count()
        guard arraySize <= Self.arrayLimit else { throw CompactSums.Corrupt() }
        short = [Int](repeating: 0, count: arraySize)
        var length = 0
        for _ in 0..<(try reader.count(ofItemsAtLeast: 2)) {
            let (step, count) = (try reader.count(), try reader.count())
            guard step <= Int.max - length else { throw CompactSums.Corrupt() }
            length += step
            if length < arraySize { short[length] += count } else { add(length, count: count) }
        }
    }
}
