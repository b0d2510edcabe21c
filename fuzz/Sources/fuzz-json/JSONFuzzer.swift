import FuzzSupport
import TrellisCore

// libFuzzer target: the bytes as JSON (strict, and with `//` comments as configuration
// files allow), then as a schema file and a rubric file. Invariants: no crash; an error placed
// inside the input; a parsed tree inside the input, without a repeated key, that writes and
// re-parses to itself; loaded keys printable. See fuzz/README.md.

private let schema = Fuzz.defaultSchema

@main
enum JSONFuzzer {
    static func main() {
        Fuzz.run { fuzzJSON(UnsafeBufferPointer(start: $0, count: $1)) }
    }
}

private func fuzzJSON(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 {
    for allowComments in [false, true] {
        do {
            let root = try JSONParser.parse(bytes, allowComments: allowComments)
            checkTree(root, size: bytes.count)
        } catch {
            Fuzz.require((0...bytes.count).contains(error.byteOffset), "error at byte \(error.byteOffset) of \(bytes.count)")
            Fuzz.require(!error.message.isEmpty, "empty message")
        }
    }
    let array = Array(bytes)
    if let loaded = try? TagSchema.load(file: "fuzz.json", bytes: array) {
        Fuzz.require(!loaded.tags.isEmpty, "a schema without tags")
        Fuzz.require(loaded.tags.allSatisfy { VisibleText.isPrintableKey($0.key) }, "a tag key that is not printable")
    }
    if let rubric = try? Rubric.load(file: "fuzz.json", bytes: array, schema: schema) {
        Fuzz.require(rubric.dimensions.allSatisfy { VisibleText.isPrintableKey($0.key) && !$0.key.isNumber }, "a dimension key that is not printable")
    }
    return 0
}

private func checkTree(_ root: JSONNode, size: Int) {
    var pending = [root]
    while let node = pending.popLast() {
        Fuzz.require(node.range.lowerBound >= 0 && node.range.upperBound <= size, "node range \(node.range) outside \(size) bytes")
        switch node.value {
        case .array(let elements):
            pending += elements
        case .object(let members):
            let keys = members.map { Array($0.key.utf8) }
            Fuzz.require(Set(keys).count == keys.count, "a repeated key was accepted")
            pending += members.map(\.node)
        default:
            break
        }
    }
    let written = JSONWriter.write(root, sortedKeys: true)
    guard let reparsed = try? JSONParser.parse(written) else {
        return Fuzz.require(false, "written JSON does not parse: \(String(decoding: written, as: UTF8.self))")
    }
    Fuzz.require(JSONWriter.write(reparsed, sortedKeys: true) == written, "writing is not a fixed point")
}
