/// A structural problem in tagged text that makes it impossible to turn into spans.
public struct TagParseError: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case unknownTag = "unknown-tag"
        case unexpectedClose = "unexpected-close"
        case unclosed = "unclosed-tag"
        case crossing = "crossing-tags"
        case emptySpan = "empty-span"
    }

    public var kind: Kind
    public var message: String
    /// Code-point offset of the offending tag in the *tagged* text.
    public var taggedOffset: Int
    /// Code-point offset of the same place in the plain text.
    public var plainOffset: Int

    public var description: String { "\(message) (tag at text offset \(taggedOffset))" }
}

/// What parsing tagged text gives: the plain text with its spans, and any structural errors.
/// When `errors` is not empty the spans are a best effort and must not be stored.
public struct TagParseResult: Hashable, Sendable {
    public var annotated: AnnotatedText
    /// The plain text, the same as `annotated.text`.
    public var text: String
    /// The first errors, in the order found (at most `TagCodec.maxKeptErrors`).
    public var errors: [TagParseError]
    /// How many errors there were in all.
    public var errorCount: Int
    /// Whether the input was already in the serialiser's form, so that
    /// `serialise(annotated)` would give it back unchanged: no entity was decoded and no `<` was
    /// left in the plain text. (In input that parses without errors, the tags at one place are
    /// necessarily closings, innermost first, then openings, as the serialiser writes them.)
    public var isCanonical: Bool

    public var isValid: Bool { errors.isEmpty }
}
