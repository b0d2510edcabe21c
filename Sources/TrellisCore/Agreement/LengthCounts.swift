/// How many times each length occurs (of units or gaps): the short ones, which are nearly all,
/// in an array indexed by length, the rest in a dictionary.
struct LengthCounts: Sendable {
    private static let arrayLimit = 1 << 16
    private var short: [Int] = []
    private var long: [Int: Int] = [:]

    /// Counts `length` once more.
    mutating func add(_ length: Int) {
        guard length < Self.arrayLimit else {
            long[length, default: 0] += 1
            return
        }
        if length >= short.count {
            short += repeatElement(0, count: min(Self.arrayLimit, max(length + 1, 2 * short.count)) - short.count)
        }
        short[length] += 1
    }

    /// The lengths that occur, shortest first, with how many times.
    var sorted: [(length: Int, count: Int)] {
        short.indices.filter { short[$0] > 0 }.map { ($0, short[$0]) } + long.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
