/// One parsed JSON value and the byte range it occupies in the input.
public struct JSONNode: Sendable, Hashable {
    /// The value itself; containers hold child nodes with their own ranges.
    public enum Value: Sendable, Hashable {
        case null
        case bool(Bool)
        /// The number's text as written, validated against the JSON grammar.
        case number(String)
        case string(String)
        case array([JSONNode])
        /// Members in input order; no key appears twice (the parser refuses a repeated key).
        case object([JSONMember])
    }

    public var value: Value
    /// Byte offsets of this value in the input (for strings, including the quotes).
    public var range: Range<Int>

    public init(_ value: Value, range: Range<Int>) {
        self.value = value
        self.range = range
    }
}

/// One `"key": value` pair of a JSON object.
public struct JSONMember: Sendable, Hashable {
    public var key: String
    /// Byte offsets of the key in the input, including its quotes.
    public var keyRange: Range<Int>
    public var node: JSONNode

    public init(key: String, keyRange: Range<Int>, node: JSONNode) {
        self.key = key
        self.keyRange = keyRange
        self.node = node
    }
}

extension JSONNode {
    /// The member named `key` if this is an object, else `nil`.
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = value else { return nil }
        return members.first { $0.key == key }?.node
    }

    /// The string, if this is a string.
    public var stringValue: String? {
        guard case .string(let string) = value else { return nil }
        return string
    }

    /// The number if it is written as an integer (no fraction, no exponent) that fits `Int`.
    public var intValue: Int? {
        guard case .number(let text) = value else { return nil }
        return Int(text)
    }

    /// The number as a `Double`, however it is written.
    public var doubleValue: Double? {
        guard case .number(let text) = value else { return nil }
        return Double(text)
    }

    /// The boolean, if this is `true` or `false`.
    public var boolValue: Bool? {
        guard case .bool(let bool) = value else { return nil }
        return bool
    }

    /// The elements, if this is an array.
    public var arrayValue: [JSONNode]? {
        guard case .array(let elements) = value else { return nil }
        return elements
    }

    /// The members in input order, if this is an object.
    public var objectMembers: [JSONMember]? {
        guard case .object(let members) = value else { return nil }
        return members
    }

    /// `"null"`, `"boolean"`, `"number"`, `"string"`, `"array"` or `"object"`, for messages.
    public var typeName: String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
