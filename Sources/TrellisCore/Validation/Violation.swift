/// A place where annotated text breaks the schema.
public struct Violation: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case unknownLabel = "unknown-label"
        case emptySpan = "empty-span"
        case outOfBounds = "out-of-bounds"
        case crossing = "crossing-spans"
        case nesting = "nesting"
        case bannedTransition = "banned-transition"
        case untaggedText = "untagged-text"
    }

    public var kind: Kind
    public var message: String
    /// The offending stretch of the plain text (code points).
    public var range: Range<Int>
    /// Index (in document order) of the span concerned, if one is.
    public var spanIndex: Int?

    public init(kind: Kind, message: String, range: Range<Int>, spanIndex: Int? = nil) {
        self.kind = kind
        self.message = message
        self.range = range
        self.spanIndex = spanIndex
    }

    public var description: String { "\(range.lowerBound)-\(range.upperBound): \(kind.rawValue): \(message)" }
}
