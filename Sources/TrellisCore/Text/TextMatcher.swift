/// The in-document search's rule of what matches a query (`/` on the review screen, and a store's
/// search of a long document's text a piece at a time): code point by code point, ignoring case
/// by each scalar's simple lower-case mapping, so that a match is as long as its query in code
/// points wherever it lies, and a text cut into pieces matches like the whole when each piece is
/// searched with the ``length`` − 1 code points after it.
public struct TextMatcher: Hashable, Sendable {
    /// The query, folded.
    public let needle: [Unicode.Scalar]

    public init(_ query: String) {
        needle = query.unicodeScalars.map(Self.folded)
    }

    /// Code points in a match.
    public var length: Int { needle.count }

    /// Every non-overlapping occurrence in `text`, left to right.
    public func matches(in text: [Unicode.Scalar]) -> [Range<Int>] {
        guard !needle.isEmpty else { return [] }
        var found: [Range<Int>] = []
        var offset = 0
        while let match = first(in: text, startingIn: offset..<text.count) {
            found.append(match..<(match + needle.count))
            offset = match + needle.count
        }
        return found
    }

    /// Where the first occurrence (`forward`) or the last one starting in `starts` lies in `text`
    /// (it may end past `starts`), if any.
    public func find(in text: [Unicode.Scalar], startingIn starts: Range<Int>, forward: Bool) -> Int? {
        forward ? first(in: text, startingIn: starts) : last(in: text, startingIn: starts)
    }

    private func first(in text: [Unicode.Scalar], startingIn starts: Range<Int>) -> Int? {
        guard let head = needle.first else { return nil }
        let last = min(starts.upperBound - 1, text.count - needle.count)
        var offset = max(0, starts.lowerBound)
        while offset <= last {
            if Self.folded(text[offset]) == head, occurs(at: offset, in: text) { return offset }
            offset += 1
        }
        return nil
    }

    private func last(in text: [Unicode.Scalar], startingIn starts: Range<Int>) -> Int? {
        guard let head = needle.first else { return nil }
        var offset = min(starts.upperBound - 1, text.count - needle.count)
        while offset >= max(0, starts.lowerBound) {
            if Self.folded(text[offset]) == head, occurs(at: offset, in: text) { return offset }
            offset -= 1
        }
        return nil
    }

    private func occurs(at offset: Int, in text: [Unicode.Scalar]) -> Bool {
        (1..<needle.count).allSatisfy { Self.folded(text[offset + $0]) == needle[$0] }
    }

    /// A scalar's simple lower-case form (ASCII without allocating).
    static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            return (65...90).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32)! : scalar
        }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first! : scalar
    }
}
