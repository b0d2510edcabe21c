/// What a reviewer did in one session of the review screen, counted from the writes that
/// succeeded, for the line printed on quitting.
public struct SessionSummary: Hashable, Sendable {
    /// Spans and documents the reviewer decided (a decision withdrawn in the session uncounts).
    public private(set) var spansDecided: Set<Int64> = []
    public private(set) var documentsDecided: Set<Int64> = []
    /// Span edits, undos, redos and reverts.
    public private(set) var edits = 0
    public private(set) var ratings = 0

    public init() {}

    /// Counts `effect` if what came back says it was done.
    public mutating func record(_ effect: Effect, outcome: [Action]) {
        guard !outcome.contains(where: \.isFailure) else { return }
        switch effect {
        case .saveEdit, .undo, .redo, .revert:
            edits += 1
        case .review(.decideSpan(let span, let decision), _):
            if decision == nil { spansDecided.remove(span) } else { spansDecided.insert(span) }
        case .review(.decideDocument(let decision), let document):
            if decision == nil { documentsDecided.remove(document) } else { documentsDecided.insert(document) }
        case .review(.rate(_, _, let value), _) where value != nil:
            ratings += 1
        default:
            break
        }
    }

    /// "3 documents and 14 spans decided, 5 edits, 12 ratings in 18 min 4 s"
    public func report(seconds: Int) -> String {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        let time = seconds >= 3600 ? "\(seconds / 3600) h \(seconds % 3600 / 60) min"
            : seconds >= 60 ? "\(seconds / 60) min \(seconds % 60) s" : "\(seconds) s"
        return "this session: \(count(documentsDecided.count, "document")) and \(count(spansDecided.count, "span")) decided, "
            + "\(count(edits, "edit")), \(count(ratings, "rating")) in \(time)"
    }
}

extension Action {
    /// Whether the action reports that an effect was not done.
    var isFailure: Bool {
        switch self {
        case .failed, .stopped: true
        default: false
        }
    }
}
