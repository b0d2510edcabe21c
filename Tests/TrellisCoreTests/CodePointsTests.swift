import Testing
import TrellisCore

/// `String.codePoints` decodes UTF-8 by hand; it must agree with the standard library everywhere.
@Suite struct CodePointsTests {
    @Test(arguments: [
        "", "plain ASCII", "Café", "e\u{301}", "日本語のテキスト", "👩‍🔬 🇰🇪 👍🏽", "\u{7F}\u{80}\u{7FF}\u{800}\u{FFFF}\u{10000}\u{10FFFF}",
        "a\r\nb\tc\u{0}", "\u{FEFF}bom", "\u{200B}\u{2028}",
    ])
    func agreesWithTheStandardLibrary(text: String) {
        #expect(text.codePoints == Array(text.unicodeScalars))
    }

    @Test func agreesOnRandomCodePointsOfEveryLength() {
        var random = SeededRandom(seed: 11)
        for _ in 0..<500 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...40, using: &random) {
                let ranges: [ClosedRange<UInt32>] = [0...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF]
                let value = UInt32.random(in: ranges.randomElement(using: &random)!, using: &random)
                text.append(Unicode.Scalar(value)!)
            }
            let string = String(text)
            #expect(string.codePoints == Array(string.unicodeScalars))
        }
    }

    /// Runs of ASCII are decoded eight bytes at a time: non-ASCII at every place around them.
    @Test func agreesOnMostlyASCIITextOfEveryLength() {
        var random = SeededRandom(seed: 12)
        for _ in 0..<500 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...70, using: &random) {
                let value = Int.random(in: 0..<10, using: &random) == 0 ? UInt32.random(in: 0x80...0x1F9FF, using: &random) : UInt32.random(in: 0...0x7F, using: &random)
                text.append(Unicode.Scalar(value) ?? "é")
            }
            let string = String(text)
            #expect(string.codePoints == Array(string.unicodeScalars), "\(string.debugDescription)")
        }
    }

    @Test func whitespaceAgreesWithTheUnicodeProperty() {
        let scalars = (0...0x3100).compactMap(Unicode.Scalar.init) + ["\u{FEFF}", "\u{205F}", "\u{1680}", "\u{10FFFF}"]
        for scalar in scalars {
            #expect(scalar.isWhitespace == scalar.properties.isWhitespace, "U+\(String(scalar.value, radix: 16))")
        }
    }
}
