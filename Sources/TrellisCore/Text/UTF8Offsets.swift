/// Where a text's code points start in its UTF-8, so that a range of code points (what span
/// offsets count) can be read straight from the UTF-8 bytes without building a `String`.
struct UTF8Offsets {
    /// The byte offset of every code point and of the end; `nil` for ASCII, where they are equal.
    private let starts: [Int]?
    private let count: Int

    init(_ scalars: [Unicode.Scalar], byteCount: Int) {
        count = scalars.count
        guard byteCount != scalars.count else {
            starts = nil
            return
        }
        var starts: [Int] = []
        starts.reserveCapacity(scalars.count + 1)
        var offset = 0
        for scalar in scalars {
            starts.append(offset)
            offset += UTF8.width(scalar)
        }
        starts.append(offset)
        self.starts = starts
    }

    /// The bytes of the code points in `range`, clamped to the text.
    func bytes(of range: Range<Int>) -> Range<Int> {
        let clamped = range.clamped(to: 0..<count)
        guard let starts else { return clamped }
        return starts[clamped.lowerBound]..<starts[clamped.upperBound]
    }
}
