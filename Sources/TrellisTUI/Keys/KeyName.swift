import TrellisCore

/// Key names as written in keymap files: a printable character ("j", "?", "é"; never a control
/// character such as a raw ESC, see `VisibleText.isPrintableKey`), or one of
/// "up", "down", "left", "right", "home", "end", "pgup", "pgdn", "insert", "delete", "enter",
/// "tab", "backtab", "backspace", "esc", "space", "f1"…"f12", "ctrl-a"…"ctrl-z".
public enum KeyName {
    private static let named: [(String, KeyPress)] = [
        ("up", .up), ("down", .down), ("left", .left), ("right", .right), ("home", .home), ("end", .end),
        ("pgup", .pageUp), ("pgdn", .pageDown), ("insert", .insert), ("delete", .delete), ("enter", .enter),
        ("tab", .tab), ("backtab", .backTab), ("backspace", .backspace), ("esc", .escape), ("space", .character(" ")),
    ]

    /// The key for a name, or `nil` if the name is not a key.
    public static func parse(_ name: String) -> KeyPress? {
        if let (_, key) = named.first(where: { $0.0 == name }) { return key }
        if name.hasPrefix("ctrl-"), name.count == 6, let letter = name.last, letter.isASCII, letter.isLowercase {
            return .control(letter)
        }
        if name.hasPrefix("f"), let number = Int(name.dropFirst()), (1...12).contains(number) {
            return .function(number)
        }
        if name.count == 1, let character = name.first, VisibleText.isPrintableKey(character) {
            return .character(character)
        }
        return nil
    }

    /// The name of a key, as the help screen shows it.
    public static func name(of key: KeyPress) -> String {
        if let (name, _) = named.first(where: { $0.1 == key }) { return name }
        switch key {
        case .character(let character): return String(character)
        case .control(let letter): return "ctrl-\(letter)"
        case .function(let number): return "f\(number)"
        case .resize: return "resize"
        default: return "\(key)"
        }
    }
}
