import CNcurses
import Glibc
import TrellisTUI

/// Puts grid cells into an ncurses window as `cchar_t`s.
struct CellPainter {
    /// nil on a monochrome terminal: colours are then ignored.
    var colorPairs: ColorPairs?

    /// Paints `cell` at (row, col) with `room` columns left on the screen row.
    ///
    /// ncurses measures a `cchar_t` by the `wcwidth` of its first character and keeps only
    /// non-spacing characters after it (at most `CCHARW_MAX`). A cluster whose spacing characters
    /// add up to the grid's width (a flag: two regional indicators of width 1) is drawn as one
    /// `cchar_t` per spacing character. A cluster whose first character is as wide as the grid
    /// says (👍🏽, a ZWJ sequence such as 👩‍🔬) is sent whole in one `cchar_t` (terminals that join
    /// it, tmux among them, draw it in those columns). Otherwise only the first is drawn (☺️, 2
    /// columns in the grid but 1 for `wcwidth`, as ☺) and padded with spaces to the grid's width,
    /// so the screen never drifts from the grid. A first
    /// character the C library does not know (`wcwidth` -1, e.g. Unicode 15 emoji with glibc 2.36)
    /// is drawn as �.
    mutating func paint(_ cell: Cell, row: Int, col: Int, room: Int, in window: UnsafeMutablePointer<WINDOW>) {
        let width = Int(cell.width)
        let (attributes, pair) = rendition(of: cell.style)
        guard width <= room else {
            put([0x20], attributes, pair, row: row, col: col, in: window)
            return
        }
        var column = col
        for piece in Self.pieces(of: cell.text, width: width) {
            put(piece.chars, attributes, pair, row: row, col: column, in: window)
            column += piece.width
        }
        for pad in column..<(col + width) {
            put([0x20], attributes, pair, row: row, col: pad, in: window)
        }
    }

    /// The `cchar_t` contents that draw `text` in at most `width` columns, with their widths.
    static func pieces(of text: String, width: Int) -> [(chars: [wchar_t], width: Int)] {
        var pieces: [(chars: [wchar_t], width: Int)] = []
        for scalar in text.unicodeScalars {
            let scalarWidth = Int(wcwidth(wchar_t(scalar.value)))
            if scalarWidth != 0 {
                pieces.append(([wchar_t(scalar.value)], scalarWidth))
            } else if !pieces.isEmpty, pieces[pieces.count - 1].chars.count < Int(CCHARW_MAX) {
                pieces[pieces.count - 1].chars.append(wchar_t(scalar.value))
            }
        }
        guard var first = pieces.first, (1...width).contains(first.width) else { return [([0xFFFD], 1)] }
        if pieces.allSatisfy({ $0.width > 0 }), pieces.reduce(0, { $0 + $1.width }) == width {
            return pieces.map { (withoutTrailingJoiners($0.chars), $0.width) }
        }
        // A ZWJ sequence (👩‍🔬) or a modified emoji (👍🏽) whose first character is as wide as the
        // cluster goes to the terminal whole, in one cell: terminals that join it draw it in
        // those columns, and ncurses counts the first character's width.
        let scalars = pieces.flatMap(\.chars)
        if pieces.count > 1, first.width == width, scalars.count <= Int(CCHARW_MAX) {
            return [(withoutTrailingJoiners(scalars), width)]
        }
        if first.width < width {
            // Asking for emoji presentation would make the terminal draw wider than ncurses counts.
            first.chars.removeAll { $0 == 0xFE0F }
        }
        return [(withoutTrailingJoiners(first.chars), first.width)]
    }

    /// A joiner left dangling could join with whatever the terminal draws next.
    private static func withoutTrailingJoiners(_ chars: [wchar_t]) -> [wchar_t] {
        var chars = chars
        while chars.count > 1 && chars.last == 0x200D { chars.removeLast() }
        return chars
    }

    private static let attributeMapping: [(TextAttributes, attr_t)] = [
        (.bold, trellis_a_bold()), (.underline, trellis_a_underline()), (.reverse, trellis_a_reverse()),
        (.dim, trellis_a_dim()), (.italic, trellis_a_italic()),
    ]

    private mutating func rendition(of style: CellStyle) -> (attr_t, Int16) {
        var attributes = trellis_a_normal()
        for (attribute, curses) in Self.attributeMapping where style.attributes.contains(attribute) {
            attributes |= curses
        }
        let pair = colorPairs?.pair(foreground: style.foreground, background: style.background) ?? 0
        return (attributes, pair)
    }

    private func put(_ chars: [wchar_t], _ attributes: attr_t, _ pair: Int16, row: Int, col: Int, in window: UnsafeMutablePointer<WINDOW>) {
        var cchar = cchar_t()
        setcchar(&cchar, chars + [0], attributes, pair, nil)
        if chars.count > 1 {
            // `setcchar` keeps only the non-spacing characters after the first; a joined cluster
            // needs every one of them (ncurses sends them all, up to `CCHARW_MAX`).
            withUnsafeMutableBytes(of: &cchar.chars) { raw in
                let slots = raw.bindMemory(to: wchar_t.self)
                for (index, char) in chars.prefix(slots.count).enumerated() { slots[index] = char }
            }
        }
        // Adding at the bottom-right corner reports ERR (the cursor cannot advance) but draws.
        mvwadd_wch(window, Int32(row), Int32(col), &cchar)
    }
}
