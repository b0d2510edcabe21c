extension SeededRandom {
    /// A uniform whole number in `0..<bound`, by Lemire's multiply-and-reject method written out
    /// here, so that a seed gives the same draws whatever the standard library's own method.
    public mutating func uniform(below bound: Int) -> Int {
        precondition(bound > 0, "uniform(below:) needs a positive bound")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }
}
