import Testing
@testable import TrellisCore

/// The builder every export writes its records with: keys in order, integers exact, floats always
/// with a decimal point (one type for readers that infer it), nesting in
/// place, and output that a JSON parser reads back to the same values.
@Suite struct JSONObjectBuilderTests {
    @Test func writesKeysInOrderWithNestedObjectsAndArraysInPlace() {
        var object = JSONObjectBuilder()
        object.string("id", "d\"1")
        object.int("stage", nil)
        object.objects("spans", [1, 2]) { span, number in
            span.int("start", number)
            span.object("ratings") { ratings in ratings.float("care", 4.5) }
            span.object("empty") { _ in }
        }
        object.objects("none", [Int]()) { _, _ in }
        object.strings("reviewers", ["ada", "bo"])
        object.raw("meta", "{\"a\":1}")
        #expect(String(decoding: object.finish(), as: UTF8.self) == """
            {"id":"d\\"1","stage":null,"spans":[{"start":1,"ratings":{"care":4.5},"empty":{}},{"start":2,"ratings":{"care":4.5},"empty":{}}],\
            "none":[],"reviewers":["ada","bo"],"meta":{"a":1}}
            """)
    }

    /// Plain keys are copied as they are; any other key is escaped as `JSONString` escapes a value.
    @Test(arguments: ["id", "", "aligned-conduct", "a key with spaces ~!", "q\"uote", "back\\slash", "tab\t", "del\u{7F}", "c1\u{85}",
                      "bidi\u{202E}", "é", "long key of plain ascii over eight bytes"])
    func writesKeysAsJSONStringsWouldBe(key: String) {
        var object = JSONObjectBuilder()
        object.int(key, 1)
        object.string(key, key)
        var quoted: [UInt8] = []
        JSONString.append(key, to: &quoted)
        let expected = String(decoding: quoted, as: UTF8.self)
        #expect(String(decoding: object.finish(), as: UTF8.self) == "{\(expected):1,\(expected):\(expected)}")
    }

    @Test(arguments: [0, 7, -7, 10, 1_234_567_890, Int.max, Int.min])
    func writesIntegersExactly(value: Int) {
        var object = JSONObjectBuilder()
        object.int("n", value)
        object.float("d", Double(value % 1_000_000))
        object.float("none", nil)
        #expect(String(decoding: object.finish(), as: UTF8.self) == "{\"n\":\(value),\"d\":\(value % 1_000_000).0,\"none\":null}")
    }

    /// Whole numbers are written without `String`; every float must still read as `description` writes it.
    @Test(arguments: [0.0, -0.0, 1, -1, 4, 4.5, 3.25, 1.0 / 3, 999_999_999, 1e9, -1e9, 1e15, 1e16, 123_456_789_012.0, 0.1, 5e-324])
    func writesFloatsAsDescriptionDoes(value: Double) {
        var object = JSONObjectBuilder()
        object.float("x", value)
        #expect(String(decoding: object.finish(), as: UTF8.self) == "{\"x\":\(value.description)}")
    }

    @Test func writesTextSlicesFromUTF8Escaped() {
        var text = "a\"b\nçé😀"
        let scalars = text.codePoints
        text.withUTF8 { utf8 in
            let offsets = UTF8Offsets(scalars, byteCount: utf8.count)
            var object = JSONObjectBuilder()
            object.string("whole", utf8: utf8)
            object.string("tail", utf8: UnsafeBufferPointer(rebasing: utf8[offsets.bytes(of: 4..<7)]))
            object.string("clamped", utf8: UnsafeBufferPointer(rebasing: utf8[offsets.bytes(of: 6..<99)]))
            #expect(String(decoding: object.finish(), as: UTF8.self) == #"{"whole":"a\"b\nçé😀","tail":"çé😀","clamped":"😀"}"#)
        }
    }

    /// A key made once writes the same bytes as the same key given as a string, escaped or not,
    /// with every kind of value.
    @Test(arguments: ["start", "reviewed_at", "a\"b", "back\\slash", "tab\t", "çé😀", ""])
    func aKeyMadeOnceWritesWhatTheStringKeyWrites(name: String) {
        let key = JSONKey(name)
        var text = "x\"y"
        text.withUTF8 { utf8 in
            var byString = JSONObjectBuilder(), byKey = JSONObjectBuilder()
            byString.string(name, "v"); byKey.string(key, "v")
            byString.string(name, nil); byKey.string(key, nil)
            byString.string(name, utf8: utf8); byKey.string(key, utf8: utf8)
            byString.int(name, 7); byKey.int(key, 7)
            byString.int(name, nil); byKey.int(key, nil)
            for value in [4.0, 4.5, -0.0, .infinity, nil] as [Double?] { byString.float(name, value); byKey.float(key, value) }
            byString.strings(name, ["a", "b"]); byKey.strings(key, ["a", "b"])
            byString.strings(name, nil); byKey.strings(key, nil)
            byString.object(name) { $0.int(name, 1) }; byKey.object(key) { $0.int(key, 1) }
            byString.objects(name, [1, 2]) { $0.int(name, $1) }; byKey.objects(key, [1, 2]) { $0.int(key, $1) }
            let written = String(decoding: byKey.finish(), as: UTF8.self)
            #expect(written == String(decoding: byString.finish(), as: UTF8.self))
            var escaped: [UInt8] = []
            JSONString.append(name, to: &escaped)
            #expect(written.hasPrefix("{" + String(decoding: escaped, as: UTF8.self) + ":\"v\","), "the key escaped as a string")
        }
    }
}
