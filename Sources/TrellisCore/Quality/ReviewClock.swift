/// Review time per document, from the times of reviewers' actions in history: each reviewer's
/// actions in order of time, the time since their previous action (on any document) counts for
/// the document of the later one — reading before the first key press included — unless it is
/// longer than `pause`, which is a break, not review. A lower bound for a document opened and
/// left without an action.
public struct ReviewClock {
    /// Gaps longer than this many seconds are breaks.
    public static let pause = 600.0

    public private(set) var seconds: [Int64: Double] = [:]
    private var last: (reviewer: Int64, at: Double)?

    public init() {}

    /// The next action: actions come sorted by reviewer, then time.
    public mutating func add(reviewer: Int64, at time: Double, document: Int64) {
        defer { last = (reviewer, time) }
        guard let last, last.reviewer == reviewer else {
            seconds[document, default: 0] += 0
            return
        }
        let gap = time - last.at
        seconds[document, default: 0] += gap <= Self.pause && gap > 0 ? gap : 0
    }
}
