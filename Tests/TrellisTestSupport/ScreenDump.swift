import Foundation
import Testing
import TrellisTUI

/// The off-screen grid as text a reviewer can read in a diff (after tig's test dumps): the
/// size, a column ruler, every row's text, then every row's runs of styled cells.
///
/// ```
/// 80×24
///    │0         1         2
///    │012345678901234567890123…
///  0 │ Trellis · database · 3 documents · filter: all
///  …
/// styles (row: first-last column, colours and attributes; unstyled cells left out)
///  0: 0-46 bold
///  3: 46 red bold, 52-79 dim
/// ```
///
/// A wide character takes two columns but one character of its row's text.
public enum ScreenDump {
    public static func of(_ grid: Grid) -> String {
        let label = { (row: Int) in String(repeating: " ", count: String(grid.rows - 1).count - String(row).count) + String(row) }
        let margin = String(repeating: " ", count: label(0).count + 1)
        var lines = ["\(grid.cols)×\(grid.rows)"]
        let tens = (0..<grid.cols).map { $0 % 10 == 0 ? String($0 / 10 % 10) : " " }.joined()
        lines.append(margin + "│" + tens.replacingOccurrences(of: " +$", with: "", options: .regularExpression))
        lines.append(margin + "│" + String((0..<grid.cols).map { Character(String($0 % 10)) }))
        lines += (0..<grid.rows).map { "\(label($0)) │\(grid.text(row: $0))" }
        lines.append("styles (row: first-last column, colours and attributes; unstyled cells left out)")
        for row in 0..<grid.rows {
            let runs = styleRuns(of: grid, row: row)
            if !runs.isEmpty { lines.append("\(label(row)): " + runs.joined(separator: ", ")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Runs of neighbouring cells of one style, as `first-last style` (`first style` for one cell).
    private static func styleRuns(of grid: Grid, row: Int) -> [String] {
        guard grid.cols > 0 else { return [] }
        var runs: [String] = []
        var start = 0
        for column in 1...grid.cols {
            let style = grid[row, start].style
            guard column == grid.cols || grid[row, column].style != style else { continue }
            if style != .plain {
                runs.append((column - 1 == start ? "\(start)" : "\(start)-\(column - 1)") + " " + describe(style))
            }
            start = column
        }
        return runs
    }

    /// `cyan`, `white on red bold`, `underline dim`…
    private static func describe(_ style: CellStyle) -> String {
        var words: [String] = []
        if style.foreground != .default { words.append("\(style.foreground)") }
        if style.background != .default { words.append("on \(style.background)") }
        let attributes: [(TextAttributes, String)] = [(.bold, "bold"), (.dim, "dim"), (.italic, "italic"), (.underline, "underline"), (.reverse, "reverse")]
        words += attributes.filter { style.attributes.contains($0.0) }.map(\.1)
        return words.joined(separator: " ")
    }
}

extension TestApp {
    /// Expects the screen to be the golden file `Tests/Golden/screens/NAME.txt` (a ``ScreenDump``).
    public func expectScreen(_ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        Golden.expect(ScreenDump.of(grid), matches: "screens/\(name).txt", sourceLocation: sourceLocation)
    }
}
