/// A shape made ready to check a record's bytes against in one pass, without parsing them into
/// nodes: whether the bytes are one compact JSON value (no white space between tokens) that
/// `JSONShape.admits` would admit, noting where the values at some paths lie on the way.
///
/// It answers only "yes" or "not sure": it is stricter than `JSONParser` (white space, `\u`
/// escapes of surrogates and objects of more than 64 keys are "not sure"), so that a record it
/// passes is one `JSONParser` parses and the shape admits; a caller checks any other record
/// in full. Keys are compared byte by byte, as the parser compares them for repeats.
public struct JSONShapeScanner: Sendable {
    /// One value's place in the shape.
    final class Node: Sendable {
        enum Kind: Sendable { case null, bool, integer, float, string, array, object }
        let kind: Kind
        /// The slot of the path noted (`capturing`), or -1.
        let slot: Int
        let element: Node?
        /// An object's fields, sorted by key, and their keys' UTF-8 one after the other
        /// (field `i`'s from `keyStarts[i]` to `keyStarts[i + 1]`).
        let fields: [Node]
        let keyBytes: [UInt8]
        let keyStarts: [Int]
        /// Each field's key as the eight bytes after an opening quote read as one word
        /// (``key(of:)``), its quote included when it is shorter.
        let keyWords: [KeyWord]

