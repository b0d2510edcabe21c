/// Writes one JSON object with keys in the order given (exports want a fixed, readable order):
/// `{"id":"a","stage":1}`. Strings are escaped like `JSONString`; numbers are written exactly.
public struct JSONObjectBuilder: Sendable {
    public private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var empty = true

    public init() {}

    /// A builder that writes on into `bytes` (taken, left empty): a nested object's, with no
    /// buffer of its own.
    private init(continuing bytes: inout [UInt8]) {
        self.bytes = []
        swap(&self.bytes, &bytes)
    }

    private mutating func key(_ key: some JSONObjectKey) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        key.appendKey(to: &bytes)
    }

    /// `"key":`, the key escaped like a string.
    fileprivate static func append(key: String, to bytes: inout [UInt8]) {
        // A key of printable ASCII without `"` or `\` (every key the exports write) needs no
        // escape: copied as it is, past `JSONString`'s scan.
        let copied = key.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else { return false }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        if copied != true { JSONString.append(key, to: &bytes) }
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func string(_ key: some JSONObjectKey, _ value: String?) {
        self.key(key)
        if let value { JSONString.append(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }

    /// A string already encoded as UTF-8 (a slice of a document's text), escaped like `string`.
    public mutating func string(_ key: some JSONObjectKey, utf8 value: UnsafeBufferPointer<UInt8>) {
        self.key(key)
        JSONString.append(utf8: value, to: &bytes)
    }

    public mutating func int(_ key: some JSONObjectKey, _ value: Int?) {
        self.key(key)
        if let value { Self.appendDecimal(value, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
    }

    /// A number written in its shortest exact form (`4`, `4.5`).
    public mutating func number(_ key: String, _ value: Double) {
        if value == value.rounded() && abs(value) < 1e15 { return int(key, Int(value)) }
        raw(key, "\(value)")
    }

    /// A finite number always written as a float (`4.0`, `4.5`), so that readers which infer a
    /// type from the values (Arrow) see one type; `null` for `nil`.
    public mutating func float(_ key: some JSONObjectKey, _ value: Double?) {
        self.key(key)
        guard let value, value.isFinite else { return bytes.append(contentsOf: "null".utf8) }
        // A whole number (the usual average) in decimal with `.0`, as `description` writes it, without a `String`.
        if value == value.rounded(), abs(value) < 1e9, value != 0 || value.sign == .plus {
            Self.appendDecimal(Int(value), to: &bytes)
            bytes.append(UInt8(ascii: "."))
            return bytes.append(UInt8(ascii: "0"))
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    /// Already-encoded JSON (an object kept verbatim, a literal).
    public mutating func raw(_ key: String, _ json: String) {
        self.key(key)
        bytes.append(contentsOf: json.utf8)
    }

    /// An array of strings (`null` for `nil`).
    public mutating func strings(_ key: some JSONObjectKey, _ values: [String]?) {
        self.key(key)
        guard let values else { return bytes.append(contentsOf: "null".utf8) }
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONString.append(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// A nested object, written in place by `body` (no intermediate buffer).
    public mutating func object(_ key: some JSONObjectKey, _ body: (inout JSONObjectBuilder) -> Void) {
        self.key(key)
        nested(body)
    }

    /// An array of objects, one per element, each written in place by `body`.
    public mutating func objects<Elements: Sequence>(_ key: some JSONObjectKey, _ elements: Elements,
                                                     _ body: (inout JSONObjectBuilder, Elements.Element) -> Void) {
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            nested { body(&$0, element) }
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Hands this builder's buffer to a fresh builder for `body`, then takes it back closed.
    private mutating func nested(_ body: (inout JSONObjectBuilder) -> Void) {
        var inner = JSONObjectBuilder(continuing: &bytes)
        inner.bytes.append(UInt8(ascii: "{"))
        body(&inner)
        inner.bytes.append(UInt8(ascii: "}"))
        swap(&inner.bytes, &bytes)
    }

    /// The finished object (the buffer itself, not a copy).
    public consuming func finish() -> [UInt8] {
        bytes.append(UInt8(ascii: "}"))
        return bytes
    }

    /// Appends `value` in decimal without going through `String`.
    private static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }
}

/// A key of a JSON object: a `String` (escaped as it is written) or a `JSONKey` (made once).
public protocol JSONObjectKey {
    /// Appends `"key":`.
    func appendKey(to bytes: inout [UInt8])
}

extension String: JSONObjectKey {
    public func appendKey(to bytes: inout [UInt8]) {
        JSONObjectBuilder.append(key: self, to: &bytes)
    }
}

/// A key made JSON once (`"name":`, escaped as any key), then copied as it is into every object
/// written with it: for the keys an export writes a million times.
public struct JSONKey: JSONObjectKey, Hashable, Sendable {
    private let bytes: [UInt8]

    public init(_ name: String) {
        var bytes: [UInt8] = []
        name.appendKey(to: &bytes)
        self.bytes = bytes
    }

    public func appendKey(to bytes: inout [UInt8]) {
        bytes.append(contentsOf: self.bytes)
    }
}
