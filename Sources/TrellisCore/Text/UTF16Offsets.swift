/// Offsets counted in UTF-16 code units (JavaScript string indices) turned into code-point
/// offsets: the two differ after every character outside the Basic Multilingual Plane (most
/// emoji), which takes two units and one code point.
public struct UTF16Offsets: Sendable {
    /// For each UTF-16 offset, the code-point offset there, or -1 inside a surrogate pair.
    private let codePointAt: [Int]

    public init(_ scalars: [Unicode.Scalar]) {
        var map: [Int] = []
        map.reserveCapacity(scalars.count + 1)
        for (index, scalar) in scalars.enumerated() {
            map.append(index)
            if scalar.value > 0xFFFF { map.append(-1) }
        }
        map.append(scalars.count)
        codePointAt = map
    }

    /// The code-point offset at UTF-16 offset `units`, or `nil` when it is outside the text or
    /// falls between the two halves of a surrogate pair.
    public func codePoint(atUnit units: Int) -> Int? {
        guard codePointAt.indices.contains(units), codePointAt[units] >= 0 else { return nil }
        return codePointAt[units]
    }
}
