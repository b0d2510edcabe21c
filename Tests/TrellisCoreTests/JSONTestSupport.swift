import TrellisCore

/// Shared helpers for the JSON tests.
enum JSONTesting {
    static func parse(_ text: String, allowComments: Bool = false) throws(JSONSyntaxError) -> JSONNode {
        try JSONParser.parse(Array(text.utf8), allowComments: allowComments)
    }

    /// The error parsing `bytes` throws, or `nil` if it parses.
    static func error(_ bytes: [UInt8], allowComments: Bool = false) -> JSONSyntaxError? {
        do {
            _ = try JSONParser.parse(bytes, allowComments: allowComments)
            return nil
        } catch {
            return error
        }
    }

    static func error(_ text: String, allowComments: Bool = false) -> JSONSyntaxError? {
        error(Array(text.utf8), allowComments: allowComments)
    }

    static func write(_ node: JSONNode, sortedKeys: Bool = false) -> String {
        String(decoding: JSONWriter.write(node, sortedKeys: sortedKeys), as: UTF8.self)
    }
}

extension JSONNode {
    /// The same tree with every range zeroed, to compare structure only.
    var strippingRanges: JSONNode {
        let value: Value
        switch self.value {
        case .array(let elements):
            value = .array(elements.map(\.strippingRanges))
        case .object(let members):
            value = .object(members.map { JSONMember(key: $0.key, keyRange: 0..<0, node: $0.node.strippingRanges) })
        default:
            value = self.value
        }
        return JSONNode(value, range: 0..<0)
    }

    /// This node and all its descendants, depth first.
    var allNodes: [JSONNode] {
        switch value {
        case .array(let elements): [self] + elements.flatMap(\.allNodes)
        case .object(let members): [self] + members.flatMap(\.node.allNodes)
        default: [self]
        }
    }
}
