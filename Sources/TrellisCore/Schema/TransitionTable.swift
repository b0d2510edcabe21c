/// The schema as a transition table for decoding: in each mode (and at the top level), which
/// tags may open next, which tag closes it, what text may stand in it and which neighbours are
/// banned. A logits processor that tracks the open tags with it can mask every tag the schema
/// would refuse; `TransitionTable.Acceptor` is the reference implementation, and `GBNFGrammar`
/// writes the same rules as a grammar for llama.cpp. See `docs/schema.md`.
///
/// Rules that hold whatever the schema (so they are not fields): a span holds at least one code
/// point; a document holds at least one span or, where untagged text is allowed, visible text.
public struct TransitionTable: Hashable, Sendable {
    /// The `format` field of the JSON form, and its version.
    public static let format = "trellis-transition-table"
    public static let formatVersion = 1

    public var schemaName: String
    public var schemaVersion: String
    /// The mode tags, in the schema's order.
    public var tags: [String]
    /// Tag-shaped names that are ordinary text (`<br>`), sorted.
    public var literalTags: [String]
    /// The code points that count as white space (Unicode White_Space and the invisible,
    /// default-ignorable code points, as validation reads them: `Unicode.Scalar.isBlank`).
    public var whitespace: [ClosedRange<UInt32>]
    /// The top level first, then one context per tag in the schema's order.
    public var contexts: [Context]

    public init(schemaName: String, schemaVersion: String, tags: [String], literalTags: [String], whitespace: [ClosedRange<UInt32>], contexts: [Context]) {
        self.schemaName = schemaName
        self.schemaVersion = schemaVersion
        self.tags = tags
        self.literalTags = literalTags
        self.whitespace = whitespace
        self.contexts = contexts
    }

    /// The table of `schema`.
    public init(schema: TagSchema) {
        let bans = schema.bannedTransitions
        func context(_ mode: String?) -> Context {
            let children = schema.tags.map(\.name).filter { schema.allows($0, in: mode) }
            let local = bans.filter { children.contains($0.from) && children.contains($0.to) }.map {
                Ban(after: $0.from, open: $0.to, separation: $0.separation, reason: $0.reason)
            }
            let text: Context.Text = mode == nil && !schema.allowsUntaggedText ? .whitespace : .any
            return Context(mode: mode, mayOpen: children, text: text, banned: local)
        }
        self.init(
            schemaName: schema.name, schemaVersion: schema.version,
            tags: schema.tags.map(\.name), literalTags: schema.literalTags.sorted(),
            whitespace: Self.unicodeWhitespace,
            contexts: [context(nil)] + schema.tags.map { context($0.name) })
    }

    /// The context of `mode` (`nil`: the top level).
    public func context(_ mode: String?) -> Context? {
        contexts.first { $0.mode == mode }
    }

    /// Whether `scalar` is white space by this table.
    public func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        whitespace.contains { $0.contains(scalar.value) }
    }

    /// Every code point with `Unicode.Scalar.isBlank` (white space and the invisible,
    /// default-ignorable code points), as ranges: the one definition the validator uses, read
    /// out rather than copied.
    static let unicodeWhitespace: [ClosedRange<UInt32>] = {
        var ranges: [ClosedRange<UInt32>] = []
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value), scalar.isBlank else { continue }
            if let last = ranges.last, last.upperBound + 1 == value {
                ranges[ranges.count - 1] = last.lowerBound...value
            } else {
                ranges.append(value...value)
            }
        }
        return ranges
    }()

    /// What may stand inside one mode (or at the top level).
    public struct Context: Hashable, Sendable {
        /// Which text may stand directly in a context.
        public enum Text: String, Hashable, Sendable, CaseIterable {
            /// Any text.
            case any
            /// Only white space (the top level when the schema forbids untagged text).
            case whitespace
        }

        /// The mode, or `nil` for the top level (which no tag closes).
        public var mode: String?
        /// The tags that may open directly here, in the schema's order.
        public var mayOpen: [String]
        public var text: Text
        /// The banned neighbours among this context's children.
        public var banned: [Ban]

        public init(mode: String?, mayOpen: [String], text: Text, banned: [Ban]) {
            self.mode = mode
            self.mayOpen = mayOpen
            self.text = text
            self.banned = banned
        }
    }

    /// A tag that must not open right after a sibling span of another (or the same) tag closed.
    public struct Ban: Hashable, Sendable {
        /// The tag of the sibling that closed.
        public var after: String
        /// The tag that must not open next.
        public var open: String
        /// `whitespace`: banned while only white space lies between; `anything`: whatever lies between.
        public var separation: BannedTransition.Separation
        public var reason: String

        public init(after: String, open: String, separation: BannedTransition.Separation, reason: String) {
            self.after = after
            self.open = open
            self.separation = separation
            self.reason = reason
        }
    }
}
