extension ImportProblem {
    /// A line longer than the limit, which is skipped without being held in memory.
    public static func lineTooLong(line: Int, byteCount: Int, limit: Int) -> ImportProblem {
        ImportProblem(line: line, column: 1, message: "line is \(byteCount) bytes, over the limit of \(limit) bytes (--max-line-bytes)")
    }
}
