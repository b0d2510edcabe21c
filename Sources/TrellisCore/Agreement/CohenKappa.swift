/// Cohen's kappa: chance-corrected agreement of two coders who labelled the same items.
public enum CohenKappa {
    /// κ = (pₒ − pₑ) / (1 − pₑ). `nil` when there are no items, the lists differ in length, or
    /// chance agreement is total (both coders used one and the same category throughout).
    public static func compute<Label: CustomStringConvertible & Hashable>(_ a: [Label], _ b: [Label]) -> Double? {
        guard a.count == b.count else { return nil }
        var matrix = ConfusionMatrix()
        for (x, y) in zip(a, b) { matrix.add(x.description, y.description) }
        return compute(matrix)
    }

    /// κ from the counts of label pairs (rows: the first coder, columns: the second).
    public static func compute(_ matrix: ConfusionMatrix) -> Double? {
        var n = 0.0, agree = 0.0
        var rows: [String: Double] = [:], columns: [String: Double] = [:]
        for (a, row) in matrix.counts {
            for (b, count) in row {
                let value = Double(count)
                n += value
                if a == b { agree += value }
                rows[a, default: 0] += value
                columns[b, default: 0] += value
            }
        }
        guard n > 0 else { return nil }
        let expected = rows.reduce(0.0) { $0 + ($1.value / n) * ((columns[$1.key] ?? 0) / n) }
        guard expected < 1 else { return nil }
        return (agree / n - expected) / (1 - expected)
    }
}
