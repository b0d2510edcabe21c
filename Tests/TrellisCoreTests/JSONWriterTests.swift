import Testing
import TrellisCore

struct JSONWriterTests {
    private func quoted(_ string: String) -> String {
        var out: [UInt8] = []
        JSONString.append(string, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func stringEscapes() {
        #expect(quoted("") == #""""#)
        #expect(quoted("plain text") == #""plain text""#)
        #expect(quoted("say \"hi\" \\ bye") == #""say \"hi\" \\ bye""#)
        #expect(quoted("\u{8}\u{C}\n\r\t") == #""\b\f\n\r\t""#)
        #expect(quoted("\u{0}\u{1}\u{1F}\u{7F}") == #""\u0000\u0001\u001f\u007f""#)
        #expect(quoted("a/b") == #""a/b""#)
        #expect(quoted("\u{2028}x\u{2029}") == #""\u2028x\u2029""#)
    }

    @Test func nonASCIIIsWrittenRaw() {
        #expect(quoted("café 漢字 😀 e\u{301}") == "\"café 漢字 😀 e\u{301}\"")
        // Other characters whose UTF-8 starts with 0xC2, 0xD8 or 0xE2 are not escaped.
        #expect(quoted("£ ° \u{A0} ؛ € … → \u{2027} \u{202F} \u{2065} \u{206A}") == "\"£ ° \u{A0} ؛ € … → \u{2027} \u{202F} \u{2065} \u{206A}\"")
    }

    /// C1 and bidirectional controls are escaped, so JSON printed to a terminal carries none.
    @Test func terminalControlsAreEscaped() {
        #expect(quoted("\u{80}\u{9B}2J\u{9F}") == #""\u0080\u009b2J\u009f""#)
        #expect(quoted("\u{61C}\u{200E}\u{200F}\u{202A}\u{202E}\u{2066}\u{2069}") == #""\u061c\u200e\u200f\u202a\u202e\u2066\u2069""#)
        let hostile = "a\u{1B}]2;x\u{7}\u{9B}\u{202E}b"
        var out: [UInt8] = []
        JSONString.append(hostile, to: &out)
        #expect(out.allSatisfy { $0 >= 0x20 && $0 != 0x7F })
        #expect(!String(decoding: out, as: UTF8.self).unicodeScalars.contains { (0x80...0x9F).contains($0.value) || $0.value == 0x202E })
    }

    /// Characters needing escapes at every offset around the 8-byte word boundaries.
    @Test func escapesAtEveryPosition() {
        let specials: [(String, String)] = [("\n", #"\n"#), ("\"", #"\""#), ("\u{1}", #"\u0001"#), ("\u{2028}", #"\u2028"#), ("\u{9B}", #"\u009b"#), ("\u{202E}", #"\u202e"#), ("é", "é"), ("€", "€"),
                                        // Every byte that may start an escape, in a string's last few bytes too (read one by one).
                                        ("\\", #"\\"#), ("\t", #"\t"#), ("\u{7F}", #"\u007f"#), ("\u{80}", #"\u0080"#), ("\u{61C}", #"\u061c"#),
                                        ("\u{600}", "\u{600}"), ("\u{A0}", "\u{A0}"), ("\u{2013}", "\u{2013}")]
        for length in 0..<20 {
            for position in 0...length {
                for (raw, escaped) in specials {
                    let before = String(repeating: "a", count: position)
                    let after = String(repeating: "b", count: length - position)
                    #expect(quoted(before + raw + after) == "\"\(before)\(escaped)\(after)\"")
                }
            }
        }
    }

    @Test func appendsToExistingOutput() {
        var out = Array("x=".utf8)
        JSONString.append("y", to: &out)
        JSONString.append(String(repeating: "z", count: 100), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "x=\"y\"\"" + String(repeating: "z", count: 100) + "\"")
    }

    @Test func compactOutput() throws {
        let node = try JSONTesting.parse(#" { "a" : 1 , "b" : [ true , null , false ] , "c" : { } , "d" : [ ] , "e" : "\u00e9\n" } "#)
        #expect(JSONTesting.write(node) == #"{"a":1,"b":[true,null,false],"c":{},"d":[],"e":"é\n"}"#)
    }

    @Test func numbersAreWrittenAsTheirText() throws {
        let node = try JSONTesting.parse("[1.50, -0, 1E+5, 123456789012345678901234567890]")
        #expect(JSONTesting.write(node) == "[1.50,-0,1E+5,123456789012345678901234567890]")
    }

    @Test func sortedKeysUseUnicodeScalarOrder() throws {
        // UTF-16 order would put 😀 (D83D) before U+FFFD; canonical String order would equate é and e+◌́.
        let node = try JSONTesting.parse("{\"b\":1,\"😀\":2,\"\u{FFFD}\":3,\"a\":4,\"Z\":5,\"aa\":6,\"\u{E9}\":7,\"e\u{301}\":8,\"\":9}")
        let expected = "{\"\":9,\"Z\":5,\"a\":4,\"aa\":6,\"b\":1,\"e\u{301}\":8,\"\u{E9}\":7,\"\u{FFFD}\":3,\"😀\":2}"
        #expect(JSONTesting.write(node, sortedKeys: true) == expected)
        #expect(JSONTesting.write(node) == "{\"b\":1,\"😀\":2,\"\u{FFFD}\":3,\"a\":4,\"Z\":5,\"aa\":6,\"\u{E9}\":7,\"e\u{301}\":8,\"\":9}")
    }

    @Test func sortingIsRecursive() throws {
        let node = try JSONTesting.parse(#"{"z":{"y":1,"x":2},"a":[{"d":1,"c":2}],"k":1,"b":0}"#)
        #expect(JSONTesting.write(node, sortedKeys: true) == #"{"a":[{"c":2,"d":1}],"b":0,"k":1,"z":{"x":2,"y":1}}"#)
    }

    @Test func writesConstructedNodes() {
        let node = JSONNode(.object([
            JSONMember(key: "text", keyRange: 0..<0, node: JSONNode(.string("line\u{2028}two"), range: 0..<0)),
            JSONMember(key: "n", keyRange: 0..<0, node: JSONNode(.array([JSONNode(.number("3"), range: 0..<0)]), range: 0..<0)),
        ]), range: 0..<0)
        #expect(JSONTesting.write(node) == #"{"text":"line\u2028two","n":[3]}"#)
    }

    @Test func roundTrips() throws {
        for text in JSONWriterTests.samples {
            let node = try JSONTesting.parse(text)
            for sorted in [false, true] {
                let written = JSONWriter.write(node, sortedKeys: sorted)
                let reparsed = try JSONParser.parse(written)
                if !sorted { #expect(reparsed.strippingRanges == node.strippingRanges) }
                #expect(JSONWriter.write(reparsed, sortedKeys: sorted) == written, "\(text)")
            }
        }
    }

    static let samples = [
        "null", "0", "-1.5e-7", #""""#, #""\u0000\u001f\"\\\/""#, "[]", "{}",
        #"{"id":"doc-1","text":"Alice met <PER>Bob</PER> in 東京 😀.\nNext line\tand \"quotes\"","meta":{"b":[1,2.0,{"z":null}],"a":true}}"#,
        #"[[[[]]],{"":{"":""}},"\ud83d\ude00\u2028\u2029"]"#,
        "{\"e\u{301}\":1,\"\u{E9}\":2,\"a\":[false,true,null]}",
    ]
}
