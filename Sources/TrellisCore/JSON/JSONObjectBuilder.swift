/// Writes one JSON object with keys in the order given (exports want a fixed, readable order):
/// `{"id":"a","stage":1}`. Strings are escaped like `JSONString`; numbers are written exactly.
public struct JSONObjectBuilder: Sendable {
    public private(set) var bytes: [UInt8] = [UInt8(ascii: "{")]
    private var empty = true

    public init() {}

    private mutating func key(_ key: String) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        JSONString.append(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func string(_ key: String, _ value: String?) {
        self.key(key)
        if let value { JSONString.append(value, to: &bytes) } else { bytes += Array("null".utf8) }
    }

    public mutating func int(_ key: String, _ value: Int?) {
        raw(key, value.map(String.init) ?? "null")
    }

    /// A number written in its shortest exact form (`4`, `4.5`).
    public mutating func number(_ key: String, _ value: Double) {
        raw(key, value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)")
    }

    /// Already-encoded JSON (an object kept verbatim, a nested builder's output, an array).
    public mutating func raw(_ key: String, _ json: String) {
        self.key(key)
        bytes += Array(json.utf8)
    }

    public mutating func raw(_ key: String, _ json: [UInt8]) {
        self.key(key)
        bytes += json
    }

    /// An array of strings (`null` for `nil`).
    public mutating func strings(_ key: String, _ values: [String]?) {
        guard let values else { return raw(key, "null") }
        self.key(key)
        bytes.append(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            JSONString.append(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// The finished object.
    public func finish() -> [UInt8] { bytes + [UInt8(ascii: "}")] }

    /// A JSON array of already-encoded values.
    public static func array(_ items: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            out += item
        }
        out.append(UInt8(ascii: "]"))
        return out
    }
}
