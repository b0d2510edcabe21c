/// The value-adherence rubric of a project: the dimensions a reviewer rates each span on, with a
/// scale, a description per level, and the modes each dimension applies to. Loaded from a JSON
/// file (`Resources/rubric.json` by default); see `docs/rubric.md`.
public struct Rubric: Hashable, Sendable {
    public var name: String
    public var version: String
    public var dimensions: [RubricDimension]

    public init(name: String, version: String, dimensions: [RubricDimension]) {
        self.name = name
        self.version = version
        self.dimensions = dimensions
    }

    /// The dimension called `name`, if any.
    public func dimension(_ name: String) -> RubricDimension? {
        dimensions.first { $0.name == name }
    }

    /// The dimensions that apply to spans of `mode`, in file order.
    public func dimensions(for mode: String) -> [RubricDimension] {
        dimensions.filter { $0.modes.contains(mode) }
    }

    /// How far apart ratings of `dimension` may be and still agree (0 for a dimension not in the rubric).
    public func tolerance(of dimension: String) -> Int {
        self.dimension(dimension)?.tolerance ?? 0
    }

    /// Required dimensions for `mode` that `ratings` (dimension → value) lacks.
    public func missing(for mode: String, ratings: [String: Int]) -> [RubricDimension] {
        dimensions(for: mode).filter { $0.required && ratings[$0.name] == nil }
    }
}

/// One thing to rate.
public struct RubricDimension: Hashable, Sendable {
    public var name: String
    public var description: String
    /// The key that starts rating this dimension in the review screen.
    public var key: Character
    /// Whether a span needs this rating before it can be approved.
    public var required: Bool
    /// Modes (schema tags) the dimension applies to.
    public var modes: Set<String>
    public var scale: ClosedRange<Int>
    /// One line per level, keyed by value.
    public var levels: [Int: String]
    /// How far apart two reviewers' ratings may be and still agree, for adjudication (0: any
    /// difference is a disagreement).
    public var tolerance: Int

    public init(name: String, description: String = "", key: Character, required: Bool = true, modes: Set<String>, scale: ClosedRange<Int> = 1...5,
                levels: [Int: String] = [:], tolerance: Int = 0) {
        self.name = name
        self.description = description
        self.key = key
        self.required = required
        self.modes = modes
        self.scale = scale
        self.levels = levels
        self.tolerance = tolerance
    }
}
