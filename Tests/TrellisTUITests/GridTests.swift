import Testing
@testable import TrellisTUI

@Suite struct GridTests {
    @Test func blankGrid() {
        let grid = Grid(rows: 2, cols: 3)
        #expect(grid.cells.count == 6)
        #expect(grid.text == "\n")
        #expect(grid[1, 2] == .blank)
    }

    @Test func colourNamesFromSchemaFilesParse() {
        for colour in TermColor.allCases {
            #expect(TermColor(name: "\(colour)") == colour)
            #expect(TermColor(name: "\(colour)".uppercased()) == colour)
        }
        #expect(TermColor(name: "purple") == nil)
        #expect(TermColor(name: "") == nil)
    }

    @Test func emptyAndOutOfRangeNeverCrash() {
        var empty = Grid(rows: 0, cols: 0)
        #expect(empty.write("abc", row: 0, col: 0) == 0)
        empty.fill(row: 0, cols: 0..<5, with: .plain)
        empty.restyle(row: 0, cols: 0..<5) { $0.attributes.insert(.bold) }
        #expect(empty.text == "")
        #expect(empty[3, 3] == .blank)

        var grid = Grid(rows: 2, cols: 4)
        grid.write("x", row: -1, col: 0)
        grid.write("x", row: 2, col: 0)
        grid.write("x", row: 0, col: 9)
        grid.fill(row: 0, cols: -3..<(-1), with: .plain)
        grid.restyle(row: 5, cols: 0..<4) { $0.attributes.insert(.bold) }
        #expect(grid == Grid(rows: 2, cols: 4))
        #expect(Grid(rows: -1, cols: 5).cells.isEmpty)
    }

    @Test func mixedTextLandsInCells() {
        var grid = Grid(rows: 1, cols: 12)
        let end = grid.write("a日e\u{301}😀b", row: 0, col: 1)
        #expect(end == 8)
        let texts = (0..<9).map { grid[0, $0].text }
        #expect(texts == [" ", "a", "日", "", "e\u{301}", "😀", "", "b", " "])
        let widths = (0..<9).map { grid[0, $0].width }
        #expect(widths == [1, 1, 2, 0, 1, 2, 0, 1, 1])
        #expect(grid.text(row: 0) == " a日e\u{301}😀b")
    }

    @Test func styleIsApplied() {
        var grid = Grid(rows: 1, cols: 4)
        let red = CellStyle(foreground: .red, attributes: .bold)
        grid.write("日x", row: 0, col: 0, style: red)
        #expect(grid.cells.map(\.style) == [red, red, red, .plain])
    }

    @Test func clipsAtLimitAndReplacesSplitWideCharacterBySpace() {
        var grid = Grid(rows: 1, cols: 10)
        let end = grid.write("ab日本", row: 0, col: 0, limit: 5)
        #expect(end == 5)
        #expect(grid.text(row: 0) == "ab日")
        #expect(grid[0, 4] == Cell(text: " ", width: 1))

        var edge = Grid(rows: 1, cols: 3)
        #expect(edge.write("a日", row: 0, col: 1) == 3)
        #expect(edge.text(row: 0) == " a")
        #expect(edge.cells.allSatisfy { $0.width == 1 })

        var limited = Grid(rows: 1, cols: 4)
        #expect(limited.write("abcdef", row: 0, col: 0, limit: 99) == 4)
        #expect(limited.text == "abcd")
    }

    @Test func negativeColumnSkipsAndBlanksHalfVisibleWideCharacter() {
        var grid = Grid(rows: 1, cols: 4)
        #expect(grid.write("日本x", row: 0, col: -1) == 4)
        #expect(grid.cells.map(\.text) == [" ", "本", "", "x"])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = Grid(rows: 1, cols: 6)
        grid.write("日本語", row: 0, col: 0)
        grid.write("x", row: 0, col: 1)          // right half of 日
        grid.write("y", row: 0, col: 2)          // left half of 本
        #expect(grid.cells.map(\.text) == [" ", "x", "y", " ", "語", ""])
        grid.write("字", row: 0, col: 3)         // straddles 語's left half
        #expect(grid.cells.map(\.text) == [" ", "x", "y", "字", "", " "])
        #expect(grid.cells.map(\.width) == [1, 1, 1, 2, 0, 1])
    }

    @Test func fillBlanksAndCleansWideEdges() {
        var grid = Grid(rows: 1, cols: 6)
        grid.write("日本語", row: 0, col: 0)
        let blue = CellStyle(background: .blue)
        grid.fill(row: 0, cols: 1..<3, with: blue)
        #expect(grid.cells.map(\.text) == [" ", " ", " ", " ", "語", ""])
        #expect(grid.cells.map(\.style) == [.plain, blue, blue, .plain, .plain, .plain])
    }

    @Test func restyleKeepsText() {
        var grid = Grid(rows: 2, cols: 5)
        grid.write("日ab", row: 1, col: 0)
        grid.restyle(row: 1, cols: -2..<99) { $0.attributes.insert(.reverse) }
        #expect(grid.text == "\n日ab")
        #expect(grid.cells[5...].allSatisfy { $0.style.attributes == .reverse })
        #expect(grid.cells[..<5].allSatisfy { $0.style == .plain })
    }

    @Test func textTrimsEachRow() {
        var grid = Grid(rows: 3, cols: 5)
        grid.write("a b", row: 0, col: 0)
        grid.write("c", row: 2, col: 4)
        #expect(grid.text == "a b\n\n    c")
        #expect(grid.text(row: 7) == "")
    }

    @Test(arguments: ["\u{1B}]0;pwned\u{07}", "\u{1B}[31mred\u{1B}[0m", "\u{202E}evil", "a\u{9B}2J\u{7F}", "x\r\ny\u{200B}\u{2066}", "\u{200D}\u{FE0F}\u{301}"])
    func hostileTextBecomesVisiblePlaceholders(hostile: String) {
        var grid = Grid(rows: 1, cols: 40)
        grid.write(hostile, row: 0, col: 0)
        for cell in grid.cells {
            #expect(cell.text.unicodeScalars.allSatisfy(isShowable), "cell \(cell.text.unicodeScalars.map { $0.value })")
        }
        #expect(grid.text(row: 0).count >= hostile.count - 1)
    }

    @Test func escapeSequencesShowAsControlPictures() {
        var grid = Grid(rows: 2, cols: 20)
        grid.write("\u{1B}]0;pwned\u{07}", row: 0, col: 0)
        grid.write("\u{1B}[31m\u{202E}x", row: 1, col: 0)
        #expect(grid.text == "␛]0;pwned␇\n␛[31m⇄x")
    }

    private func isShowable(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        let bidi: Set<UInt32> = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]
        return value >= 0x20 && !(0x7F...0x9F).contains(value) && !bidi.contains(value)
    }
}
