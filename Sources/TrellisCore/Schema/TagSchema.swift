/// The mode-tag schema of a project: which tags exist, how they look, which may nest in which,
/// which transitions between neighbouring spans are banned, and whether untagged text is allowed.
///
/// Loaded from a JSON file (`Resources/schema.json` by default); see `docs/schema.md`.
public struct TagSchema: Hashable, Sendable {
    /// A project-chosen name and version, recorded with exports for provenance.
    public var name: String
    public var version: String
    public var tags: [TagDefinition]
    public var bannedTransitions: [BannedTransition]
    /// Whether non-whitespace text may lie outside every top-level span.
    public var allowsUntaggedText: Bool
    /// Tag-shaped names (`<br>`, `</p>`) that are ordinary text rather than unknown mode tags.
    public var literalTags: Set<String>

    public init(
        name: String, version: String, tags: [TagDefinition], bannedTransitions: [BannedTransition] = [],
        allowsUntaggedText: Bool = false, literalTags: Set<String> = []
    ) {
        self.name = name
        self.version = version
        self.tags = tags
        self.bannedTransitions = bannedTransitions
        self.allowsUntaggedText = allowsUntaggedText
        self.literalTags = literalTags
    }

    /// The definition of `label`, if the schema has it.
    public func tag(_ label: String) -> TagDefinition? {
        tags.first { $0.name == label }
    }

    /// Whether the schema has a tag named `label` (cheaper than `tag(label) != nil`, which copies
    /// the definition; validation asks for every span).
    public func hasTag(_ label: String) -> Bool {
        tags.contains { $0.name == label }
    }

    /// The set of mode-tag names.
    public var tagNames: Set<String> { Set(tags.map(\.name)) }

    /// Whether a span labelled `child` may sit directly inside one labelled `parent`
    /// (`parent == nil` asks about the top level).
    public func allows(_ child: String, in parent: String?) -> Bool {
        guard let index = tags.firstIndex(where: { $0.name == child }) else { return false }
        guard let parent else { return tags[index].topLevel }
        return tags[index].nestsIn.contains(parent)
    }

    /// The ban, if any, on a span labelled `to` following its sibling labelled `from`
    /// with `gapIsWhitespace` telling whether only white space lies between them.
    public func ban(from: String, to: String, gapIsWhitespace: Bool) -> BannedTransition? {
        bannedTransitions.first {
            $0.from == from && $0.to == to && ($0.separation == .anything || gapIsWhitespace)
        }
    }
}

/// One mode tag of the schema.
public struct TagDefinition: Hashable, Sendable {
    public var name: String
    public var description: String
    /// Colour name for colour terminals ("cyan", "yellow", …).
    public var color: String
    /// Attribute for monochrome terminals: "bold", "underline", "reverse", "dim" or "italic".
    public var monochrome: String
    /// Short marker drawn around the span on monochrome terminals (e.g. "A" gives `A⟦…⟧`).
    public var marker: String
    /// The key that relabels a span to this mode in the TUI (after the relabel prefix).
    public var key: Character
    /// Whether the tag may appear at the top level.
    public var topLevel: Bool
    /// The tags this one may be nested directly inside.
    public var nestsIn: Set<String>

    public init(
        name: String, description: String = "", color: String = "default", monochrome: String = "bold",
        marker: String? = nil, key: Character, topLevel: Bool = true, nestsIn: Set<String> = []
    ) {
        self.name = name
        self.description = description
        self.color = color
        self.monochrome = monochrome
        self.marker = marker ?? String(name.prefix(1)).uppercased()
        self.key = key
        self.topLevel = topLevel
        self.nestsIn = nestsIn
    }
}

/// A transition between two neighbouring sibling spans that the schema forbids.
public struct BannedTransition: Hashable, Sendable {
    /// When the ban applies.
    public enum Separation: String, Hashable, Sendable, CaseIterable {
        /// Only when nothing but white space lies between the two spans.
        case whitespace
        /// Whatever lies between them.
        case anything
    }

    public var from: String
    public var to: String
    public var separation: Separation
    /// Shown to the reviewer with the violation.
    public var reason: String

    public init(from: String, to: String, separation: Separation = .whitespace, reason: String = "") {
        self.from = from
        self.to = to
        self.separation = separation
        self.reason = reason
    }
}
