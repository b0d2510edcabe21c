import Testing
import TrellisCore
import TrellisTestSupport

/// Keys in hand-edited schema and rubric files must be printable: a raw ESC or other control
/// character could never be typed as a key, and would reach the terminal in help and messages.
@Suite struct ConfigKeyTests {
    private func schemaError(key: String, marker: String = "A") -> ConfigError? {
        let text = "{\"tags\": [{\"name\": \"ai\", \"key\": \(ImportHelpers.quoted(key)), \"marker\": \(ImportHelpers.quoted(marker))}]}"
        do {
            _ = try TagSchema.load(file: "s.json", bytes: Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    private func rubricError(key: String) -> ConfigError? {
        let text = "{\"dimensions\": [{\"name\": \"honesty\", \"key\": \(ImportHelpers.quoted(key))}]}"
        do {
            _ = try Rubric.load(file: "r.json", bytes: Array(text.utf8), schema: Fixtures.defaultSchema)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        ("\u{1B}", "U+001B"), ("\u{9B}", "U+009B"), ("\u{7F}", "U+007F"), ("\u{202E}", "U+202E"),
        ("\u{200B}", "U+200B"), (" ", "U+0020"), ("\u{0}", "U+0000"),
    ])
    func aKeyThatIsNotPrintableIsRefusedAndNamedByItsCodePoint(key: String, named: String) {
        let schema = schemaError(key: key)
        #expect(schema?.message == "tag \"ai\": \"key\" must be one printable character, found \(named)")
        #expect(schema?.line == 1 && schema?.column == 33)
        let rubric = rubricError(key: key)
        #expect(rubric?.message == "dimension \"honesty\": \"key\" must be one printable character that is not a digit, found \(named)")
    }

    @Test func printableKeysAreKept() {
        for key in ["a", "é", "?", "日"] {
            #expect(schemaError(key: key) == nil, "\(key)")
            #expect(rubricError(key: key) == nil, "\(key)")
        }
        #expect(schemaError(key: "ab")?.message == "tag \"ai\": \"key\" must be one printable character, found \"ab\"")
    }

    @Test func aMarkerMustBePrintableToo() {
        #expect(schemaError(key: "a", marker: "\u{1B}[7m")?.message == "tag \"ai\": \"marker\" must be 1 to 3 printable characters")
        #expect(schemaError(key: "a", marker: "AI") == nil)
    }
}
