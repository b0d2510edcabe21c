import CNcurses
import Glibc
import Testing
import TrellisTUI
@testable import TrellisTerminal

/// ncurses has one current screen per process, so these tests run one at a time.
@Suite(.serialized) struct TerminalTests {
    @Test func drawsWideCharactersEmojiAndCombiningMarksInPlace() throws {
        let terminal = Terminal()
        try terminal.startHeadless(rows: 4, cols: 12)
        defer { terminal.stop() }
        #expect(terminal.size == (4, 12))

        var grid = Grid(rows: 4, cols: 12)
        grid.write("a日本e\u{301}😀b", row: 1, col: 0)
        grid.write("\u{1B}[31m", row: 2, col: 0)
        terminal.draw(grid)

        // The second cell of a wide character reads back as the same character.
        #expect(screenRow(1, cols: 10) == ["a", "日", "日", "本", "本", "e\u{301}", "😀", "😀", "b", " "])
        #expect(screenRow(2, cols: 5) == ["␛", "[", "3", "1", "m"])
    }

    @Test func secondDrawOnlyTouchesChangedCellsUnlessAllAreToBeRepainted() throws {
        let terminal = Terminal()
        try terminal.startHeadless(rows: 3, cols: 10)
        defer { terminal.stop() }

        var grid = Grid(rows: 3, cols: 10)
        grid.write("日本 text", row: 0, col: 0)
        terminal.draw(grid)
        #expect(terminal.cellsWrittenLastDraw == 28)   // 30 cells, 2 of them continuations

        terminal.draw(grid)
        #expect(terminal.cellsWrittenLastDraw == 0)

        grid.write("X", row: 2, col: 9)
        terminal.draw(grid)
        #expect(terminal.cellsWrittenLastDraw == 1)
        #expect(ScreenCell(row: 2, col: 9).text == "X")
        #expect(screenRow(0, cols: 4) == ["日", "日", "本", "本"])

        grid.write("ab", row: 0, col: 0)               // replaces 日 by two narrow cells
        terminal.draw(grid)
        #expect(terminal.cellsWrittenLastDraw == 2)
        #expect(screenRow(0, cols: 4) == ["a", "b", "本", "本"])

        terminal.repaintAll()                          // the redraw key: every cell again, once
        terminal.draw(grid)
        #expect(terminal.cellsWrittenLastDraw == 29)
        terminal.draw(grid)
        #expect(terminal.cellsWrittenLastDraw == 0)
    }

    @Test func differentSizeOrResizeRedrawsEverything() throws {
        let terminal = Terminal()
        try terminal.startHeadless(rows: 3, cols: 10)
        defer { terminal.stop() }
        terminal.draw(Grid(rows: 3, cols: 10))
        terminal.draw(Grid(rows: 2, cols: 10))
        #expect(terminal.cellsWrittenLastDraw == 20)

        resizeterm(5, 20)
        #expect(terminal.readKey(timeoutMilliseconds: 0) == .resize)
        #expect(terminal.size == (5, 20))
        terminal.draw(Grid(rows: 2, cols: 10))
        #expect(terminal.cellsWrittenLastDraw == 20)
        #expect(terminal.readKey(timeoutMilliseconds: 0) == nil)
    }

    @Test func clipsGridsLargerThanTheScreen() throws {
        let terminal = Terminal()
        try terminal.startHeadless(rows: 2, cols: 5)
        defer { terminal.stop() }
        var grid = Grid(rows: 4, cols: 10)
        grid.write("abcd日本", row: 1, col: 0)
        terminal.draw(grid)
        #expect(terminal.cellsWrittenLastDraw == 10)
        #expect(screenRow(1, cols: 5) == ["a", "b", "c", "d", " "])
    }

