import Testing
@testable import TrellisCore

@Suite struct DisplayWidthTests {
    @Test(arguments: [
        ("a", 1), (" ", 1), ("~", 1),
        ("é", 1), ("e\u{301}", 1), ("ñ", 1),
        ("日", 2), ("本", 2), ("한", 2), ("ᄀ\u{1161}\u{11A8}", 2), ("か", 2), ("カ", 2), ("ｶ", 1), ("Ａ", 2), ("\u{3000}", 2),
        ("😀", 2), ("👍🏽", 2), ("👩‍🔬", 2), ("🇰🇪", 2), ("☺", 1), ("☺️", 2), ("1️⃣", 2), ("⌚", 2),
        ("🫨", 2), ("\u{1F1F0}", 1), ("䷀", 2),
    ] as [(Character, Int)])
    func characterWidth(character: Character, width: Int) {
        #expect(DisplayWidth.of(character) == width)
    }

    @Test func zeroWidth() {
        #expect(DisplayWidth.of(Character("\u{301}")) == 0)
        #expect(DisplayWidth.of(Character("\u{200B}")) == 0)
        #expect(DisplayWidth.of(Character("\u{1B}")) == 0)
    }

    @Test func stringWidth() {
        #expect(DisplayWidth.of("") == 0)
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("日本語 ok") == 9)
        #expect(DisplayWidth.of("Cafe\u{301} 👩‍🔬🇰🇪") == 9)
        #expect(DisplayWidth.of("\u{600}\u{661}\u{662}") == 2)   // Arabic number sign spans the digits
    }
}
