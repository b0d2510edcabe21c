import CNcurses

/// One cell of the current ncurses screen, read back with `mvwin_wch` + `getcchar`.
struct ScreenCell: Equatable {
    var text: String
    /// Attributes without the colour pair.
    var attributes: attr_t
    var pair: Int16

    init(row: Int, col: Int) {
        var cchar = cchar_t()
        mvwin_wch(trellis_stdscr(), Int32(row), Int32(col), &cchar)
        var chars = [wchar_t](repeating: 0, count: Int(CCHARW_MAX) + 1)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        getcchar(&cchar, &chars, &attributes, &pair, nil)
        let scalars = chars.prefix { $0 != 0 }.compactMap { Unicode.Scalar(UInt32($0)) }
        text = String(String.UnicodeScalarView(scalars))
        self.attributes = attributes & ~(attr_t(0xFF) << 8)   // without A_COLOR, the pair bits
        self.pair = pair
    }

    /// The (foreground, background) colour numbers of the cell's pair; -1 is the default colour.
    var colors: (foreground: Int16, background: Int16) {
        var foreground: Int16 = 0
        var background: Int16 = 0
        pair_content(pair, &foreground, &background)
        return (foreground, background)
    }
}

/// The texts of a row of the current ncurses screen.
func screenRow(_ row: Int, cols: Int) -> [String] {
    (0..<cols).map { ScreenCell(row: row, col: $0).text }
}
