import TrellisCore

/// The off-screen screen: views draw into it, the terminal backend copies it to the terminal.
///
/// Text goes through ``SafeText`` and ``DisplayWidth`` on the way in, so every cell holds one
/// printable cluster. A double-width cluster fills its cell and the continuation cell to its right;
/// no write ever leaves half of one behind. Positions outside the grid are ignored, never a crash.
public struct Grid: Hashable, Sendable {
    public let rows: Int
    public let cols: Int
    /// All cells, row-major.
    public private(set) var cells: [Cell]

    /// A blank grid; negative sizes count as 0.
    public init(rows: Int, cols: Int) {
        self.rows = max(0, rows)
        self.cols = max(0, cols)
        cells = Array(repeating: .blank, count: self.rows * self.cols)
    }

    /// The cell at (row, col); a blank cell outside the grid.
    public subscript(row: Int, col: Int) -> Cell {
        contains(row: row, col: col) ? cells[row * cols + col] : .blank
    }

    /// Writes `text` at (row, col) with `style`, clipped before column `limit` (default: the grid's
    /// width). Columns left of 0 are skipped. A wide character that does not fit before the limit
    /// is replaced by a space. Returns the column after the last cell written.
    @discardableResult
    public mutating func write(_ text: String, row: Int, col: Int, style: CellStyle = .plain, limit: Int? = nil) -> Int {
        guard (0..<rows).contains(row) else { return col }
        let end = min(limit ?? cols, cols)
        var column = col
        for character in text {
            guard column < end else { break }
            let glyph = SafeText.glyph(for: character)
            let next = column + glyph.width
            if column < 0 || next > end {
                // Partly off the grid or past the limit: blank what is visible of it.
                fill(row: row, cols: max(column, 0)..<min(next, end), with: style)
            } else {
                put(Cell(text: glyph.text, width: UInt8(glyph.width), style: style), row: row, col: column)
            }
            column = min(next, end)
        }
        return column
    }

    /// Fills `cols` of `row` with spaces in `style`.
    public mutating func fill(row: Int, cols range: Range<Int>, with style: CellStyle) {
        for column in clamped(range) {
            put(Cell(style: style), row: row, col: column)
        }
    }

    /// Changes the style of `cols` of `row` and keeps the text (e.g. reversing a highlighted row).
    public mutating func restyle(row: Int, cols range: Range<Int>, _ change: (inout CellStyle) -> Void) {
        guard (0..<rows).contains(row) else { return }
        for column in clamped(range) {
            change(&cells[row * cols + column].style)
        }
    }

    /// The row's characters without continuation cells, trailing spaces trimmed.
    public func text(row: Int) -> String {
        guard (0..<rows).contains(row) else { return "" }
        var line = ""
        for cell in cells[row * cols..<(row + 1) * cols] where !cell.isContinuation {
            line += cell.text
        }
        while line.last == " " { line.removeLast() }
        return line
    }

    /// All rows, each trimmed, joined with "\n".
    public var text: String {
        (0..<rows).map { text(row: $0) }.joined(separator: "\n")
    }

    private func contains(row: Int, col: Int) -> Bool {
        (0..<rows).contains(row) && (0..<cols).contains(col)
    }

    private func clamped(_ range: Range<Int>) -> Range<Int> {
        let lower = min(max(range.lowerBound, 0), cols)
        return lower..<max(lower, min(range.upperBound, cols))
    }

    /// Stores `cell` (and its continuation when wide) after blanking any wide character that the
    /// new cells would cut in half. The caller guarantees the cell fits in the row.
    private mutating func put(_ cell: Cell, row: Int, col: Int) {
        guard contains(row: row, col: col) else { return }
        let span = max(Int(cell.width), 1)
        let start = row * cols
        if cells[start + col].isContinuation, col > 0 {
            cells[start + col - 1] = Cell(style: cells[start + col - 1].style)
        }
        let last = col + span - 1
        if cells[start + last].width == 2, last + 1 < cols {
            cells[start + last + 1] = Cell(style: cells[start + last + 1].style)
        }
        cells[start + col] = cell
        if span == 2 {
            cells[start + col + 1] = Cell(text: "", width: 0, style: cell.style)
        }
    }
}
