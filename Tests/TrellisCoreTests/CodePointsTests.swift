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

    /// Random text of every length up to `maxLength`, with code points of every UTF-8 length,
    /// `asciiPercent` of them ASCII: mostly ASCII text has runs decoded eight bytes at a time,
    /// with other characters at every place around them.
    @Test(arguments: [(seed: 11, maxLength: 40, asciiPercent: 20), (seed: 12, maxLength: 70, asciiPercent: 90)])
    func agreesOnRandomText(seed: UInt64, maxLength: Int, asciiPercent: Int) {
        var random = SeededRandom(seed: seed)
        let wide: [ClosedRange<UInt32>] = [0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF]
        for _ in 0..<500 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...maxLength, using: &random) {
                let range = Int.random(in: 0..<100, using: &random) < asciiPercent ? 0...0x7F : wide.randomElement(using: &random)!
                text.append(Unicode.Scalar(UInt32.random(in: range, using: &random))!)
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
