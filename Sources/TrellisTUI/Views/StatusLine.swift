import TrellisCore

/// The bottom line: the last message or a hint on the left; who is working and the saved state
/// on the right (every change is written at once, so "saved" is always true unless read-only).
enum StatusLine {
    static func draw(_ state: AppState, into grid: inout Grid) {
        let theme = Theme(state)
        let row = ScreenLayout(state.size).statusRow
        let right = " \(state.reviewer) · \(state.readOnly ? "READ-ONLY" : "saved ✓") "
        let style = state.message?.isError == true ? theme.errorBar : theme.statusBar
        let left: String
        if let search = state.list.searchInput, state.screen == .list, !state.showingHelp {
            let note = state.message.map { " — \($0.text)" } ?? "  (Enter searches, Esc cancels; ? lists the search words)"
            left = "/\(search)▏\(note)"
        } else if state.screen == .document, !state.showingHelp, let input = state.document?.search?.input {
            let before = String(input.characters.prefix(input.cursor)), after = String(input.characters.dropFirst(input.cursor))
            left = "/\(before)▏\(after)  (Enter finds, Esc cancels)"
        } else if let message = state.message {
            left = message.text
        } else {
            left = hint(state)
        }
        // A message longer than the line takes the rows above it, so it is read whole.
        let rightWidth = SafeText.width(of: right)
        let width = max(1, state.size.cols - rightWidth - 2)
        var lines = state.message == nil ? [left] : WordWrap.lines(left, width: width)
        if lines.count > maximumRows {
            lines = Array(lines.prefix(maximumRows))
            lines[maximumRows - 1] = String(lines[maximumRows - 1].dropLast()) + "…"
        }
        for (index, line) in lines.enumerated() {
            let lineRow = row - (lines.count - 1) + index
            grid.fill(row: lineRow, cols: 0..<state.size.cols, with: style)
            grid.write(" " + line, row: lineRow, col: 0, style: style, limit: width + 1)
        }
        grid.write(right, row: row, col: max(0, state.size.cols - rightWidth), style: theme.statusBar)
    }

    /// Rows a long message may take at the bottom of the screen.
    static let maximumRows = 3

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
