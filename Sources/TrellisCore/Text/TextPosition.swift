/// Line and column (both 1-based, columns in code points) of an offset in plain text.
public struct TextPosition: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The positions of code-point offsets in `scalars` (lines end at `\n`), in one pass over
    /// the text, in the order given; `offsets` must be in ascending order (violations are).
    public static func positions(of offsets: [Int], in scalars: [Unicode.Scalar]) -> [TextPosition] {
        var line = 1, lineStart = 0, index = 0
        return offsets.map { offset in
            let end = min(offset, scalars.count)
            while index < end {
                if scalars[index] == "\n" {
                    line += 1
                    lineStart = index + 1
                }
                index += 1
            }
            return TextPosition(line: line, column: offset - lineStart + 1)
        }
    }

    public var description: String { "\(line):\(column)" }
}
