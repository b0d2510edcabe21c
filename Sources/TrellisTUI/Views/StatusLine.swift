import TrellisCore

/// The bottom line: the last message or a hint on the left; who is working and the saved state
/// on the right (every change is written at once, so "saved" is always true unless read-only).
enum StatusLine {
    static func draw(_ state: AppState, into grid: inout Grid) {
        let theme = Theme(state)
        let row = ScreenLayout(state.size).statusRow
        let right = " \(state.reviewer) · \(state.readOnly ? "READ-ONLY" : "saved ✓") "
        let style = state.message?.isError == true ? theme.errorBar : theme.statusBar
        grid.fill(row: row, cols: 0..<state.size.cols, with: style)
        let left: String
        if let search = state.list.searchInput, state.screen == .list, !state.showingHelp {
            let note = state.message.map { " — \($0.text)" } ?? "  (Enter searches, Esc cancels; ? lists the search words)"
            left = " /\(search)▏\(note)"
        } else if state.screen == .document, !state.showingHelp, let input = state.document?.search?.input {
            let before = String(input.characters.prefix(input.cursor)), after = String(input.characters.dropFirst(input.cursor))
            left = " /\(before)▏\(after)  (Enter finds, Esc cancels)"
        } else if let message = state.message {
            left = " " + message.text
        } else {
            left = " " + hint(state)
        }
        let rightWidth = SafeText.width(of: right)
        grid.write(left, row: row, col: 0, style: style, limit: max(0, state.size.cols - rightWidth - 1))
        grid.write(right, row: row, col: max(0, state.size.cols - rightWidth), style: theme.statusBar)
    }

    /// The keys most needed on the current screen.
    static func hint(_ state: AppState) -> String {
        let keys = state.keymap
        if state.showingHelp { return "\(keys.hint(for: .nextSpan))/\(keys.hint(for: .previousSpan)) scroll · \(keys.hint(for: .back)) close" }
        if state.screen == .list {
            return "\(keys.hint(for: .open)) open · \(keys.hint(for: .search)) search · \(keys.hint(for: .filterProblems)) problems · \(keys.hint(for: .help)) help · \(keys.hint(for: .back)) quit"
        }
        return "\(keys.hint(for: .nextSpan))/\(keys.hint(for: .previousSpan)) span · \(keys.hint(for: .edgeLeftCharacter))/\(keys.hint(for: .edgeRightCharacter)) edge · \(keys.hint(for: .switchEdge)) start/end · \(keys.hint(for: .undo)) undo · \(keys.hint(for: .help)) help"
    }
}
