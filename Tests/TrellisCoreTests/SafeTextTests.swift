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
}
