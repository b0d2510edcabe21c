/// Reads a JSON configuration file (with `//` comments allowed) and turns every problem,
/// syntactic or semantic, into a `ConfigError` that names the line and column.
public struct ConfigReader: Sendable {
    public let file: String
    public let bytes: [UInt8]
    public let root: JSONNode

    /// Parses `bytes`; a syntax error is reported at its place.
    public init(file: String, bytes: [UInt8]) throws(ConfigError) {
        self.file = file
        self.bytes = bytes
        do {
            root = try JSONParser.parse(bytes, allowComments: true)
        } catch {
            let place = JSONParser.lineAndColumn(ofByteOffset: error.byteOffset, in: bytes)
            throw ConfigError(file: file, line: place.line, column: place.column, message: error.message)
        }
    }

    /// An error placed at `node`.
    public func error(_ message: String, at node: JSONNode) -> ConfigError {
        let place = JSONParser.lineAndColumn(ofByteOffset: node.range.lowerBound, in: bytes)
        return ConfigError(file: file, line: place.line, column: place.column, message: message)
    }

    /// The members of an object node, refusing other types and unknown keys.
    public func object(_ node: JSONNode, named what: String, allowedKeys: Set<String>) throws(ConfigError) -> [String: JSONNode] {
        guard case .object(let members) = node.value else {
            throw error("\(what) must be an object, found \(node.typeName)", at: node)
        }
        var result: [String: JSONNode] = [:]
        for member in members {
            guard allowedKeys.contains(member.key) else {
                let known = allowedKeys.sorted().joined(separator: ", ")
                throw error("unknown key \"\(member.key)\" in \(what) (known keys: \(known))", at: member.node)
            }
            result[member.key] = member.node
        }
        return result
    }

    /// A required or defaulted string member.
    public func string(_ members: [String: JSONNode], _ key: String, in what: String, default fallback: String? = nil, at parent: JSONNode) throws(ConfigError) -> String {
        try value(members, key, in: what, default: fallback, at: parent, expected: "a string", \.stringValue)
    }

    /// A required or defaulted boolean member.
    public func bool(_ members: [String: JSONNode], _ key: String, in what: String, default fallback: Bool? = nil, at parent: JSONNode) throws(ConfigError) -> Bool {
        try value(members, key, in: what, default: fallback, at: parent, expected: "true or false", \.boolValue)
    }

    /// A required or defaulted integer member.
    public func int(_ members: [String: JSONNode], _ key: String, in what: String, default fallback: Int? = nil, at parent: JSONNode) throws(ConfigError) -> Int {
        try value(members, key, in: what, default: fallback, at: parent, expected: "a whole number", \.intValue)
    }

    private func value<T>(_ members: [String: JSONNode], _ key: String, in what: String, default fallback: T?, at parent: JSONNode,
                          expected: String, _ extract: (JSONNode) -> T?) throws(ConfigError) -> T {
        guard let node = members[key] else {
            if let fallback { return fallback }
            throw error("\(what) needs \"\(key)\"", at: parent)
        }
        guard let value = extract(node) else {
            throw error("\"\(key)\" in \(what) must be \(expected), found \(node.typeName)", at: node)
        }
        return value
    }

    /// The required member `"key"`: one printable character (`VisibleText.isPrintableKey`), and
    /// not a digit unless `allowDigits`. A control character such as a raw ESC is refused.
    public func key(_ members: [String: JSONNode], in what: String, at parent: JSONNode, allowDigits: Bool = true) throws(ConfigError) -> Character {
        let text = try string(members, "key", in: what, at: parent)
        guard text.count == 1, let key = text.first, VisibleText.isPrintableKey(key), allowDigits || !key.isNumber else {
            let kind = allowDigits ? "one printable character" : "one printable character that is not a digit"
            throw error("\(what): \"key\" must be \(kind), found \(VisibleText.describe(text))", at: members["key"]!)
        }
        return key
    }

    /// A required or defaulted array member.
    public func array(_ members: [String: JSONNode], _ key: String, in what: String, required: Bool = false, at parent: JSONNode) throws(ConfigError) -> [JSONNode] {
        guard let node = members[key] else {
            if required { throw error("\(what) needs \"\(key)\"", at: parent) }
            return []
        }
        guard let value = node.arrayValue else {
            throw error("\"\(key)\" in \(what) must be a list, found \(node.typeName)", at: node)
        }
        return value
    }

    /// A list of strings.
    public func strings(_ members: [String: JSONNode], _ key: String, in what: String, at parent: JSONNode) throws(ConfigError) -> [(String, JSONNode)] {
        var result: [(String, JSONNode)] = []
        for item in try array(members, key, in: what, at: parent) {
            guard let value = item.stringValue else {
                throw error("items of \"\(key)\" in \(what) must be strings, found \(item.typeName)", at: item)
            }
            result.append((value, item))
        }
        return result
    }
}
