/// Ratings by dimension, kept by their place in a list of dimension names (for the gold rules,
/// the rubric's, in order) instead of in a dictionary keyed by name: the export reads, judges
/// and writes a million spans' ratings by position, without hashing a name or allocating a
/// dictionary per judgement. Read by name with the subscript; two ratings are equal when they
/// rate the same dimensions the same, whatever their lists of names.
public struct Ratings<Value: Hashable & Sendable>: Hashable, Sendable {
    /// The dimension names; a rating's place in them is its index. Names outside the list given
    /// at `init(names:)` (a dimension the rubric does not have) are appended when rated.
    public private(set) var names: [String]
    /// `values[i]` rates `names[i]`; shorter than `names` (empty when nothing is rated yet, so
    /// that empty ratings allocate nothing) where the rest is unrated.
    @usableFromInline var values: [Value?]

    /// No ratings, over `names`.
    public init(names: [String]) {
        self.names = names
        values = []
    }

    /// The ratings of `dictionary`, over its names in alphabetical order.
    public init(_ dictionary: [String: Value]) {
        names = dictionary.keys.sorted()
        values = names.map { dictionary[$0] }
    }

    /// The rating at `index` in `names`, if rated.
    @inlinable public func value(at index: Int) -> Value? {
        index < values.count ? values[index] : nil
    }

    /// The rating of `name`, expected at `index` (the place of `name` in the rubric): read there
    /// when `names` has it there, found by name otherwise.
    @inlinable public func value(at index: Int, named name: String) -> Value? {
        if index < names.count, names[index] == name { return value(at: index) }
        return self[name]
    }

    /// Rates the dimension at `index` in `names`.
    @inlinable public mutating func set(_ value: Value?, at index: Int) {
        precondition(index < names.count, "no dimension at \(index)")
        if index >= values.count {
            guard value != nil else { return }
            values.reserveCapacity(names.count)
            values.append(contentsOf: repeatElement(nil, count: index + 1 - values.count))
        }
        values[index] = value
    }

    /// The rating of dimension `name`; set, it adds `name` to `names` if it is not there.
    public subscript(name: String) -> Value? {
        get { names.firstIndex(of: name).flatMap { value(at: $0) } }
        set {
            if let index = names.firstIndex(of: name) { return set(newValue, at: index) }
            guard newValue != nil else { return }
            names.append(name)
            set(newValue, at: names.count - 1)
        }
    }

    /// Whether no dimension is rated.
    @inlinable public var isEmpty: Bool {
        !values.contains { $0 != nil }
    }

    /// How many dimensions are rated.
    public var count: Int {
        values.lazy.filter { $0 != nil }.count
    }

    /// The rated dimensions, by name.
    public var dictionary: [String: Value] {
        var dictionary = [String: Value](minimumCapacity: values.count)
        for (index, value) in values.enumerated() { if let value { dictionary[names[index]] = value } }
        return dictionary
    }

    /// The same dimensions rated with `transform` of each rating.
    public func mapValues<T>(_ transform: (Value) throws -> T) rethrows -> Ratings<T> {
        var mapped = Ratings<T>(names: names)
        mapped.values = try values.map { try $0.map(transform) }
        return mapped
    }

    public static func == (lhs: Ratings, rhs: Ratings) -> Bool {
        if lhs.names == rhs.names { return lhs.values.count == rhs.values.count ? lhs.values == rhs.values : lhs.dictionary == rhs.dictionary }
        return lhs.dictionary == rhs.dictionary
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(dictionary)
    }
}

extension Ratings: CustomStringConvertible {
    /// `["care": 4, "honesty": 5]`: the rated dimensions by name, in alphabetical order.
    public var description: String {
        "[" + dictionary.sorted { $0.key < $1.key }.map { "\(String(reflecting: $0.key)): \($0.value)" }.joined(separator: ", ") + "]"
    }
}
