/// How many times each length occurs (of units or gaps): the short ones, which are nearly all,
/// in an array indexed by length, the rest in a dictionary. Encoded as the lengths that occur,
/// each followed by its count.
struct LengthCounts: Sendable, Codable {
    private static let arrayLimit = 1 << 16
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
        for (length, count) in other.sorted { add(length, count: count) }
    }

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        while !container.isAtEnd {
            let length = try container.decode(Int.self), count = try container.decode(Int.self)
            add(length, count: count)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for (length, count) in sorted {
            try container.encode(length)
            try container.encode(count)
        }
    }

    /// The lengths that occur, shortest first, with how many times.
    var sorted: [(length: Int, count: Int)] {
        short.indices.filter { short[$0] > 0 }.map { ($0, short[$0]) } + long.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
