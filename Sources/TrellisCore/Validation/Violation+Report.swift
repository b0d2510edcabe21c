extension Violation {
    /// The violation as import and validate report it for an input document: kind, message, and
    /// where it is in the plain text (offset, line and column).
    public func report(in annotated: AnnotatedText) -> String {
        let position = TextPosition(offset: range.lowerBound, in: annotated.scalars)
        return "\(kind.rawValue): \(message) (plain text offset \(range.lowerBound), text line \(position.line) column \(position.column))"
    }
}
