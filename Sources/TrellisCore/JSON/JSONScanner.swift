/// The parser's state: a cursor over the input bytes. Containers are parsed with an explicit
/// stack rather than recursion, so deep nesting cannot overflow the thread's stack.
struct JSONScanner {
    static let maxDepth = 512

    let bytes: UnsafeBufferPointer<UInt8>
    let allowComments: Bool
    var index = 0
    /// Decoded bytes of the current string once it turns out to contain escapes.
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>, allowComments: Bool) {
        self.bytes = bytes
        self.allowComments = allowComments
    }

    /// An open array or object; its finished children wait on the shared stacks from the bases on.
    private struct Container {
        var isObject: Bool
        var start: Int
        var valueBase: Int
        var keyBase: Int
    }

    /// Parses exactly one JSON value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONSyntaxError) -> JSONNode {
        var containers: [Container] = []
        var values: [JSONNode] = []
        var keys: [(key: String, range: Range<Int>)] = []
        // Room for a typical import line's members, so that the stacks do not grow one by one.
        containers.reserveCapacity(4)
        values.reserveCapacity(16)
        keys.reserveCapacity(16)

        nextValue: while true {
            try skipWhitespace()
            guard index < bytes.count else { throw unexpected(expected: "a JSON value") }
            let start = index
            var node: JSONNode
            switch bytes[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let isObject = bytes[index] == UInt8(ascii: "{")
                guard containers.count < Self.maxDepth else {
                    throw JSONSyntaxError(message: "nesting deeper than \(Self.maxDepth) levels", byteOffset: index)
                }
                index += 1
                try skipWhitespace()
                if index < bytes.count, bytes[index] == (isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) {
                    index += 1
                    node = JSONNode(isObject ? .object([]) : .array([]), range: start..<index)
                } else {
                    containers.append(Container(isObject: isObject, start: start, valueBase: values.count, keyBase: keys.count))
                    if isObject { keys.append(try parseKey(expected: "a string key or '}'")) }
                    continue nextValue
                }
            case UInt8(ascii: "\""):
                node = JSONNode(.string(try parseString()), range: start..<index)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                node = JSONNode(.number(try parseNumber()), range: start..<index)
            default:
                node = JSONNode(try parseLiteral(), range: start..<index)
            }

            // Hand the value to the innermost open container, closing every container that ends here.
            while let container = containers.last {
                values.append(node)
                try skipWhitespace()
                let close = container.isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard index < bytes.count, bytes[index] == UInt8(ascii: ",") || bytes[index] == close else {
                    throw unexpected(expected: container.isObject ? "',' or '}' after object member" : "',' or ']' after array element")
                }
                if bytes[index] == UInt8(ascii: ",") {
                    let comma = index
                    index += 1
                    try skipWhitespace()
                    if index < bytes.count, bytes[index] == close {
                        throw JSONSyntaxError(message: "trailing comma before '\(Character(Unicode.Scalar(close)))'", byteOffset: comma)
                    }
                    if container.isObject { keys.append(try parseKey(expected: "a string key after ','")) }
                    continue nextValue
                }
                index += 1
                if container.isObject {
                    var members: [JSONMember] = []
                    members.reserveCapacity(values.count - container.valueBase)
                    for (offset, value) in values[container.valueBase...].enumerated() {
                        let key = keys[container.keyBase + offset]
                        members.append(JSONMember(key: key.key, keyRange: key.range, node: value))
                    }
                    keys.removeSubrange(container.keyBase...)
                    if let repeated = Self.firstRepeatedKey(in: members) {
                        let key = members[repeated].key
                        let shown = key.count > 40 ? String(key.prefix(40)) + "…" : key
                        throw JSONSyntaxError(message: "duplicate key \"\(shown)\" (each key may appear once in an object)", byteOffset: members[repeated].keyRange.lowerBound)
                    }
                    node = JSONNode(.object(members), range: container.start..<index)
                } else {
                    node = JSONNode(.array(Array(values[container.valueBase...])), range: container.start..<index)
                }
                values.removeSubrange(container.valueBase...)
                containers.removeLast()
            }

            try skipWhitespace()
            guard index == bytes.count else { throw trailingGarbage() }
            return node
        }
    }

    /// The index of the first member whose key an earlier member already has. Readers disagree
    /// on which of two values wins (Python keeps the last, others the first), so a repeated key
    /// is an error. Keys are compared code point by code point, as Python does (`é` and `e` +
    /// U+0301 are two keys, though Swift's `==` calls them equal). Small objects (every import
    /// line) are checked pairwise; larger ones with a set, so that the check stays linear.
    private static func firstRepeatedKey(in members: [JSONMember]) -> Int? {
        if members.count <= 16 {
            for index in members.indices.dropFirst() {
                // Lengths first (known without a walk): most keys differ there.
                let key = members[index].key.utf8, length = key.count
                if members[..<index].contains(where: { $0.key.utf8.count == length && $0.key.utf8.elementsEqual(key) }) { return index }
            }
            return nil
        }
        var seen = Set<[UInt8]>(minimumCapacity: members.count)
        return members.firstIndex { !seen.insert(Array($0.key.utf8)).inserted }
    }

    /// An object key and the `:` after it.
    private mutating func parseKey(expected: String) throws(JSONSyntaxError) -> (key: String, range: Range<Int>) {
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw unexpected(expected: expected) }
        let start = index
        let key = try parseString()
        let range = start..<index
        try skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw unexpected(expected: "':' after object key") }
        index += 1
        return (key, range)
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as written.
    private mutating func parseNumber() throws(JSONSyntaxError) -> String {
        let start = index
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw unexpected(expected: "a digit after '-'") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) {
                throw JSONSyntaxError(message: "numbers must not have leading zeros", byteOffset: index - 1)
            }
        } else {
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw unexpected(expected: "a digit after '.'") }
            skipDigits()
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw unexpected(expected: "a digit in the exponent") }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// `true`, `false` or `null`; any other word (`True`, `NaN`, `undefined`) is named in the error.
    private mutating func parseLiteral() throws(JSONSyntaxError) -> JSONNode.Value {
        let start = index
        while index < bytes.count, isWordByte(bytes[index]) { index += 1 }
        let word = bytes[start..<index]
        guard !word.isEmpty else { throw unexpected(expected: "a JSON value") }
        if word.elementsEqual("true".utf8) { return .bool(true) }
        if word.elementsEqual("false".utf8) { return .bool(false) }
        if word.elementsEqual("null".utf8) { return .null }
        if index == bytes.count, let literal = ["true", "false", "null"].first(where: { $0.utf8.starts(with: word) }) {
            throw JSONSyntaxError(message: "unexpected end of input, expected '\(literal)'", byteOffset: index)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: word), as: UTF8.self)
        let shown = text.count > 20 ? String(text.prefix(20)) + "…" : text
        throw JSONSyntaxError(message: "invalid literal '\(shown)' (expected true, false or null)", byteOffset: start)
    }

    /// Skips spaces, tabs, line breaks and, when allowed, `//` comments up to the end of the line.
    private mutating func skipWhitespace() throws(JSONSyntaxError) {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                index += 1
            case UInt8(ascii: "/") where allowComments && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "/"):
                index += 2
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
                    index += bytes[index] < 0x80 ? 1 : try UTF8Check.sequenceLength(at: index, in: bytes)
                }
            default:
                return
            }
        }
    }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }

    private func isWordByte(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte == UInt8(ascii: "_")
    }
}
