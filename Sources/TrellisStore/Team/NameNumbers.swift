/// Names (labels, reviewers) numbered in the order they first come, so that sums can be kept in
/// arrays instead of dictionaries keyed by strings. There are few: a linear scan of short
/// strings finds one faster than hashing it.
struct NameNumbers: Codable {
    private(set) var names: [String] = []

    /// The number of `name`, given it now if it has none.
    mutating func number(_ name: String) -> Int {
        if let known = names.firstIndex(of: name) { return known }
        names.append(name)
        return names.count - 1
    }
}
