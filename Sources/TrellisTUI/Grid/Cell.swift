/// One screen cell of the off-screen grid.
///
/// `text` is one printable grapheme cluster (already sanitised: never a control or escape
/// character). A double-width cluster occupies its cell with `width == 2`; the cell to its right
/// is a continuation cell with `text == ""` and `width == 0`.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var width: UInt8
    public var style: CellStyle

    public init(text: String = " ", width: UInt8 = 1, style: CellStyle = .plain) {
        self.text = text
        self.width = width
        self.style = style
    }

    public static let blank = Cell()

    /// Whether this is the right half of a double-width character.
    public var isContinuation: Bool { width == 0 }
}
