import Testing
import TrellisCore
import TrellisTestSupport

struct JSONPositionTests {
    @Test func columnsCountCodePoints() {
        let bytes = Array("aé😀b".utf8)  // a: 0, é: 1-2, 😀: 3-6, b: 7
        #expect([0, 1, 3, 7, 8].map { JSONParser.column(ofByteOffset: $0, in: bytes) } == [1, 2, 3, 4, 5])
        #expect(JSONParser.column(ofByteOffset: 100, in: bytes) == 5)
        #expect(JSONParser.column(ofByteOffset: -3, in: bytes) == 1)
        let fromBuffer = bytes.withUnsafeBufferPointer { JSONParser.column(ofByteOffset: 7, in: $0) }
        #expect(fromBuffer == 4)
    }

    @Test func columnsSurviveInvalidUTF8() {
        // 0xFF and 0xC3 count as characters, the stray continuation 0x80 does not.
        let bytes: [UInt8] = [0xFF, 0x80, UInt8(ascii: "a"), 0xC3, UInt8(ascii: "b")]
        #expect((0...5).map { JSONParser.column(ofByteOffset: $0, in: bytes) } == [1, 2, 2, 3, 4, 5])
    }

    @Test func errorColumnOnAJSONLLine() throws {
        let bytes = Array(#"{"id": "é😀", "text": x}"#.utf8)
        let error = try #require(JSONTesting.error(bytes))
        #expect(error.message == "invalid literal 'x' (expected true, false or null)")
        #expect(JSONParser.column(ofByteOffset: error.byteOffset, in: bytes) == 22)
    }

    @Test func linesAndColumns() {
        let bytes = Array("{\n  \"é\": 1,\n\n\tx\n}".utf8)
        #expect(JSONParser.lineAndColumn(ofByteOffset: 0, in: bytes) == (1, 1))
        #expect(JSONParser.lineAndColumn(ofByteOffset: 1, in: bytes) == (1, 2))  // the newline itself
        #expect(JSONParser.lineAndColumn(ofByteOffset: 2, in: bytes) == (2, 1))
        #expect(JSONParser.lineAndColumn(ofByteOffset: 10, in: bytes) == (2, 8))  // '1' after é
        #expect(JSONParser.lineAndColumn(ofByteOffset: 13, in: bytes) == (3, 1))
        #expect(JSONParser.lineAndColumn(ofByteOffset: 15, in: bytes) == (4, 2))
        #expect(JSONParser.lineAndColumn(ofByteOffset: bytes.count, in: bytes) == (5, 2))
        #expect(JSONParser.lineAndColumn(ofByteOffset: 999, in: bytes) == (5, 2))
        let fromBuffer = bytes.withUnsafeBufferPointer { JSONParser.lineAndColumn(ofByteOffset: 15, in: $0) }
        #expect(fromBuffer == (4, 2))
    }

    @Test func configErrorPlacement() throws {
        let text = """
            {
              // comment with é
              "tags": [
                {"name": "PER",}
              ]
            }
            """
        let bytes = Array(text.utf8)
        let error = try #require(JSONTesting.error(bytes, allowComments: true))
        #expect(error.message == "trailing comma before '}'")
        #expect(JSONParser.lineAndColumn(ofByteOffset: error.byteOffset, in: bytes) == (4, 19))
    }

    @Test func scalarOffsetsInsideStrings() throws {
        let bytes = Array(#"{"text": "a\nbé\u00e9😀\ud83d\ude00z"}"#.utf8)
        let node = try #require(try JSONParser.parse(bytes)["text"])
        #expect(node.stringValue == "a\nbéé😀😀z")
        // a@10, \n@11, b@13, é@14, \u00e9@16, 😀@22, \ud83d\ude00@26, z@38, closing quote@39
        let offsets = (0...9).map { JSONParser.byteOffset(ofScalar: $0, inStringAt: node.range, of: bytes) }
        #expect(offsets == [10, 11, 13, 14, 16, 22, 26, 38, 39, 39])
        #expect(JSONParser.byteOffset(ofScalar: -1, inStringAt: node.range, of: bytes) == 10)
        let fromBuffer = bytes.withUnsafeBufferPointer { JSONParser.byteOffset(ofScalar: 5, inStringAt: node.range, of: $0) }
        #expect(fromBuffer == 22)
    }

    /// Every scalar's offset points at its escape or at its raw UTF-8 encoding.
    @Test func scalarOffsetsAgreeWithDecoding() throws {
        var random = SeededRandom(seed: 7)
        let pieces: [(raw: String, scalar: Unicode.Scalar)] = [
            ("a", "a"), ("é", "é"), ("漢", "漢"), ("😀", "😀"), (#"\n"#, "\n"), (#"\""#, "\""),
            (#"\u00e9"#, "é"), (#"\uD83D\uDE00"#, "😀"), (#"\/"#, "/"), ("\u{301}", "\u{301}"),
        ]
        for _ in 0..<200 {
            let chosen = (0..<Int.random(in: 0...12, using: &random)).map { _ in pieces.randomElement(using: &random)! }
            let bytes = Array("[1, \"\(chosen.map(\.raw).joined())\"]".utf8)
            let node = try #require(try JSONParser.parse(bytes).arrayValue?.last)
            #expect(node.stringValue.map { Array($0.unicodeScalars) } == chosen.map(\.scalar))
            var expected = node.range.lowerBound + 1
            for (index, piece) in chosen.enumerated() {
                #expect(JSONParser.byteOffset(ofScalar: index, inStringAt: node.range, of: bytes) == expected)
                expected += piece.raw.utf8.count
            }
            #expect(JSONParser.byteOffset(ofScalar: chosen.count, inStringAt: node.range, of: bytes) == node.range.upperBound - 1)
        }
    }
}
