/// A mode span over plain text. Offsets count Unicode code points (as Python's `str` does):
/// `start` inclusive, `end` exclusive. `depth` is 0 for a top-level span and grows by one per
/// enclosing span; it orders spans that cover the same range (the outer one comes first).
public struct Span: Hashable, Sendable, Codable {
    public var start: Int
    public var end: Int
    public var label: String
    public var depth: Int

    public init(start: Int, end: Int, label: String, depth: Int = 0) {
        self.start = start
        self.end = end
        self.label = label
        self.depth = depth
    }

    /// Number of code points covered.
    public var length: Int { end - start }

    /// Whether `other` lies within this span's range (equal ranges included).
    public func encloses(_ other: Span) -> Bool {
        start <= other.start && other.end <= end
    }

    /// Whether the two ranges share at least one code point.
    public func overlaps(_ other: Span) -> Bool {
        start < other.end && other.start < end
    }

    /// The span cut to lie inside a text of `length` code points (it may become empty): what a
    /// screen draws of a span that a damaged database places outside its text.
    public func clamped(toLength length: Int) -> Span {
        let start = min(max(0, self.start), length)
        return Span(start: start, end: min(max(start, end), length), label: label, depth: depth)
    }

    /// Document order: by start, then the longer (outer) first, then the shallower first.
    public static func documentOrder(_ a: Span, _ b: Span) -> Bool {
        if a.start != b.start { return a.start < b.start }
        if a.end != b.end { return a.end > b.end }
        return a.depth < b.depth
    }
}
