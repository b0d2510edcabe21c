/// How many problems of one line (or one stored document) are reported in full. The rest are
/// counted in one last report, "… and 15,997 more problems on this line", so that checking and
/// reporting stay linear in the input however broken it is (placing a problem at its column
/// reads the line up to it).
public enum ProblemLimit {
    /// Problems reported in full per line or per document.
    public static let perLine = 20

    /// The report that stands for `count` problems left out, `where` being "on this line" or
    /// "in this document".
    public static func more(_ count: Int, _ place: String) -> String {
        "… and \(grouped(count)) more problem\(count == 1 ? "" : "s") \(place)"
    }

    /// The report ending an import line's problems that stands for `count` more, left out.
    static func leftOut(_ count: Int, line: Int, column: Int, documentID: String?) -> ImportProblem {
        ImportProblem(line: line, column: column, message: more(count, "on this line"), documentID: documentID, leftOut: count)
    }

    /// `15997` as `15,997`.
    public static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = number < 0 ? "-" : ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}

/// The problems of one import line as they are found: the first `ProblemLimit.perLine` placed
/// at their column and kept, the others only counted (their messages never built).
struct LineProblems {
    let line: Int
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var kept: [ImportProblem] = []
    /// Problems found, kept or not.
    private(set) var count = 0
    /// Where the first problem left out is, to place the report that counts them.
    private var firstLeftOut: Int?

    init(line: Int, bytes: UnsafeBufferPointer<UInt8>) {
        self.line = line
        self.bytes = bytes
    }

    var isEmpty: Bool { count == 0 }

    mutating func add(_ message: @autoclosure () -> String, byteOffset: @autoclosure () -> Int, id: String?) {
        count += 1
        guard kept.count < ProblemLimit.perLine else {
            if firstLeftOut == nil { firstLeftOut = byteOffset() }
            return
        }
        kept.append(ImportProblem(line: line, column: JSONParser.column(ofByteOffset: byteOffset(), in: bytes), message: message(), documentID: id))
    }

    mutating func add(_ message: @autoclosure () -> String, at node: JSONNode, id: String?) {
        add(message(), byteOffset: node.range.lowerBound, id: id)
    }

    /// Counts `extra` problems found but not even described (a parser keeps only its first
    /// errors), placed, when none was left out before, at `byteOffset`.
    mutating func count(_ extra: Int, byteOffset: @autoclosure () -> Int) {
        guard extra > 0 else { return }
        count += extra
        if firstLeftOut == nil { firstLeftOut = byteOffset() }
    }

    /// The problems kept, then one counting those left out.
    func reported(id: String?) -> [ImportProblem] {
        guard let firstLeftOut else { return kept }
        return kept + [ProblemLimit.leftOut(count - kept.count, line: line, column: JSONParser.column(ofByteOffset: firstLeftOut, in: bytes), documentID: id)]
    }
}
