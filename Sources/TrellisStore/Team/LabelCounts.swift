import TrellisCore

/// Counts of label pairs with labels numbered (`NameNumbers`): a square matrix, rows for the
/// first reviewer, that grows as labels come. Adding one up into another costs an array walk, not
/// a dictionary lookup per pair of labels.
struct LabelCounts {
    private(set) var size = 0
    private var counts: [Int] = []

    init(size: Int = 0) {
        grow(to: size)
    }

    /// Counts `count` more code points where the first reviewer said `a` and the second `b`.
    mutating func add(_ a: Int, _ b: Int, count: Int) {
        grow(to: max(a, b) + 1)
        counts[a * size + b] += count
    }

    /// Adds `other`'s counts (`transposed`: with the reviewers swapped), or only those where
    /// either reviewer said `label`.
    mutating func add(_ other: LabelCounts, transposed: Bool = false, involving label: Int? = nil) {
        grow(to: other.size)
        for a in 0..<other.size {
            for b in 0..<other.size where other.counts[a * other.size + b] != 0 && (label == nil || a == label || b == label) {
                counts[transposed ? b * size + a : a * size + b] += other.counts[a * other.size + b]
            }
        }
    }

    /// Adds `other`'s counts, its label `a` counted as `numbers[a]` here.
    mutating func add(_ other: LabelCounts, renumbered numbers: [Int]) {
        for a in 0..<other.size {
            for b in 0..<other.size where other.counts[a * other.size + b] != 0 { add(numbers[a], numbers[b], count: other.counts[a * other.size + b]) }
        }
    }

    /// Cohen's kappa of the two reviewers.
    var kappa: Double? { CohenKappa.compute(counts: counts, size: size) }

    /// The counts by label name (`names[number]`), pairs never seen left out.
    func matrix(names: [String]) -> ConfusionMatrix {
        var matrix = ConfusionMatrix()
        for a in 0..<size {
            for b in 0..<size where counts[a * size + b] != 0 { matrix.add(names[a], names[b], count: counts[a * size + b]) }
        }
        return matrix
    }

    private mutating func grow(to newSize: Int) {
        guard newSize > size else { return }
        var grown = [Int](repeating: 0, count: newSize * newSize)
        for a in 0..<size {
            for b in 0..<size { grown[a * newSize + b] = counts[a * size + b] }
        }
        (size, counts) = (newSize, grown)
    }
}

extension LabelCounts: CompactlyKept {
    func write(to writer: inout CompactSums.Writer) {
        writer.count(size)
        for count in counts { writer.count(count) }
    }

    init(reading reader: inout CompactSums.Reader) throws {
        let size = try reader.count()
        guard size <= 1 << 12, size * size <= reader.remaining else { throw CompactSums.Corrupt() }
        self.init(size: size)
        for index in counts.indices { counts[index] = try reader.count() }
    }
}
