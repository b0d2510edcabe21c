import Testing
import TrellisCore

struct JSONStringParsingTests {
    private func decoded(_ json: String) throws -> String? {
        try JSONTesting.parse(json).stringValue
    }

    @Test func plainStrings() throws {
        #expect(try decoded(#""""#) == "")
        #expect(try decoded(#""abc""#) == "abc")
        #expect(try decoded(#""it's \u007f""#) == "it's \u{7F}")
        #expect(try decoded("\"\u{7F}\"") == "\u{7F}")
    }

    @Test func simpleEscapes() throws {
        #expect(try decoded(#""\"\\\/\b\f\n\r\t""#) == "\"\\/\u{8}\u{C}\n\r\t")
        #expect(try decoded(#""a\nb""#) == "a\nb")
        #expect(try decoded(#""\u0000""#) == "\u{0}")
    }

    @Test func unicodeEscapes() throws {
        #expect(try decoded(#""caf\u00e9""#) == "café")
        #expect(try decoded(#""caf\u00E9""#) == "café")
        #expect(try decoded(#""\u6f22\u5b57""#) == "漢字")
        #expect(try decoded(#""\uD83D\uDE00""#) == "😀")
        #expect(try decoded(#""\ud83d\ude00!""#) == "😀!")
        #expect(try decoded(#""\uDBFF\uDFFF""#) == "\u{10FFFF}")
        #expect(try decoded(#""\u2028""#) == "\u{2028}")
    }

    @Test func rawNonASCIIText() throws {
        #expect(try decoded("\"😀 漢字 — ça\"") == "😀 漢字 — ça")
        let combining = try #require(try decoded("\"e\u{301}\u{327}\""))
        #expect(Array(combining.unicodeScalars) == ["e", "\u{301}", "\u{327}"])
        let family = try #require(try decoded("\"👨‍👩‍👧\""))
        #expect(family.unicodeScalars.count == 5)
        #expect(family.count == 1)
        #expect(try decoded("\"\u{10FFFF}\u{FEFF}\"") == "\u{10FFFF}\u{FEFF}")
    }

    @Test func decomposedAndPrecomposedStayDistinct() throws {
        let node = try JSONTesting.parse("[\"\u{E9}\",\"e\u{301}\"]")
        let strings = try #require(node.arrayValue).compactMap(\.stringValue)
        #expect(strings.map { Array($0.unicodeScalars) } == [["\u{E9}"], ["e", "\u{301}"]])
    }

    /// Escapes, non-ASCII and quotes at every offset around the 8-byte word boundaries.
    @Test func specialCharactersAtEveryPosition() throws {
        let specials: [(raw: String, decoded: String)] = [
            (#"\n"#, "\n"), (#"\""#, "\""), (#"\\"#, "\\"), ("é", "é"), ("😀", "😀"), (#"\u00e9"#, "é"), (#"\uD83D\uDE00"#, "😀"),
        ]
        for length in 0..<20 {
            for position in 0...length {
                for special in specials {
                    let before = String(repeating: "a", count: position)
                    let after = String(repeating: "b", count: length - position)
                    let json = "\"\(before)\(special.raw)\(after)\""
                    #expect(try decoded(json) == before + special.decoded + after, "\(json)")
                }
            }
        }
    }

    @Test func longStrings() throws {
        let long = String(repeating: "lorem ipsum dolor ", count: 10_000)
        #expect(try decoded("\"\(long)\"") == long)
        let escaped = String(repeating: #"x\ty"#, count: 10_000)
        #expect(try decoded("\"\(escaped)\"") == String(repeating: "x\ty", count: 10_000))
        let mixed = String(repeating: "日本語テキスト and ASCII ", count: 5_000)
        #expect(try decoded("\"\(mixed)\"") == mixed)
    }

    @Test func keysAreDecodedToo() throws {
        let node = try JSONTesting.parse(#"{"caf\u00e9": 1, "a\"b": 2, "😀": 3}"#)
        #expect(node.objectMembers?.map(\.key) == ["café", "a\"b", "😀"])
        #expect(node["café"]?.intValue == 1)
    }

    @Test func stringRangesIncludeTheQuotes() throws {
        let bytes = Array(#"  "a\"b"  "#.utf8)
        #expect(try JSONParser.parse(bytes).range == 2..<8)
    }
}
