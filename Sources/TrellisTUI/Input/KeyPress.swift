/// A key as the terminal backend reports it, before the keymap turns it into an action.
public enum KeyPress: Hashable, Sendable {
    /// A printable character (including wide characters typed by an input method).
    case character(Character)
    /// Ctrl + a letter, lower-case ("ctrl-a" … "ctrl-z").
    case control(Character)
    case enter, tab, backTab, backspace, delete, escape
    case up, down, left, right, home, end, pageUp, pageDown, insert
    /// Function key F1…F12.
    case function(Int)
    /// The terminal changed size.
    case resize
}
