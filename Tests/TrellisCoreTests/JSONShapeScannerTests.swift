import Testing
import TrellisCore

/// `JSONShapeScanner` says "yes" only for compact JSON the shape admits, and notes the values
/// at the paths asked for, never a value that only looks like one by its key's name.
@Suite struct JSONShapeScannerTests {
    private func shape(_ json: String) throws -> JSONShape {
        var conflict: ShapeConflict?
        return JSONShape.of(try JSONParser.parse(Array(json.utf8)), conflict: &conflict)
    }

    private func scan(_ scanner: JSONShapeScanner, _ json: String) -> (passed: Bool, captures: [JSONShapeScanner.Capture]) {
        var captures: [JSONShapeScanner.Capture] = []
        let passed = Array(json.utf8).withUnsafeBufferPointer { scanner.scan($0, into: &captures) }
        return (passed, captures)
    }

    @Test func passesOnlyWhatTheParserReadsAndTheShapeAdmits() throws {
        let known = try shape(#"{"a":1,"b":[{"c":"x","d":2.5}],"e":null,"f":true}"#)
        let scanner = JSONShapeScanner(known)
        let cases = [
            #"{"a":1,"b":[{"c":"x","d":2.5}],"e":null,"f":true}"#, #"{"f":false,"e":null,"b":[],"a":-7}"#,
            #"{"a":null,"b":null,"e":null,"f":null}"#, #"{"a":1,"b":[{"c":"\u00e9\n","d":1e3}],"e":null,"f":true}"#,
            #"{"a":1.0,"b":[],"e":null,"f":true}"#, #"{"a":1,"b":[],"e":null}"#, #"{"a":1,"a":1,"b":[],"e":null,"f":true}"#,
            #"{"a":1,"b":[],"e":null,"f":true,"g":1}"#, #"{"a":1, "b":[],"e":null,"f":true}"#, #"{"a":01,"b":[],"e":null,"f":true}"#,
            #"{"a":1,"b":[{"c":"\ud83d\ude00","d":1.5}],"e":null,"f":true}"#, #"{"a":1,"b":[],"e":1,"f":true}"#,
            #"{"a":1,"b":[],"e":null,"f":true}x"#, #"{"a":1,"b":[],"e":null,"f":tru}"#, #"{"a":1,"b":[,],"e":null,"f":true}"#,
        ]
        var passed = 0
        for json in cases {
            guard scan(scanner, json).passed else { continue }
            passed += 1
            let node = try JSONParser.parse(Array(json.utf8))
            #expect(known.admits(node), "\(json)")
        }
        #expect(passed == 4)
    }

    @Test func notesTheValuesAtThePathsAskedFor() throws {
        // A key written with a dot or brackets is not the path it spells.
        let json = #"{"a":{"b":1},"a.b":2,"l":[{"b":3},{"b":4}],"l[].b":5}"#
        let scanner = JSONShapeScanner(try shape(json), capturing: ["a.b", "l[]", "l[].b"])
        let (passed, captures) = scan(scanner, json)
        #expect(passed)
        let bytes = Array(json.utf8)
        #expect(captures.map { "\($0.slot):\(String(decoding: bytes[$0.range], as: UTF8.self))" } == ["0:1", "1:{\"b\":3}", "2:3", "1:{\"b\":4}", "2:4"])
    }

    /// Keys are compared with the shape's a word at a time: around eight bytes (the word's
    /// size), sharing a prefix, empty, not ASCII, near the record's end; a key one byte longer or
    /// shorter is never taken for another, and a key written with escapes is left to the parser.
    @Test func keysAreMatchedWholeWhateverTheirLength() throws {
        let keys = ["", "a", "abcdefg", "abcdefgh", "abcdefghi", "abcdefghijklmnopq", "reviewer", "reviewers", "é", "ratings"]
        let json = "{" + keys.enumerated().map { "\"\($0.element)\":\($0.offset)" }.joined(separator: ",") + "}"
        let known = try shape(json)
        let scanner = JSONShapeScanner(known)
        #expect(scan(scanner, json).passed)
        #expect(scan(scanner, "{" + keys.reversed().enumerated().map { "\"\($0.element)\":\($0.offset)" }.joined(separator: ",") + "}").passed)
        for (index, key) in keys.enumerated() {
            for other in [key + "x", String(key.dropLast()), "x" + key, key + "\\\"", String(key.dropFirst())] where other != key && !keys.contains(other) {
                let changed = json.replacingOccurrences(of: "\"\(key)\":\(index)", with: "\"\(other)\":\(index)")
                #expect(!scan(scanner, changed).passed, "\(changed)")
            }
        }
        // Near the end of the bytes (fewer than eight after the quote), and a key with an escape.
        #expect(scan(JSONShapeScanner(try shape(#"{"a":1}"#)), #"{"a":1}"#).passed)
        #expect(!scan(JSONShapeScanner(try shape(#"{"a":1}"#)), #"{"b":1}"#).passed)
        #expect(!scan(JSONShapeScanner(try shape(#"{"a":1}"#)), #"{"\u0061":1}"#).passed)
        let escaped = #"{"q\"k":1,"long key here":2}"#
        #expect(!scan(JSONShapeScanner(try shape(escaped)), escaped).passed)
    }
}

