/// How many times each length occurs (of units or gaps): the short ones, which are nearly all,
/// in an array indexed by length, the rest in a dictionary. Encoded as the lengths that occur,
/// each followed by its count, in one string.
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

    /// Decoded from one string of decimal numbers (`text`), which decoders read many times faster
    /// than a list of numbers (kept agreement sums are mostly these counts).
    init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        let corrupt = DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "length counts are not pairs of whole numbers"))
        var numbers: [Int] = []
        var number = 0, digits = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: " ") {
                guard digits > 0 else { throw corrupt }
                numbers.append(number)
                (number, digits) = (0, 0)
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 18 {
                number = number * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            } else {
                throw corrupt
            }
        }
        if digits > 0 { numbers.append(number) } else if !text.isEmpty { throw corrupt }
        guard numbers.count % 2 == 0 else { throw corrupt }
        for pair in stride(from: 0, to: numbers.count, by: 2) { add(numbers[pair], count: numbers[pair + 1]) }
    }

    /// The lengths that occur, each followed by its count, in one string of decimal numbers.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    private var text: String {
        sorted.map { "\($0.length) \($0.count)" }.joined(separator: " ")
    }

    /// The lengths that occur, shortest first, with how many times.
    var sorted: [(length: Int, count: Int)] {
        short.indices.filter { short[$0] > 0 }.map { ($0, short[$0]) } + long.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