        init(_ shape: JSONShape, path: String, slots: [String: Int]) {
            slot = slots[path] ?? -1
            var members: [(key: String, value: JSONShape)] = []
            switch shape {
            case .null: (kind, element) = (.null, nil)
            case .bool: (kind, element) = (.bool, nil)
            case .integer: (kind, element) = (.integer, nil)
            case .float: (kind, element) = (.float, nil)
            case .string: (kind, element) = (.string, nil)
            case .array(let inner): (kind, element) = (.array, Node(inner, path: path + "[]", slots: slots))
            case .object(let fields):
                (kind, element) = (.object, nil)
                members = fields.sorted { $0.key < $1.key }
            }
            // A key holding `.` or `[` would spell another value's path: nothing under it is noted.
            fields = members.map { member in
                let spellsAPath = member.key.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "[") }
                return Node(member.value, path: spellsAPath ? "\u{0}" : path.isEmpty ? member.key : "\(path).\(member.key)", slots: slots)
            }
            keyBytes = members.flatMap { Array($0.key.utf8) }
            keyWords = members.map { KeyWord(Array($0.key.utf8)) }
            keyStarts = members.reduce(into: [0]) { starts, member in starts.append(starts.last! + member.key.utf8.count) }
        }
    }

    /// A key's first bytes, to compare with the eight bytes after an opening quote at once:
    /// a key shorter than eight bytes with its closing quote (so that the word matches that key
    /// only), a longer one's first eight (the rest compared byte by byte).
    struct KeyWord: Sendable {
        let word: UInt64
        let mask: UInt64
        /// The key's length in bytes, or -1 for a key that a record writes with escapes (a
        /// quote, a backslash or a control character in it), which is never matched this way.
        let length: Int

        init(_ key: [UInt8]) {
            let written = key.contains { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }
            let compared = Array((key + [UInt8(ascii: "\"")]).prefix(8))
            word = compared.enumerated().reduce(0) { $0 | UInt64($1.element) << UInt64($1.offset * 8) }
            mask = compared.count == 8 ? ~0 : (1 << UInt64(compared.count * 8)) - 1
            length = written ? -1 : key.count
        }
    }

    /// Where a value at a noted path lies: its bytes (a string's with its quotes), whether it is
    /// `null`, and whether a string holds escapes.
    public struct Capture: Sendable, Equatable {
        public var slot: Int
        public var range: Range<Int>
        public var isNull: Bool
        public var escaped: Bool
    }

    let root: Node
    /// The shape this scanner checks against.
    public let shape: JSONShape

    /// `capturing`: the paths whose values are noted, as `ShapeConflict` writes them
    /// (`id`, `spans[]`, `spans[].start`); each one's slot is its index there. Values under a
    /// key holding `.` or `[` are never noted (such a key would spell another path).
    public init(_ shape: JSONShape, capturing paths: [String] = []) {
        self.shape = shape
        root = Node(shape, path: "", slots: Dictionary(paths.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Whether `bytes` are one compact JSON value that the shape admits; the values at the
    /// paths noted are appended to `captures` in the order of the bytes (an array's element
    /// before the values inside it). `false` says only that a full check must decide.
    public func scan(_ bytes: UnsafeBufferPointer<UInt8>, into captures: inout [Capture]) -> Bool {
        var cursor = Cursor(bytes: bytes)
        guard cursor.value(root, into: &captures) else { return false }
        return cursor.index == bytes.count
    }

    /// The walk over the bytes.
    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
        }

        @inline(__always)
        private func peek() -> UInt8? {
            index < bytes.count ? bytes[index] : nil
        }

        mutating func value(_ node: Node, into captures: inout [Capture]) -> Bool {
            guard let byte = peek() else { return false }
            let start = index
            // `null` fits any shape.
            if byte == UInt8(ascii: "n") {
                guard literal("null") else { return false }
                if node.slot >= 0 { captures.append(Capture(slot: node.slot, range: start..<index, isNull: true, escaped: false)) }
                return true
            }
            var escaped = false
            switch node.kind {
            case .null:
                return false
            case .bool:
                guard byte == UInt8(ascii: "t") ? literal("true") : literal("false") else { return false }
            case .integer, .float:
                guard let isFloat = number(), isFloat == (node.kind == .float) else { return false }
            case .string:
                guard byte == UInt8(ascii: "\""), let hadEscapes = string() else { return false }
                escaped = hadEscapes
            case .array:
                guard byte == UInt8(ascii: "[") else { return false }
                let noted = note(node, at: start, into: &captures)
                index += 1
                if peek() == UInt8(ascii: "]") {
                    index += 1
                } else {
                    let element = node.element!
                    while true {
                        guard value(element, into: &captures) else { return false }
                        guard let next = peek() else { return false }
                        index += 1
                        if next == UInt8(ascii: "]") { break }
                        guard next == UInt8(ascii: ",") else { return false }
                    }
                }
                if let noted { captures[noted].range = start..<index }
                return true
            case .object:
                guard byte == UInt8(ascii: "{"), node.fields.count <= 64 else { return false }
                let noted = note(node, at: start, into: &captures)
                index += 1
                var seen: UInt64 = 0
                if peek() == UInt8(ascii: "}") {
                    index += 1
                } else {
                    while true {
                        guard peek() == UInt8(ascii: "\""), let field = key(of: node), seen & (1 << field) == 0 else { return false }
                        seen |= 1 << field
                        guard peek() == UInt8(ascii: ":") else { return false }
                        index += 1
                        guard value(node.fields[field], into: &captures) else { return false }
                        guard let next = peek() else { return false }
                        index += 1
                        if next == UInt8(ascii: "}") { break }
                        guard next == UInt8(ascii: ",") else { return false }
                    }
                }
                // The same keys: each member a field, none twice, as many as the fields.
                guard seen.nonzeroBitCount == node.fields.count else { return false }
                if let noted { captures[noted].range = start..<index }
                return true
            }
            if node.slot >= 0 { captures.append(Capture(slot: node.slot, range: start..<index, isNull: false, escaped: escaped)) }
            return true
        }

        /// A container's capture, noted before the values inside it (its range is set at its end).
        private func note(_ node: Node, at start: Int, into captures: inout [Capture]) -> Int? {
            guard node.slot >= 0 else { return nil }
            captures.append(Capture(slot: node.slot, range: start..<start, isNull: false, escaped: false))
            return captures.count - 1
        }

        /// The field of `node` named by the key at `index` (a string without escapes), moving past it.
        private mutating func key(of node: Node) -> Int? {
            // The usual case: the key and its closing quote compared with each field's a word at a time.
            if index &+ 9 <= bytes.count {
                let written = ByteWord.load(UnsafeRawPointer(bytes.baseAddress!), at: index &+ 1)
                return node.keyWords.withUnsafeBufferPointer { keys -> Int? in
                    for field in keys.indices where keys[field].length >= 0 && written & keys[field].mask == keys[field].word {
                        let length = keys[field].length
                        if length >= 8 {
                            // The rest of a long key, then its closing quote.
                            guard index &+ length &+ 2 <= bytes.count, bytes[index &+ length &+ 1] == UInt8(ascii: "\""),
                                  restOfKey(field, of: node, length: length) else { continue }
                        }
                        index &+= length &+ 2
                        return field
                    }
                    return nil
                }
            }
            let open = index
            guard let escaped = string(), !escaped else { return nil }
            let length = index - open - 2, written = bytes.baseAddress! + open + 1
            return node.keyBytes.withUnsafeBufferPointer { keys in
                let starts = node.keyStarts
                search: for field in 0..<(starts.count - 1) where starts[field + 1] - starts[field] == length {
                    for offset in 0..<length where keys[starts[field] + offset] != written[offset] { continue search }
                    return field
                }
                return nil
            }
        }

        /// Whether the bytes of a key of `length` (eight or more) after its first eight are those
        /// of `field`'s.
        private func restOfKey(_ field: Int, of node: Node, length: Int) -> Bool {
            let start = node.keyStarts[field]
            return node.keyBytes.withUnsafeBufferPointer { keys in
                for offset in 8..<length where keys[start &+ offset] != bytes[index &+ 1 &+ offset] { return false }
                return true
            }
        }

        private mutating func literal(_ word: StaticString) -> Bool {
            let length = word.utf8CodeUnitCount
            guard index + length <= bytes.count else { return false }
            for offset in 0..<length where bytes[index + offset] != word.utf8Start[offset] { return false }
            index += length
            return true
        }

        /// A number as the JSON grammar writes it: whether it is a float (a fraction or an
        /// exponent), or `nil` when it is not a number.
        private mutating func number() -> Bool? {
            var isFloat = false
            if peek() == UInt8(ascii: "-") { index += 1 }
            guard let first = peek(), isDigit(first) else { return nil }
            index += 1
            if first != UInt8(ascii: "0") { skipDigits() } else if let next = peek(), isDigit(next) { return nil }
            if peek() == UInt8(ascii: ".") {
                isFloat = true
                index += 1
                guard let next = peek(), isDigit(next) else { return nil }
                skipDigits()
            }
            if let next = peek(), next | 0x20 == UInt8(ascii: "e") {
                isFloat = true
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard let next = peek(), isDigit(next) else { return nil }
                skipDigits()
            }
            return isFloat
        }

        /// A string whose opening quote is at `index`, moving past its closing quote: whether it
        /// holds escapes, or `nil` when it is not one the parser reads as it is (an unpaired or
        /// paired surrogate escape is left to the parser).
        private mutating func string() -> Bool? {
            index += 1
            var escaped = false
            let base = UnsafeRawPointer(bytes.baseAddress!)
            let count = bytes.count
            while true {
                index = ByteWord.plainStringRun(base, from: index, count: count)
                guard index < count else { return nil }
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    index += 1
                    return escaped
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                    guard index + 1 < count else { return nil }
                    switch bytes[index + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                         UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 2
                    case UInt8(ascii: "u"):
                        guard index + 6 <= count, let value = JSONScanner.escapedCodeUnit(bytes, at: index),
                              !(0xD800...0xDFFF ~= value) else { return nil }
                        index += 6
                    default:
                        return nil
                    }
                } else if byte < 0x20 {
                    return nil
                } else if byte < 0x80 {
                    index += 1
                } else {
                    do throws(JSONSyntaxError) {
                        repeat {
                            index += try UTF8Check.sequenceLength(at: index, in: bytes)
                        } while index < count && bytes[index] >= 0x80
                    } catch {
                        return nil
                    }
                }
            }
        }

        private mutating func skipDigits() {
            while let byte = peek(), isDigit(byte) { index += 1 }
        }

        @inline(__always)
        private func isDigit(_ byte: UInt8) -> Bool {
            byte &- UInt8(ascii: "0") < 10
        }
    }
}
