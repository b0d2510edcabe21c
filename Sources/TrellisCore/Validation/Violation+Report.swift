extension Violation {
    /// The violation as import and validate report it for an input document: kind, message, and
    /// where it is in the plain text (offset, and `position`, its line and column).
    public func report(at position: TextPosition) -> String {
        "\(kind.rawValue): \(message) (plain text offset \(range.lowerBound), text line \(position.line) column \(position.column))"
    }
}
