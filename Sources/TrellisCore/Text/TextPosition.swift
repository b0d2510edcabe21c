/// Line and column (both 1-based, columns in code points) of an offset in plain text.
public struct TextPosition: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The position of code-point `offset` in `scalars`; lines end at `\n`.
    public init(offset: Int, in scalars: [Unicode.Scalar]) {
        var line = 1
        var lineStart = 0
        for index in 0..<min(offset, scalars.count) where scalars[index] == "\n" {
            line += 1
            lineStart = index + 1
        }
        self.init(line: line, column: offset - lineStart + 1)
    }

    public var description: String { "\(line):\(column)" }
}
