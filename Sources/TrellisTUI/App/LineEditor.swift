/// A one-line text editor for notes: Unicode input by grapheme, cursor keys, Home/End,
/// Backspace/Delete, ctrl-u/ctrl-k to clear before/after the cursor, Enter to finish, Esc to cancel.
public struct LineEditor: Hashable, Sendable {
    public private(set) var characters: [Character]
    public private(set) var cursor: Int

    public enum Outcome: Hashable, Sendable {
        case editing
        case done(String)
        case cancelled
    }

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    public mutating func handle(_ key: KeyPress) -> Outcome {
        switch key {
        case .enter: return .done(text)
        case .escape: return .cancelled
        case .character(let character):
            characters.insert(character, at: cursor)
            cursor += 1
        case .backspace where cursor > 0:
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete where cursor < characters.count:
            characters.remove(at: cursor)
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .control("u"):
            characters.removeFirst(cursor)
            cursor = 0
        case .control("k"):
            characters.removeLast(characters.count - cursor)
        default: break
        }
        return .editing
    }
}
