import Testing
@testable import TrellisCore

@Suite struct SafeTextTests {
    @Test(arguments: [
        ("\u{1B}", "␛"), ("\r", "␍"), ("\n", "␊"), ("\t", "␉"), ("\u{0}", "␀"), ("\u{7}", "␇"),
        ("\r\n", "↵"), ("\u{7F}", "␡"), ("\u{9B}", "¤"), ("\u{85}", "¤"),
        ("\u{202E}", "⇄"), ("\u{200F}", "⇄"), ("\u{2066}", "⇄"), ("\u{61C}", "⇄"),
        ("\u{2028}", "¶"), ("\u{2029}", "¶"),
        ("\u{200B}", "·"), ("\u{2060}", "·"), ("\u{FEFF}", "·"), ("\u{AD}", "·"), ("\u{200D}", "·"), ("\u{FE0F}", "·"), ("\u{3164}", "·"), ("\u{E0041}", "·"),
        ("\u{301}", "◌\u{301}"), ("\u{FFFF}", "�"),
    ] as [(Character, String)])
    func placeholder(character: Character, shown: String) {
        let glyph = SafeText.glyph(for: character)
        #expect(glyph.text == shown)
        #expect(glyph.width == 1)
    }

    @Test(arguments: ["a", "é", "e\u{301}", "日", "👩‍🔬", "👍🏽", "☺️", "🇰🇪", "葛\u{E0100}"] as [Character])
    func legitimateTextIsKept(character: Character) {
        let glyph = SafeText.glyph(for: character)
        #expect(glyph.text == String(character))
        #expect(glyph.width == DisplayWidth.of(character))
    }

    @Test func widthCountsPlaceholders() {
        #expect(SafeText.width(of: "\u{1B}[31mred") == 8)
        #expect(SafeText.width(of: "日\u{200B}") == 3)
    }

    @Test func placeholderListCoversEveryKind() {
        #expect(SafeText.placeholders.count == 9)
        #expect(SafeText.placeholders.allSatisfy { !$0.shown.isEmpty && !$0.meaning.isEmpty })
    }

    @Test func escapedTextKeepsLineFeedsAndShowsEverythingElse() {
        #expect(SafeText.escaped("plain text, 100%") == "plain text, 100%")
        #expect(SafeText.escaped("a\u{1B}]2;t\u{7}\nb\u{9B}2J\u{202E}日") == "a␛]2;t␇\nb¤2J⇄日")
        #expect(SafeText.escaped("a\nb\r\n", keepingLineFeeds: false) == "a␊b↵")
        #expect(SafeText.escaped("tab\there") == "tab␉here")
    }

    /// One rule for what may not reach a terminal raw: the screen's placeholders, what ids and
    /// config keys may not hold, and what JSON escapes beyond its own rules are the same code
    /// points — Unicode's controls, bidirectional controls, line and paragraph separators, and
    /// unassigned code points (JSON: all but unassigned, whose set grows with Unicode).
    @Test func oneRuleForTheScreenIdsKeysAndJSON() {
        let scalars = (0...0x2FFFF).compactMap(Unicode.Scalar.init) + (0xE0000...0xE0FFF).compactMap(Unicode.Scalar.init)
        for scalar in scalars {
            let properties = scalar.properties
            let hazardous = properties.generalCategory == .control || properties.isBidiControl || properties.generalCategory == .lineSeparator
                || properties.generalCategory == .paragraphSeparator || properties.generalCategory == .unassigned
            let hazard = SafeText.Hazard(scalar)
            #expect((hazard != nil) == hazardous, "U+\(String(scalar.value, radix: 16))")
            #expect(VisibleText.forbiddenReason(scalar) == hazard?.description)
            #expect(VisibleText.isPrintableKey(Character(scalar)) == (hazard == nil && !scalar.isBlank))
            if hazard != nil {
                #expect(SafeText.glyph(for: Character(scalar)).text != String(scalar), "U+\(String(scalar.value, radix: 16)) is shown raw")
            }
            guard scalar.value >= 0x7F, scalar.value < 0x3000 else { continue }
            var out: [UInt8] = []
            JSONString.append(String(scalar), to: &out)
            let escaped = !String(decoding: out, as: UTF8.self).unicodeScalars.contains(scalar)
            #expect(escaped == (hazard != nil && hazard != .unassigned), "JSON and U+\(String(scalar.value, radix: 16))")
        }
    }
}
