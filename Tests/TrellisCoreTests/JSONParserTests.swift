import Testing
import TrellisCore

struct JSONParserTests {
    @Test func scalars() throws {
        #expect(try JSONTesting.parse("null").value == .null)
        #expect(try JSONTesting.parse("true").value == .bool(true))
        #expect(try JSONTesting.parse("false").value == .bool(false))
        #expect(try JSONTesting.parse(" \t\r\n 42 \n").value == .number("42"))
        #expect(try JSONTesting.parse(" \t\r\n 42 \n").range == 5..<7)
    }

    @Test(arguments: ["0", "-0", "7", "-12", "1.50", "0.5", "-3.25e+10", "1E5", "2e-3", "1e00", "123456789012345678901234567890"])
    func numbersKeepTheirText(text: String) throws {
        let node = try JSONTesting.parse(text)
        #expect(node.value == .number(text))
        #expect(node.range == 0..<text.utf8.count)
        #expect(node.typeName == "number")
    }

    @Test func intValueOnlyForIntegersThatFit() throws {
        #expect(try JSONTesting.parse("3").intValue == 3)
        #expect(try JSONTesting.parse("-42").intValue == -42)
        #expect(try JSONTesting.parse("-0").intValue == 0)
        #expect(try JSONTesting.parse("9223372036854775807").intValue == Int.max)
        #expect(try JSONTesting.parse("9223372036854775808").intValue == nil)
        #expect(try JSONTesting.parse("3.0").intValue == nil)
        #expect(try JSONTesting.parse("1e2").intValue == nil)
        #expect(try JSONTesting.parse("\"3\"").intValue == nil)
    }

