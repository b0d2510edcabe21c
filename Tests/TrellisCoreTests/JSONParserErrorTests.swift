import Testing
import TrellisCore

struct JSONParserErrorTests {
    private func expectError(_ json: String, _ message: String, at offset: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(JSONTesting.error(json) == JSONSyntaxError(message: message, byteOffset: offset), sourceLocation: sourceLocation)
    }

    private func expectError(_ bytes: [UInt8], _ message: String, at offset: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(JSONTesting.error(bytes) == JSONSyntaxError(message: message, byteOffset: offset), sourceLocation: sourceLocation)
    }

    @Test func missingValue() {
        expectError("", "unexpected end of input, expected a JSON value", at: 0)
        expectError("  \n", "unexpected end of input, expected a JSON value", at: 3)
        expectError("[", "unexpected end of input, expected a JSON value", at: 1)
        expectError(#"{"a":"#, "unexpected end of input, expected a JSON value", at: 5)
        expectError("[,1]", "expected a JSON value, found ','", at: 1)
        expectError("[1,,2]", "expected a JSON value, found ','", at: 3)
        expectError("]", "expected a JSON value, found ']'", at: 0)
    }

    @Test func trailingGarbage() {
        expectError("{} x", "unexpected 'x' after the JSON value", at: 3)
        expectError("1 2", "unexpected '2' after the JSON value", at: 2)
        expectError(#""a" "b""#, "unexpected '\"' after the JSON value", at: 4)
        expectError("[]]", "unexpected ']' after the JSON value", at: 2)
        expectError("0x10", "unexpected 'x' after the JSON value", at: 1)
        expectError("1.5.3", "unexpected '.' after the JSON value", at: 3)
        expectError("{}\u{0}", "unexpected U+0000 after the JSON value", at: 2)
    }

    @Test func containerPunctuation() {
        expectError(#"{"a":1 x}"#, "expected ',' or '}' after object member, found 'x'", at: 7)
        expectError(#"{"a":1"#, "unexpected end of input, expected ',' or '}' after object member", at: 6)
        expectError("[1 x]", "expected ',' or ']' after array element, found 'x'", at: 3)
        expectError("[1 2]", "expected ',' or ']' after array element, found '2'", at: 3)
        expectError("[1", "unexpected end of input, expected ',' or ']' after array element", at: 2)
        expectError("[1}", "expected ',' or ']' after array element, found '}'", at: 2)
        expectError(#"{"a" 1}"#, "expected ':' after object key, found '1'", at: 5)
        expectError(#"{"a""#, "unexpected end of input, expected ':' after object key", at: 4)
        expectError("{1:2}", "expected a string key or '}', found '1'", at: 1)
        expectError("{'a':1}", "expected a string key or '}', found \"'\"", at: 1)
        expectError("{a:1}", "expected a string key or '}', found 'a'", at: 1)
        expectError(#"{"a":1,2}"#, "expected a string key after ',', found '2'", at: 7)
        expectError("[1,]", "trailing comma before ']'", at: 2)
        expectError(#"{"a":1 , }"#, "trailing comma before '}'", at: 7)
    }

    @Test func literals() {
        expectError("True", "invalid literal 'True' (expected true, false or null)", at: 0)
        expectError("[1, None]", "invalid literal 'None' (expected true, false or null)", at: 4)
        expectError("NaN", "invalid literal 'NaN' (expected true, false or null)", at: 0)
        expectError("truex", "invalid literal 'truex' (expected true, false or null)", at: 0)
        expectError("[tru]", "invalid literal 'tru' (expected true, false or null)", at: 1)
        expectError("nul", "unexpected end of input, expected 'null'", at: 3)
        expectError("[f", "unexpected end of input, expected 'false'", at: 2)
        expectError(String(repeating: "x", count: 30), "invalid literal '\(String(repeating: "x", count: 20))…' (expected true, false or null)", at: 0)
    }

    @Test func numbers() {
        expectError("01", "numbers must not have leading zeros", at: 0)
        expectError("[-007]", "numbers must not have leading zeros", at: 2)
        expectError("-", "unexpected end of input, expected a digit after '-'", at: 1)
        expectError("-Infinity", "expected a digit after '-', found 'I'", at: 1)
        expectError("- 1", "expected a digit after '-', found ' '", at: 1)
        expectError("1.", "unexpected end of input, expected a digit after '.'", at: 2)
        expectError("1.e5", "expected a digit after '.', found 'e'", at: 2)
        expectError("1e", "unexpected end of input, expected a digit in the exponent", at: 2)
        expectError("1E+", "unexpected end of input, expected a digit in the exponent", at: 3)
        expectError("[1e-x]", "expected a digit in the exponent, found 'x'", at: 4)
        expectError("+1", "expected a JSON value, found '+'", at: 0)
        expectError(".5", "expected a JSON value, found '.'", at: 0)
    }

    @Test func strings() {
        expectError(#"["abc"#, "unterminated string", at: 1)
        expectError(#"{"text": "abc\"#, "unterminated string", at: 9)
        expectError(#""\u12"#, "unterminated string", at: 0)
        expectError(#""\q""#, #"invalid escape '\q'"#, at: 1)
        expectError(#""ab\x41""#, #"invalid escape '\x'"#, at: 3)
        expectError(#""\'""#, #"invalid escape '\''"#, at: 1)
        expectError("\"\\é\"", #"invalid escape '\é'"#, at: 1)
        expectError("\"\\\t\"", #"invalid escape '\' followed by U+0009"#, at: 1)
        expectError("\"a\nb\"", "control character U+000A must be escaped in a string", at: 2)
        expectError("\"\t\"", "control character U+0009 must be escaped in a string", at: 1)
        expectError("\"\u{0}\"", "control character U+0000 must be escaped in a string", at: 1)
        expectError(#""\u12G4""#, #"expected 4 hex digits after '\u', found 'G'"#, at: 5)
        expectError(#""\u""#, #"expected 4 hex digits after '\u', found '"'"#, at: 3)
    }

    @Test func loneSurrogateEscapes() {
        expectError(#""\uD800""#, #"lone surrogate \uD800"#, at: 1)
        expectError(#""ab\ud83dcd""#, #"lone surrogate \ud83d"#, at: 3)
        expectError(#""\uD800\u0041""#, #"lone surrogate \uD800"#, at: 1)
        expectError(#""\uD800\uD800""#, #"lone surrogate \uD800"#, at: 1)
        expectError(#""\uD800\n""#, #"lone surrogate \uD800"#, at: 1)
        expectError(#""\uDC00""#, #"lone surrogate \uDC00"#, at: 1)
        expectError(#""\uDE00\uD83D""#, #"lone surrogate \uDE00"#, at: 1)
        expectError(#""\uD83D\uDZ00""#, #"expected 4 hex digits after '\u', found 'Z'"#, at: 10)
    }

    @Test func byteOrderMarkIsNotWhitespace() {
        expectError("\u{FEFF}{}", "expected a JSON value, found U+FEFF (byte order mark)", at: 0)
        expectError("{}\u{FEFF}", "unexpected U+FEFF (byte order mark) after the JSON value", at: 2)
    }

    @Test func otherNonASCIIOutsideStrings() {
        expectError("[é]", "expected a JSON value, found 'é' (U+00E9)", at: 1)
        expectError("[\u{A0}1]", "expected a JSON value, found U+00A0", at: 1)
        expectError("[1,\u{3000}2]", "expected a JSON value, found U+3000", at: 3)
        expectError("{\"a\"：1}", "expected ':' after object key, found '：' (U+FF1A)", at: 4)
        expectError("[\u{1}]", "expected a JSON value, found U+0001", at: 1)
    }

    @Test func invalidUTF8InsideStrings() {
        let quote = UInt8(ascii: "\"")
        expectError([quote, 0x61, 0xFF, 0x62, quote], "invalid UTF-8 byte 0xFF", at: 2)
        expectError([quote, 0x80, quote], "invalid UTF-8 byte 0x80", at: 1)
        expectError([quote, 0xC3, 0xA9, 0xA9, quote], "invalid UTF-8 byte 0xA9", at: 3)
        expectError([quote, 0xC0, 0x80, quote], "invalid UTF-8 byte 0xC0", at: 1)
        expectError([quote, 0xC1, 0xBF, quote], "invalid UTF-8 byte 0xC1", at: 1)
        expectError([quote, 0xE0, 0x80, 0x80, quote], "invalid UTF-8: overlong encoding 0xE0 0x80", at: 1)
        expectError([quote, 0xF0, 0x8F, 0xBF, 0xBF, quote], "invalid UTF-8: overlong encoding 0xF0 0x8F", at: 1)
        expectError([quote, 0xED, 0xA0, 0x80, quote], "invalid UTF-8: encoded surrogate 0xED 0xA0", at: 1)
        expectError([quote, 0xED, 0xBF, 0xBF, quote], "invalid UTF-8: encoded surrogate 0xED 0xBF", at: 1)
        expectError([quote, 0xF4, 0x90, 0x80, 0x80, quote], "invalid UTF-8: code point above U+10FFFF 0xF4 0x90", at: 1)
        expectError([quote, 0xF5, 0x80, 0x80, 0x80, quote], "invalid UTF-8 byte 0xF5", at: 1)
        expectError([quote, 0x61, 0xE2, 0x82, quote], "invalid UTF-8: truncated sequence starting with byte 0xE2", at: 2)
        expectError([quote, 0xF0, 0x9F, 0x98], "invalid UTF-8: truncated sequence starting with byte 0xF0", at: 1)
        expectError([quote, 0xC3], "invalid UTF-8: truncated sequence starting with byte 0xC3", at: 1)
        // In the word-at-a-time path, and in a string that has escapes.
        expectError([quote] + Array("abcdefghijklmnop".utf8) + [0xFE] + [quote], "invalid UTF-8 byte 0xFE", at: 17)
        expectError([quote] + Array(#"\n\nabcdefghij"#.utf8) + [0xC3, 0x28] + [quote], "invalid UTF-8: truncated sequence starting with byte 0xC3", at: 15)
        expectError(Array(#"{"k":1,""#.utf8) + [0xFF] + Array(#"":2}"#.utf8), "invalid UTF-8 byte 0xFF", at: 8)
    }

    @Test func invalidUTF8OutsideStrings() {
        expectError([0xFF], "invalid UTF-8 byte 0xFF", at: 0)
        expectError([UInt8(ascii: "["), 0xE2, 0x82, UInt8(ascii: "]")], "invalid UTF-8: truncated sequence starting with byte 0xE2", at: 1)
        expectError([UInt8(ascii: "1"), UInt8(ascii: " "), 0xC0, 0x80], "invalid UTF-8 byte 0xC0", at: 2)
        expectError([UInt8(ascii: "{"), 0xED, 0xA0, 0x80, UInt8(ascii: "}")], "invalid UTF-8: encoded surrogate 0xED 0xA0", at: 1)
        expectError([UInt8(ascii: "\""), UInt8(ascii: "\\"), 0xFF, UInt8(ascii: "\"")], "invalid UTF-8 byte 0xFF", at: 2)
    }

    @Test func errorDescription() {
        let error = JSONSyntaxError(message: "unterminated string", byteOffset: 3)
        #expect(error.description == "unterminated string (at byte 3)")
    }
}
