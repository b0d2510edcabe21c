/// Counts of a few distinct strings (a schema's modes, the gold rules' resolutions), each
/// found by comparing rather than hashing: the exporter counts every span written with them,
/// on the thread that writes.
struct FewCounts {
    private var keys: [String] = []
    private var counts: [Int] = []

    /// Counts `key` once more.
    mutating func add(_ key: String) {
        if let index = keys.firstIndex(of: key) { counts[index] += 1 } else {
            keys.append(key)
            counts.append(1)
        }
    }

    /// Adds the counts to `dictionary`'s.
    func add(to dictionary: inout [String: Int]) {
        for (key, count) in zip(keys, counts) { dictionary[key, default: 0] += count }
    }
}
