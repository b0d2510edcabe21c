import TrellisModel

/// The history panel: one line per change, newest first.
enum HistoryView {
    static func draw(_ panel: HistoryPanel, in pane: Pane, keymap: Keymap, theme: Theme, grid: inout Grid) {
        grid.write(" History, newest first — \(keymap.hint(for: .back)) closes; Enter reverts to the state right after the selected change",
                   row: pane.top, col: pane.left, style: theme.header, limit: pane.left + pane.width)
        let visible = max(1, pane.height - 1)
        let first = max(0, min(panel.selected - visible / 2, panel.items.count - visible))
        for (offset, item) in panel.items.dropFirst(first).prefix(visible).enumerated() {
            let row = pane.top + 1 + offset
            let time = String(item.at.prefix(19).map { $0 == "T" ? " " : $0 })
            var style = CellStyle()
            if first + offset == panel.selected { style.attributes.insert(.reverse) }
            grid.fill(row: row, cols: pane.left..<(pane.left + pane.width), with: style)
            grid.write(" #\(item.id)  \(time)  \(item.reviewer)  \(item.action)  \(item.summary)", row: row, col: pane.left, style: style, limit: pane.left + pane.width)
        }
    }
}
