import CNcurses
import Testing
import TrellisTUI
@testable import TrellisTerminal

@Suite struct KeyMappingTests {
    @Test func keyCodes() {
        let expected: [(Int32, KeyPress)] = [
            (KEY_UP, .up), (KEY_DOWN, .down), (KEY_LEFT, .left), (KEY_RIGHT, .right),
            (KEY_HOME, .home), (KEY_END, .end), (KEY_NPAGE, .pageDown), (KEY_PPAGE, .pageUp),
            (KEY_DC, .delete), (KEY_IC, .insert), (KEY_BTAB, .backTab), (KEY_BACKSPACE, .backspace),
            (KEY_ENTER, .enter), (KEY_RESIZE, .resize), (KEY_F0 + 1, .function(1)), (KEY_F0 + 12, .function(12)),
        ]
        for (code, key) in expected {
            #expect(KeyMapping.key(forKeyCode: wint_t(code)) == key)
        }
        #expect(KeyMapping.key(forKeyCode: wint_t(KEY_F0 + 13)) == nil)
        #expect(KeyMapping.key(forKeyCode: wint_t(KEY_MOUSE)) == nil)
    }

    @Test func characters() {
        let expected: [(wint_t, KeyPress)] = [
            (9, .tab), (10, .enter), (13, .enter), (8, .backspace), (127, .backspace), (27, .escape),
            (1, .control("a")), (3, .control("c")), (19, .control("s")), (26, .control("z")),
            (0x61, .character("a")), (0x20, .character(" ")), (0x65E5, .character("日")), (0x1F600, .character("😀")),
        ]
        for (code, key) in expected {
            #expect(KeyMapping.key(forCharacter: code) == key)
        }
        for code: wint_t in [0, 28, 31, 0x9B, 0xD800, 0x110000] {
            #expect(KeyMapping.key(forCharacter: code) == nil)
        }
    }
}