    @Test func coloursAndAttributesMap() throws {
        let terminal = Terminal()
        try terminal.startHeadless(rows: 2, cols: 10)
        defer { terminal.stop() }
        #expect(terminal.hasColors)

        var grid = Grid(rows: 2, cols: 10)
        grid.write("r", row: 0, col: 0, style: CellStyle(foreground: .red, background: .blue, attributes: [.bold, .underline]))
        grid.write("y", row: 0, col: 1, style: CellStyle(background: .yellow, attributes: [.reverse, .dim, .italic]))
        grid.write("p", row: 0, col: 2)
        grid.write("R", row: 0, col: 3, style: CellStyle(foreground: .red, background: .blue))
        terminal.draw(grid)

        let red = ScreenCell(row: 0, col: 0)
        #expect(red.attributes == trellis_a_bold() | trellis_a_underline())
        #expect(red.colors == (Int16(COLOR_RED), Int16(COLOR_BLUE)))
        let yellow = ScreenCell(row: 0, col: 1)
        #expect(yellow.attributes == trellis_a_reverse() | trellis_a_dim() | trellis_a_italic())
        #expect(yellow.colors == (-1, Int16(COLOR_YELLOW)))
        let plain = ScreenCell(row: 0, col: 2)
        #expect(plain.attributes == trellis_a_normal())
        #expect(plain.pair == 0)
        #expect(ScreenCell(row: 0, col: 3).pair == red.pair)
    }

    @Test func monochromeTerminalIgnoresColoursButKeepsAttributes() throws {
        let terminal = Terminal()
        try terminal.startHeadless(rows: 2, cols: 10, terminalType: "vt100")
        defer { terminal.stop() }
        #expect(!terminal.hasColors)

        var grid = Grid(rows: 2, cols: 10)
        grid.write("r", row: 0, col: 0, style: CellStyle(foreground: .red, attributes: .reverse))
        terminal.draw(grid)
        let cell = ScreenCell(row: 0, col: 0)
        #expect(cell.pair == 0)
        #expect(cell.attributes == trellis_a_reverse())
    }

    /// The cells of a one-row headless terminal after drawing `text`.
    private func drawn(_ text: String, cols: Int) throws -> [String] {
        let terminal = Terminal()
        try terminal.startHeadless(rows: 1, cols: cols)
        defer { terminal.stop() }
        var grid = Grid(rows: 1, cols: cols)
        grid.write(text, row: 0, col: 0)
        terminal.draw(grid)
        return screenRow(0, cols: cols)
    }

    @Test func emojiThatNcursesCountsNarrowIsPadded() throws {
        #expect(try drawn("☺️x👍🏽", cols: 6) == ["☺", " ", "x", "👍🏽", "👍🏽", " "])
    }

    /// s2-lab-006's 👩‍🔬 was drawn as 👩: the joiner and 🔬 never reached the terminal.
    @Test func aZWJSequenceReachesTheTerminalWholeInItsTwoColumns() throws {
        #expect(try drawn("👩\u{200D}🔬😂x", cols: 6) == ["👩\u{200D}🔬", "👩\u{200D}🔬", "😂", "😂", "x", " "])
    }

    @Test func flagIsDrawnAsItsTwoRegionalIndicators() throws {
        #expect(try drawn("🇰🇪x", cols: 4) == ["🇰", "🇪", "x", " "])
    }

    @Test func signalEndsReadKeyAndDispositionsAreRestored() throws {
        let terminal = Terminal()
        try terminal.startHeadless(rows: 2, cols: 5)
        #expect(terminal.pendingSignal == nil)
        raise(SIGTERM)
        #expect(terminal.pendingSignal == SIGTERM)
        #expect(terminal.readKey(timeoutMilliseconds: 1000) == nil)
        terminal.stop()

        var disposition = sigaction()
        sigaction(SIGTERM, nil, &disposition)
        #expect(unsafeBitCast(disposition.__sigaction_handler.sa_handler, to: Int.self) == 0)   // SIG_DFL
    }

    @Test func stopIsIdempotentAndSafeBeforeStart() throws {
        let terminal = Terminal()
        terminal.stop()
        try terminal.startHeadless(rows: 2, cols: 5)
        terminal.stop()
        terminal.stop()
        #expect(terminal.size == (0, 0))
        #expect(terminal.readKey(timeoutMilliseconds: 0) == nil)
        terminal.draw(Grid(rows: 2, cols: 5))
        #expect(terminal.cellsWrittenLastDraw == 0)
    }

    @Test func unknownTerminalTypeThrows() {
        let terminal = Terminal()
        #expect(throws: TerminalError.cannotInitialize(terminalType: "no-such-terminal")) {
            try terminal.startHeadless(rows: 2, cols: 5, terminalType: "no-such-terminal")
        }
        terminal.stop()
    }
}
