import TrellisCore

/// Names (labels, reviewers) numbered in the order they first come, so that sums can be kept in
/// arrays instead of dictionaries keyed by strings. There are few: a linear scan of short
/// strings finds one faster than hashing it.
struct NameNumbers {
    private(set) var names: [String] = []

    /// The number of `name`, given it now if it has none.
    mutating func number(_ name: String) -> Int {
        if let known = names.firstIndex(of: name) { return known }
        names.append(name)
        return names.count - 1
    }
}

extension NameNumbers: CompactlyKept {
    func write(to writer: inout CompactSums.Writer) {
        writer.count(names.count)
        for name in names { writer.string(name) }
    }

    init(reading reader: inout CompactSums.Reader) throws {
        self.init()
        for _ in 0..<(try reader.count(ofItemsAtLeast: 1)) { names.append(try reader.string()) }
    }
}
