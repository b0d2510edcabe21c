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
        case .number(let text): return text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) ? .float : .integer
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
