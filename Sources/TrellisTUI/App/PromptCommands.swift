import TrellisCore

/// Keys while the reviewer chooses a position with the cursor (split point, new span's ends):
/// the edge keys move the cursor, confirm and cancel end the prompt.
enum PromptCommands {
    static func handle(_ key: KeyPress, count: Int = 1, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard var prompt = document.prompt else { return [] }
        let command = state.keymap.command(for: key, in: .prompt)
            ?? state.keymap.command(for: key, in: .document).flatMap { DocumentCommands.motion(of: $0) != nil ? $0 : nil }
        switch command {
        case .cancel?:
            document.prompt = nil
            state.message = StatusMessage("cancelled")
            return []
        case .confirm?:
            return confirm(prompt, document: &document, state: &state)
        case let command? where DocumentCommands.motion(of: command) != nil:
            let (direction, unit) = DocumentCommands.motion(of: command)!
            prompt.cursor = move(prompt.cursor, direction: direction, unit: unit, endOfSpan: prompt.isChoosingEnd, units: document.units, count: count)
            document.prompt = prompt
            DocumentCommands.keepFocusVisible(&document, state: state)
            return []
        case .help?, .quit?:
            document.prompt = nil
            state.message = StatusMessage("cancelled; press the key again")
            return []
        default:
            state.message = StatusMessage("move with the edge keys, \(state.keymap.hint(for: .confirm)) confirms, \(state.keymap.hint(for: .cancel)) cancels", isError: true)
            return []
        }
    }

    private static func confirm(_ prompt: CursorPrompt, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        switch prompt.purpose {
        case .split:
            document.prompt = nil
            return DocumentCommands.edit(.split(span: document.current, at: prompt.cursor), document: document, state: &state)
        case .insertStart:
            document.prompt = CursorPrompt(purpose: .insertEnd(anchor: prompt.cursor), cursor: document.units.nextWordEnd(after: prompt.cursor))
            state.message = StatusMessage("new span: now move the cursor to its end, \(state.keymap.hint(for: .confirm)) to confirm", isPrompt: true)
            DocumentCommands.keepFocusVisible(&document, state: state)
            return []
        case .insertEnd(let anchor):
            document.prompt = nil
            document.pendingLabel = .insert(min(anchor, prompt.cursor)..<max(anchor, prompt.cursor))
            state.message = StatusMessage("new span: press a mode key (\(DocumentCommands.labelChoices(state.schema)))", isPrompt: true)
            return []
        }
    }

    /// Moves a cursor `count` units (stopping where it cannot go further); when choosing an
    /// end, words and sentences stop at their ends.
    static func move(_ cursor: Int, direction: Direction, unit: TextUnit, endOfSpan: Bool, units: TextUnits, count: Int) -> Int {
        var cursor = cursor
        for _ in 0..<max(1, count) {
            let next = move(cursor, direction: direction, unit: unit, endOfSpan: endOfSpan, units: units)
            if next == cursor { break }
            cursor = next
        }
        return cursor
    }

    /// Moves a cursor one unit.
    private static func move(_ cursor: Int, direction: Direction, unit: TextUnit, endOfSpan: Bool, units: TextUnits) -> Int {
        switch (unit, direction, endOfSpan) {
        case (.character, .forward, _): units.nextCharacter(after: cursor)
        case (.character, .backward, _): units.previousCharacter(before: cursor)
        case (.word, .forward, false): units.nextWordStart(after: cursor)
        case (.word, .backward, false): units.previousWordStart(before: cursor)
        case (.word, .forward, true): units.nextWordEnd(after: cursor)
        case (.word, .backward, true): units.previousWordEnd(before: cursor)
        case (.sentence, .forward, false): units.nextSentenceStart(after: cursor)
        case (.sentence, .backward, false): units.previousSentenceStart(before: cursor)
        case (.sentence, .forward, true): units.nextSentenceEnd(after: cursor)
        case (.sentence, .backward, true): units.previousSentenceEnd(before: cursor)
        }
    }
}

extension CursorPrompt {
    /// Whether the cursor marks the end of a range (so word moves stop after words).
    var isChoosingEnd: Bool {
        if case .insertEnd = purpose { return true }
        return false
    }
}
