import Testing
import TrellisCore
import TrellisTestSupport

/// Random inputs must either parse or throw, never crash; what parses must be consistent.
struct JSONFuzzTests {
    private static let seeds: [[UInt8]] = (JSONWriterTests.samples + [
        #"{"id": "a1", "text": "The <ORG>UN</ORG> met in Genève — 会議 😀", "spans": [{"start": 4, "end": 6, "label": "ORG"}], "stage": 2}"#,
        "// config\n{\"tags\": [{\"name\": \"PER\", \"color\": \"red\"}], \"strict\": false} // done\n",
        #"[1e10, -0.0, 0, "\\", "\b\f\n\r\t", {"a": {"b": {"c": []}}}]"#,
    ]).map { Array($0.utf8) }

    /// Bytes that tend to matter to a JSON parser.
    private static let interesting: [UInt8] = Array(#"{}[]:,"\/ -+.eE0123456789tfnu"#.utf8)
        + [0x00, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF]

    private static func mutate(_ input: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let byte = Bool.random(using: &random)
                ? interesting.randomElement(using: &random)!
                : UInt8.random(in: 0...255, using: &random)
            let position = Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0 where position < bytes.count: bytes[position] = byte
            case 1: bytes.insert(byte, at: position)
            case 2 where position < bytes.count: bytes.remove(at: position)
            case 3: bytes.removeSubrange(position...)
            case 4 where position < bytes.count:
                let end = Int.random(in: position...bytes.count, using: &random)
                bytes.insert(contentsOf: bytes[position..<end], at: Int.random(in: 0...bytes.count, using: &random))
            default: bytes.insert(contentsOf: #"\u"#.utf8, at: position)
            }
        }
        return bytes
    }

    /// Checks whatever `bytes` gives: an error inside the input, or a tree whose every node
    /// re-parses from its own range and that survives writing.
    private static func check(_ bytes: [UInt8], allowComments: Bool) -> Bool {
        let root: JSONNode
        do {
            root = try JSONParser.parse(bytes, allowComments: allowComments)
        } catch {
            #expect((0...bytes.count).contains(error.byteOffset), "\(bytes)")
            #expect(!error.message.isEmpty)
            return false
        }
        for node in root.allNodes {
            #expect(node.range.lowerBound >= 0 && node.range.upperBound <= bytes.count)
            // Each node parses on its own from its range (containers may hold comments).
            let own = try? JSONParser.parse(Array(bytes[node.range]), allowComments: allowComments)
            #expect(own?.strippingRanges == node.strippingRanges, "\(bytes)")
        }
        let written = JSONWriter.write(root, sortedKeys: true)
        let reparsed = try? JSONParser.parse(written)
        #expect(reparsed.map { JSONWriter.write($0, sortedKeys: true) } == written, "\(bytes)")
        #expect((try? JSONParser.parse(JSONWriter.write(root)))?.strippingRanges == root.strippingRanges)
        return true
    }

    @Test func mutatedDocuments() {
        var random = SeededRandom(seed: 2024)
        var parsed = 0
        for round in 0..<20_000 {
            let seed = Self.seeds[round % Self.seeds.count]
            if Self.check(Self.mutate(seed, using: &random), allowComments: round % 3 == 0) { parsed += 1 }
        }
        // The mutations must exercise both outcomes.
        #expect(parsed > 500)
        #expect(parsed < 19_000)
    }

    @Test func randomBytes() {
        var random = SeededRandom(seed: 99)
        for round in 0..<5_000 {
            let length = Int.random(in: 0...48, using: &random)
            let bytes = (0..<length).map { _ in
                round % 2 == 0 ? UInt8.random(in: 0...255, using: &random) : Self.interesting.randomElement(using: &random)!
            }
            _ = Self.check(bytes, allowComments: round % 4 == 0)
        }
    }
}
