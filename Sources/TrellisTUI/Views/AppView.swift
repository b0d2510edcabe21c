import TrellisCore

/// The whole screen as a pure function of the state.
public enum AppView {
    public static func render(_ state: AppState) -> Grid {
        var grid = Grid(rows: state.size.rows, cols: state.size.cols)
        let layout = ScreenLayout(state.size)
        if layout.isTooSmall {
            TooSmallView.draw(state.size, into: &grid)
            return grid
        }
        if state.showingHelp {
            HelpView.draw(state, into: &grid)
        } else if state.screen == .document, let document = state.document {
            DocumentView.draw(document, state: state, into: &grid)
        } else {
            ListView.draw(state, into: &grid)
        }
        StatusLine.draw(state, into: &grid)
        return grid
    }
}

/// What a terminal below the minimum size shows instead of a garbled screen.
enum TooSmallView {
    static func draw(_ size: ScreenSize, into grid: inout Grid) {
        let minimum = ScreenLayout.minimumSize
        let lines = ["Terminal too small", "\(size.cols)×\(size.rows), need \(minimum.cols)×\(minimum.rows)", "Enlarge it, or Q quits"]
        for (index, line) in lines.enumerated() {
            let row = size.rows / 2 - 1 + index
            grid.write(line, row: row, col: max(0, (size.cols - SafeText.width(of: line)) / 2), style: CellStyle(attributes: index == 0 ? .bold : []))
        }
    }
}
