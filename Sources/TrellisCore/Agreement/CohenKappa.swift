/// Cohen's kappa: chance-corrected agreement of two coders who labelled the same items.
///
/// κ = (pₒ − pₑ) / (1 − pₑ), with pₒ the share of items both gave the same label and pₑ the
/// agreement expected from each coder's own label frequencies (Cohen 1960).
public enum CohenKappa {
    /// κ of `a[i]` against `b[i]`. `nil` when there are no items, the lists differ in length, or
    /// κ is undefined because pₑ = 1 (both coders used one and the same label throughout, so
    /// there is no variation to agree on; callers that want "perfect" there must decide so).
    /// Symmetric in its arguments.
    public static func compute<Label: Hashable>(_ a: [Label], _ b: [Label]) -> Double? {
        guard a.count == b.count else { return nil }
        return kappa(zip(a, b).lazy.map { ($0, $1, 1) })
    }

    /// κ from counts of label pairs (rows: the first coder, columns: the second); `nil` as above.
    public static func compute(_ matrix: ConfusionMatrix) -> Double? {
        kappa(matrix.counts.lazy.flatMap { row in row.value.lazy.map { (row.key, $0.key, $0.value) } })
    }

    /// κ from counts of label pairs with labels numbered `0..<size`: `counts[row * size + column]`
    /// (rows: the first coder); `nil` as above.
    public static func compute(counts: [Int], size: Int) -> Double? {
        precondition(counts.count == size * size, "CohenKappa: \(counts.count) counts for \(size) labels")
        var n = 0.0, agreed = 0.0, chance = 0.0
        for label in 0..<size {
            var row = 0, column = 0
            for other in 0..<size {
                row += counts[label * size + other]
                column += counts[other * size + label]
            }
            n += Double(row)
            agreed += Double(counts[label * size + label])
            chance += Double(row) * Double(column)
        }
        return kappa(n: n, agreed: agreed, chance: chance)
    }

    private static func kappa<Label: Hashable>(_ pairs: some Sequence<(Label, Label, Int)>) -> Double? {
        var n = 0.0, agreed = 0.0
        var rows: [Label: Double] = [:], columns: [Label: Double] = [:]
        for (x, y, count) in pairs {
            let weight = Double(count)
            n += weight
            if x == y { agreed += weight }
            rows[x, default: 0] += weight
            columns[y, default: 0] += weight
        }
        return kappa(n: n, agreed: agreed, chance: rows.reduce(0.0) { $0 + $1.value * (columns[$1.key] ?? 0) })
    }

    /// κ of `n` items, `agreed` of them alike, with `chance` = Σ over labels of the label's row
    /// total times its column total.
    private static func kappa(n: Double, agreed: Double, chance: Double) -> Double? {
        guard n > 0 else { return nil }
        let expected = chance / (n * n)
        guard expected < 1 else { return nil }
        return (agreed / n - expected) / (1 - expected)
    }
}
