import TrellisModel

/// The document list: a title line, column headings, one row per document.
enum ListView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        let theme = Theme(state)
        let cols = state.size.cols
        let list = state.list
        let total = list.total.map { "\($0) document\($0 == 1 ? "" : "s")" } ?? (list.counting != nil ? "… documents" : "documents")
        let titleEnd = grid.write(" Trellis · \(state.databaseName) · \(total) · filter: \(list.filter.summary)", row: 0, col: 0, style: theme.header)
        if let progress = list.progress {
            ProgressText.draw(progress, row: 0, after: titleEnd + 2, cols: cols, into: &grid)
        }

        let idWidth = max(10, min(28, cols / 4))
        let shown = list.rows.prefix(ScreenLayout(state.size).listRows)
        // Counts are shown whole: a document of a million spans widens its column, never cut.
        let spansWidth = max(5, shown.map { "\($0.spanCount)".count }.max() ?? 0)
        let problemsWidth = max(5, shown.map { "\($0.problemCount)".count }.max() ?? 0)
        let columns: [(String, Int)] = [("id", idWidth), ("stage", 5), ("status", 11), ("spans", spansWidth), ("probs", problemsWidth)]
        var column = 1
        for (title, width) in columns {
            grid.write(title, row: 1, col: column, style: CellStyle(attributes: .underline), limit: column + width)
            column += width + 1
        }
        grid.write("text", row: 1, col: column, style: CellStyle(attributes: .underline))
        if list.rows.isEmpty {
            grid.write(list.filter == .all ? "  (no documents: import some with trellis import)" : "  (no documents match the filter; \(state.keymap.hint(for: .clearFilter)) clears it)", row: 2, col: 0, style: theme.dim)
        }
        for (index, row) in shown.enumerated() {
            let line = 2 + index
            var style = CellStyle()
            if index == list.selected { style.attributes.insert(.reverse) }
            grid.fill(row: line, cols: 0..<cols, with: style)
            var column = 1
            let cells = [row.externalId, row.stage.map(String.init) ?? "-", row.status.rawValue, "\(row.spanCount)", row.problemCount == 0 ? "" : "\(row.problemCount)"]
            for (position, (text, (_, width))) in zip(cells, columns).enumerated() {
                let cellStyle = position == cells.count - 1 ? theme.problem.merged(with: style) : style
                grid.write(text, row: line, col: column, style: cellStyle, limit: column + width)
                column += width + 1
            }
            let preview = row.preview.map { $0.isNewline || $0 == "\t" ? " " : $0 }
            grid.write(String(preview), row: line, col: column, style: style.merged(with: theme.dim))
        }
    }
}

extension CellStyle {
    /// This style with another's attributes added (and its colours where this has none).
    func merged(with other: CellStyle) -> CellStyle {
        CellStyle(
            foreground: foreground == .default ? other.foreground : foreground,
            background: background == .default ? other.background : background,
            attributes: attributes.union(other.attributes))
    }
}