    @Test func accessorsAndTypeNames() throws {
        let node = try JSONTesting.parse(#"{"s":"x","n":1,"b":true,"z":null,"a":[1],"o":{}}"#)
        #expect(node.typeName == "object")
        #expect(node["s"]?.stringValue == "x")
        #expect(node["s"]?.typeName == "string")
        #expect(node["n"]?.stringValue == nil)
        #expect(node["b"]?.boolValue == true)
        #expect(node["b"]?.typeName == "boolean")
        #expect(node["z"]?.typeName == "null")
        #expect(node["z"]?.boolValue == nil)
        #expect(node["a"]?.arrayValue?.count == 1)
        #expect(node["a"]?.typeName == "array")
        #expect(node["o"]?.objectMembers?.isEmpty == true)
        #expect(node["missing"] == nil)
        #expect(node["a"]?["x"] == nil)
        #expect(node.objectMembers?.map(\.key) == ["s", "n", "b", "z", "a", "o"])
    }

    @Test func aRepeatedKeyIsAnErrorAtItsSecondOccurrence() throws {
        #expect(throws: JSONSyntaxError(message: "duplicate key \"a\" (each key may appear once in an object)", byteOffset: 13)) {
            try JSONTesting.parse(#"{"a":1,"b":2,"a":3}"#)
        }
        // Large objects too, and inside nested values; the same key in two objects is fine.
        let wide = "{" + (0..<40).map { "\"k\($0)\": \($0)" }.joined(separator: ", ") + ", \"k7\": 0}"
        #expect(throws: JSONSyntaxError.self) { try JSONTesting.parse(wide) }
        #expect(throws: JSONSyntaxError.self) { try JSONTesting.parse(#"[{"x": {"a": 1, "a": 1}}]"#) }
        #expect(try JSONTesting.parse(#"[{"a": 1}, {"a": 2, "b": {"a": 3}}]"#).arrayValue?.count == 2)
        // Keys are compared by code point, as Python does: é and e + U+0301 are two keys.
        #expect(try JSONTesting.parse("{\"\u{E9}\": 1, \"e\u{301}\": 2}").objectMembers?.count == 2)
    }

    @Test func rangesAreByteOffsets() throws {
        let text = #"{"k": [1, "é"], "m": {"x": null}}"#
        let bytes = Array(text.utf8)
        let node = try JSONParser.parse(bytes)
        #expect(node.range == 0..<bytes.count)
        let members = try #require(node.objectMembers)
        #expect(members[0].keyRange == 1..<4)
        #expect(members[0].node.range == 6..<15)
        let elements = try #require(members[0].node.arrayValue)
        #expect(elements[0].range == 7..<8)
        #expect(elements[1].range == 10..<14)
        #expect(members[1].keyRange == 17..<20)
        #expect(String(decoding: bytes[members[1].node.range], as: UTF8.self) == #"{"x": null}"#)
    }

    @Test func rawBytesOfAValueCanBeKeptVerbatim() throws {
        let meta = #"{ "b" : [1.50, "\u00e9"], "a": {} }"#
        let bytes = Array(#"{"id":"x","meta":\#(meta)}"#.utf8)
        let node = try JSONParser.parse(bytes)
        let range = try #require(node["meta"]).range
        #expect(String(decoding: bytes[range], as: UTF8.self) == meta)
    }

    @Test func unsafeBufferPointerEntryPoint() throws {
        let bytes = Array(#"[1,"two"]"#.utf8)
        let node = try bytes.withUnsafeBufferPointer { buffer throws(JSONSyntaxError) in try JSONParser.parse(buffer) }
        #expect(node.arrayValue?.map(\.value) == [.number("1"), .string("two")])
    }

    @Test func deeplyNestedDocumentsUpToTheLimit() throws {
        let depth = JSONParser.maxDepth
        #expect(depth == 512)
        let arrays = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var node = try JSONTesting.parse(arrays)
        for _ in 1..<depth { node = try #require(node.arrayValue?.first) }
        #expect(node.value == .array([]))

        let objects = String(repeating: #"{"a":"#, count: depth) + "1" + String(repeating: "}", count: depth)
        #expect(try JSONTesting.parse(objects).range == 0..<objects.utf8.count)
    }

    @Test func nestingDeeperThanTheLimitIsAnError() {
        let arrays = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(JSONTesting.error(arrays) == JSONSyntaxError(message: "nesting deeper than 512 levels", byteOffset: 512))
        let objects = String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513)
        #expect(JSONTesting.error(objects) == JSONSyntaxError(message: "nesting deeper than 512 levels", byteOffset: 512 * 5))
        let huge = String(repeating: "[", count: 1_000_000)
        #expect(JSONTesting.error(huge)?.byteOffset == 512)
    }

    @Test func deepButWideDocuments() throws {
        let element = String(repeating: "[", count: 100) + "1" + String(repeating: "]", count: 100)
        let text = "[" + Array(repeating: element, count: 50).joined(separator: ",") + "]"
        let node = try JSONTesting.parse(text)
        #expect(node.arrayValue?.count == 50)
    }

    @Test func commentsWhenAllowed() throws {
        let text = """
            // the schema
            {
              "a": 1, // one
              // "b": 2,
              "c": [ // list
                "x // not a comment"
              ]
            } // end
            """
        let node = try JSONTesting.parse(text, allowComments: true)
        #expect(node.objectMembers?.map(\.key) == ["a", "c"])
        #expect(node["c"]?.arrayValue?.first?.stringValue == "x // not a comment")
        #expect(try JSONTesting.parse("1 // no newline at the end", allowComments: true).value == .number("1"))
        #expect(try JSONTesting.parse("// é 😀\n[]", allowComments: true).value == .array([]))
    }

    @Test func commentsAreErrorsByDefault() {
        #expect(JSONTesting.error("[1] // note") == JSONSyntaxError(message: "unexpected '/' after the JSON value", byteOffset: 4))
        #expect(JSONTesting.error("[1, /x]", allowComments: true)
            == JSONSyntaxError(message: "expected a JSON value, found '/'", byteOffset: 4))
        #expect(JSONTesting.error("/* block */ 1", allowComments: true)?.byteOffset == 0)
        #expect(JSONTesting.error([UInt8]("// a ".utf8) + [0xFF, 0x0A, 0x31], allowComments: true)
            == JSONSyntaxError(message: "invalid UTF-8 byte 0xFF", byteOffset: 5))
    }
}
