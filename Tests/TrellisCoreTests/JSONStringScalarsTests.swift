import Testing
import TrellisCore

/// `JSONStringScalars` (the quick check's decoding of a document's text) gives the parser's
/// code points, each with the offset of its bytes, or refuses: never other code points.
struct JSONStringScalarsTests {
    private func decoded(_ bytes: [UInt8]) -> JSONStringScalars? {
        bytes.withUnsafeBufferPointer { JSONStringScalars($0, range: 0..<bytes.count) }
    }

    private func decoded(_ json: String) -> JSONStringScalars? {
        decoded(Array(json.utf8))
    }

    /// The parser's code points for the same bytes, or `nil` when it refuses them.
    private func parsed(_ bytes: [UInt8]) -> [Unicode.Scalar]? {
        (try? JSONParser.parse(bytes))?.stringValue.map { Array($0.unicodeScalars) }
    }

    @Test func plainEscapedAndNonASCIITextDecodeAsTheParserDecodesIt() throws {
        let strings = [#""""#, #""abc""#, #""a longer plain run of ASCII, past eight bytes""#, #""\"\\\/\b\f\n\r\t""#,
                       #""caf\u00e9 \u6f22\u5b57 \u0000""#, "\"😀 漢字 — ça e\u{301}\"", #""Person 1 says \"hi\" and\ttabs.\nNext line é 😀.""#,
                       "\"\u{7F}\u{10FFFF}\u{FEFF}\""]
        for string in strings {
            let value = try #require(decoded(string), "\(string)")
            #expect(value.scalars == parsed(Array(string.utf8)), "\(string)")
        }
    }

    @Test func theCodePointsMarkedNoteWhereTheirBytesStart() throws {
        let bytes = Array(#""aé\n😀b""#.utf8)
        // a at 1, é (2 bytes) at 2, \n (2 bytes) at 4, 😀 (4 bytes) at 6, b at 10, the closing quote at 11.
        let value = try #require(bytes.withUnsafeBufferPointer { JSONStringScalars($0, range: 0..<bytes.count, marking: [-1, 0, 1, 1, 2, 3, 4, 5, 6]) })
        #expect(value.scalars == ["a", "é", "\n", "😀", "b"])
        #expect(value.positions == [-1, 1, 2, 2, 4, 6, 10, 11, -1])
        // Marks inside and after runs of eight plain bytes read at once.
        let long = Array(#""0123456789abcdef\tX""#.utf8)
        let marked = Array(0...19)
        let positions = try #require(long.withUnsafeBufferPointer { JSONStringScalars($0, range: 0..<long.count, marking: marked) }).positions
        #expect(positions == Array(1...16) + [17, 19, 20, -1])
        #expect(try #require(decoded(long)).positions.isEmpty)
    }

    @Test func marksAnywhereGiveThePositionsOfTheCodePointsAtThem() throws {
        let text = "Person 1 says \"hi\" and\ttabs.\nReply é 😀 quoted \\ back, and some more plain text at the end"
        let bytes = Array(JSONWriter.write(JSONNode(.string(text), range: 0..<0)))
        let scalars = Array(text.unicodeScalars)
        let marked = Array(0...scalars.count)
        let value = try #require(bytes.withUnsafeBufferPointer { JSONStringScalars($0, range: 0..<bytes.count, marking: marked) })
        #expect(value.scalars == scalars)
        // The bytes between two marks decode to the code points between them.
        for start in 0..<scalars.count {
            let end = min(scalars.count, start + 5)
            let slice = Array(bytes[value.positions[start]..<value.positions[end]])
            let quoted = try JSONParser.parse([0x22] + slice + [0x22])
            #expect(quoted.stringValue.map { Array($0.unicodeScalars) } == Array(scalars[start..<end]), "\(start)")
        }
    }

    @Test func whatItIsNotSureOfIsRefused() {
        let refused: [[UInt8]] = [
            Array(#""\ud83d\ude00""#.utf8),  // a surrogate pair: left to the parser
            Array(#""\ud83d""#.utf8), Array(#""\x""#.utf8), Array(#""\u12""#.utf8), Array(#""\u12G4""#.utf8), Array(#""ab\""#.utf8),
            [0x22, 0x61, 0x0A, 0x22],  // a raw line break
            [0x22, 0x61, 0x22, 0x62, 0x22],  // a raw quote inside
            [0x22, 0xC3, 0x22],  // a sequence cut short
            [0x22, 0xC0, 0xAF, 0x22],  // an overlong form
            [0x22, 0xE0, 0x80, 0xAF, 0x22],  // an overlong form
            [0x22, 0xED, 0xA0, 0x80, 0x22],  // a surrogate in UTF-8
            [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // beyond U+10FFFF
            [0x22, 0x80, 0x22], [0x22, 0xFF, 0x22],  // a stray continuation byte, a byte never in UTF-8
            [0x22, 0x61], Array("abc".utf8), [0x22],  // not a whole string
        ]
        for bytes in refused {
            #expect(decoded(bytes) == nil, "\(bytes)")
        }
    }

    @Test func stringsChangedAtRandomAreDecodedAsTheParserDecodesThemOrRefused() {
        var random = SeededRandom(seed: 7)
        let alphabet = Array(#"\"/bfnrtu0123456789abcdefABCDEF é"#.utf8) + [0x00, 0x0A, 0x1F, 0x7F, 0x80, 0xBF, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xED, 0xF0, 0x9F, 0x98, 0x80, 0xFF]
        let seeds = [#""Person 1 says \"hi\" and\ttabs.""#, "\"Reply é 😀 quoted \\\\ back\"", #""caf\u00e9 \u6f22""#, #""plain text of some length""#]
        var decodedCount = 0
        for round in 0..<4000 {
            var bytes = Array(seeds[round % seeds.count].utf8)
            for _ in 0...(round % 3) {
                let at = Int.random(in: 1..<(bytes.count - 1), using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[at] = alphabet.randomElement(using: &random)!
                case 1: bytes.remove(at: at)
                default: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
                }
            }
            guard let value = decoded(bytes) else { continue }
            decodedCount += 1
            #expect(value.scalars == parsed(bytes), "\(bytes)")
        }
        #expect(decodedCount > 500)
    }
}
