/// The type of a JSON value as a reader that infers one type per field from the values (Arrow,
/// and so `datasets`) sees it: integers and floats apart, objects by their keys, arrays by their
/// elements. `null` (and the elements of an empty array) fit any type. Records of one file fit
/// together when their shapes unify, field by field.
public indirect enum JSONShape: Hashable, Sendable, CustomStringConvertible {
    case null, bool, integer, float, string
    case array(JSONShape)
    case object([String: JSONShape])

    /// The shape of `node`, its arrays' elements unified (a conflict inside one value is reported
    /// through `conflict`, with its path).
    public static func of(_ node: JSONNode, path: String = "", conflict: inout ShapeConflict?) -> JSONShape {
        switch node.value {
        case .null: return .null
        case .bool: return .bool
        case .string: return .string
        case .number(let text): return isFloat(text) ? .float : .integer
        case .array(let elements):
            var element = JSONShape.null
            for item in elements {
                let shape = of(item, path: path + "[]", conflict: &conflict)
                switch element.unified(with: shape, path: path + "[]") {
                case .success(let unified): element = unified
                case .failure(let found):
                    if conflict == nil { conflict = found }
                }
            }
            return .array(element)
        case .object(let members):
            var fields: [String: JSONShape] = [:]
            for member in members { fields[member.key] = of(member.node, path: path.isEmpty ? member.key : "\(path).\(member.key)", conflict: &conflict) }
            return .object(fields)
        }
    }

    /// Whether `node` adds nothing to this shape: its own shape unifies with this one into this
    /// one (`null` where this has a type, the same types and keys elsewhere). A record that fits
    /// the shape already known needs no shape of its own: checking costs no allocation.
    public func admits(_ node: JSONNode) -> Bool {
        switch (self, node.value) {
        case (_, .null): return true
        case (.bool, .bool), (.string, .string): return true
        case (.integer, .number(let text)): return !Self.isFloat(text)
        case (.float, .number(let text)): return Self.isFloat(text)
        case (.array(let element), .array(let items)): return items.allSatisfy(element.admits)
        case (.object(let fields), .object(let members)):
            // The parser refuses a repeated key: as many members as fields, each a field, is the same keys.
            return members.count == fields.count && members.allSatisfy { member in fields[member.key]?.admits(member.node) ?? false }
        default: return false
        }
    }

    /// Whether a JSON number is written as a float (with a fraction or an exponent).
    private static func isFloat(_ text: String) -> Bool {
        text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }

    /// The one shape both fit, or where they part (the path, and each side's shape there).
    public func unified(with other: JSONShape, path: String = "") -> Result<JSONShape, ShapeConflict> {
        switch (self, other) {
        case (.null, _): return .success(other)
        case (_, .null): return .success(self)
        case (.array(let a), .array(let b)):
            return a.unified(with: b, path: path + "[]").map(JSONShape.array)
        case (.object(let a), .object(let b)):
            var fields = a
            for (key, shape) in b {
                let inner = path.isEmpty ? key : "\(path).\(key)"
                guard let mine = a[key] else { return .failure(ShapeConflict(path: inner, first: .missing, second: shape)) }
                switch mine.unified(with: shape, path: inner) {
                case .success(let unified): fields[key] = unified
                case .failure(let conflict): return .failure(conflict)
                }
            }
            if let key = a.keys.sorted().first(where: { b[$0] == nil }) {
                return .failure(ShapeConflict(path: path.isEmpty ? key : "\(path).\(key)", first: a[key]!, second: .missing))
            }
            return .success(.object(fields))
        default:
            return self == other ? .success(self) : .failure(ShapeConflict(path: path, first: self, second: other))
        }
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer: "an integer"
        case .float: "a float"
        case .string: "a string"
        case .array: "an array"
        case .object(let fields): "an object with keys \(fields.keys.sorted().joined(separator: ", "))"
        }
    }

    /// A field absent from one side of a conflict.
    public static let missing = JSONShape.object(["(absent)": .null])
}

/// Where two shapes part: the field's path (`spans[].ratings.care`) and each side there.
public struct ShapeConflict: Error, Hashable, Sendable {
    public var path: String
    public var first: JSONShape
    public var second: JSONShape

    /// `field spans[].ratings.care is an integer here and a float on line 3`
    public func described(otherPlace: String) -> String {
        func side(_ shape: JSONShape) -> String { shape == .missing ? "absent" : shape.description }
        return "field \(path) is \(side(second)) here and \(side(first)) \(otherPlace): one type per field lets datasets read the file"
    }
}
