import TrellisCore
import TrellisModel

/// `e` / `E`: the next or previous schema problem, wrapping round the document. On a long
/// document the window's problems come first; beyond them the windows that follow (or precede)
/// are read and validated one at a time while no key waits (``ProblemScan``), round the ends, and
/// the window around the problem found is loaded (`Landing.problem`).
enum ProblemCommands {
    /// `e` / `E`, `count` times (on a long document, within the window, then once beyond it).
    static func move(forward: Bool, count: Int, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard let window = document.stored.window else {
            for _ in 0..<max(1, count) { moveInWhole(forward: forward, document: &document, state: &state) }
            return []
        }
        if document.problemScan != nil {
            state.message = StatusMessage("still looking for a problem… (any other key stops)")
            return []
        }
        guard document.stored.record.problemCount > 0 || !document.violations.isEmpty else {
            state.message = StatusMessage("no schema problems in this document")
            return []
        }
        let problems = document.violations
        let here = document.currentSpan?.start ?? 0
        // Where the walk starts, as (start, end) in the window: the problem jumped to last, else the current span.
        var from = document.problemFocus.flatMap { problems.indices.contains($0) ? ProblemPlace(problems[$0].range) : nil }
            ?? (forward ? ProblemPlace(here - 1, Int.max) : ProblemPlace(here, Int.min))
        for step in 0..<max(1, count) {
            let next = forward
                ? problems.firstIndex { ProblemPlace($0.range) > from || (step == 0 && document.problemFocus == nil && ($0.spanIndex ?? -1) == document.current) }
                : problems.lastIndex { ProblemPlace($0.range) < from }
            guard let next else {
                let base = window.text.lowerBound
                let origin = ProblemPlace(base + from.start, from.end == Int.max || from.end == Int.min ? from.end : base + from.end)
                document.problemScan = ProblemScan(forward: forward, origin: origin,
                                                   near: forward ? window.text.upperBound : max(0, window.text.lowerBound - 1), length: window.length)
                if forward ? window.atEnd : window.atStart { document.problemScan?.goRound() }
                state.message = document.problemScan?.message
                return []
            }
            from = ProblemPlace(problems[next].range)
            focus(next, wrapped: false, forward: forward, document: &document, state: &state)
        }
        return []
    }

    /// A window read for the walk arrived: its first problem past where the walk started (its
    /// last before, going back) is landed on; else the walk goes on to the next window, round
    /// the document's ends, and ends where it started.
    static func scanned(_ part: StoredDocument, near: Int, state: inout AppState) -> [Effect] {
        guard var document = state.document, document.stored.record.id == part.record.id, var scan = document.problemScan, scan.near == near,
              let window = part.window else { return [] }
        defer { state.document = document }
        let base = window.text.lowerBound
        let places = Validator(schema: state.schema).violations(in: part.annotated).map { ProblemPlace($0.range, base: base) }
        let candidates = places.filter { place in
            switch (scan.forward, scan.wrapped) {
            case (true, false): place > scan.origin
            case (true, true): place <= scan.origin
            case (false, false): place < scan.origin
            case (false, true): place >= scan.origin
            }
        }
        if let found = scan.forward ? candidates.first : candidates.last {
            document.problemScan = nil
            state.message = StatusMessage("found a problem further on; loading its part of the document…")
            state.landing = .problem(at: found, forward: scan.forward, wrapped: scan.wrapped)
            return [.loadWindow(documentID: part.record.id, near: found.start)]
        }
        let passed = scan.wrapped && (scan.forward ? window.text.upperBound > scan.origin.start : window.text.lowerBound <= scan.origin.start)
        if passed || (scan.wrapped && (scan.forward ? window.atEnd : window.atStart)) {
            document.problemScan = nil
            state.message = StatusMessage("no schema problems found in this document (its kept count says \(document.stored.record.problemCount))")
            return []
        }
        scan.near = scan.forward ? window.text.upperBound : max(0, window.text.lowerBound - 1)
        if scan.forward ? window.atEnd : window.atStart { scan.goRound() }
        document.problemScan = scan
        state.message = scan.message
        return []
    }

    /// The window around a problem found beyond the last one arrived: the problem becomes the focus.
    static func landed(at place: ProblemPlace, forward: Bool, wrapped: Bool, document: inout DocumentScreen, state: inout AppState) {
        let base = document.base
        let problems = document.violations
        guard let index = problems.firstIndex(where: { ProblemPlace($0.range, base: base) >= place }) else { return }
        focus(index, wrapped: wrapped, forward: forward, document: &document, state: &state)
    }

    /// Problem `index` of the text shown becomes the focus, its span current.
    private static func focus(_ index: Int, wrapped: Bool, forward: Bool, document: inout DocumentScreen, state: inout AppState) {
        let problems = document.violations
        document.problemFocus = index
        if let span = problems[index].spanIndex { document.current = span }
        let problem = problems[index]
        var hint = problem.kind == .untaggedText ? " (\(state.keymap.hint(for: .insert)) makes it a span)" : ""
        if problem.kind == .bannedTransition, let second = problem.spanIndex, let first = SpanNesting.sibling(before: second, in: document.annotated.spans),
           document.annotated.spans[first].label == document.annotated.spans[second].label {
            hint = " (press \(state.keymap.hint(for: .merge)))"
        }
        let round = wrapped ? (forward ? " (from the top)" : " (from the bottom)") : ""
        let which = document.stored.window == nil
            ? "problem \(index + 1) of \(problems.count)"
            : "problem \(index + 1) of \(problems.count) here\(round)"
        state.message = StatusMessage("\(which): \(problem.message)\(hint)", isError: true)
    }

    /// `e` / `E` once in a document shown whole: the next problem, wrapping round.
    private static func moveInWhole(forward: Bool, document: inout DocumentScreen, state: inout AppState) {
        let problems = document.violations
        guard !problems.isEmpty else {
            state.message = StatusMessage("no schema problems in this document")
            return
        }
        let next: Int
        if let focus = document.problemFocus {
            next = (focus + (forward ? 1 : problems.count - 1)) % problems.count
        } else {
            // The first problem from here on, one that starts where the current span does included.
            let here = document.currentSpan?.start ?? 0
            next = forward
                ? problems.firstIndex { $0.range.lowerBound >= here || ($0.spanIndex ?? -1) == document.current } ?? 0
                : problems.lastIndex { $0.range.lowerBound < here } ?? problems.count - 1
        }
        focus(next, wrapped: false, forward: forward, document: &document, state: &state)
    }
}

/// The walk of a long document's windows for a schema problem beyond the window shown (`e` /
/// `E`), a window at a time while no key waits: from the window after (or before) the one shown
/// to the document's end (or start), then round from the other end back to where it started.
public struct ProblemScan: Hashable, Sendable {
    public var forward: Bool
    /// Where the walk started, in the document: the problem jumped from, or just before (after)
    /// the current span's start.
    public var origin: ProblemPlace
    /// The document offset of the window to read next.
    public var near: Int
    public var length: Int
    public var wrapped = false

    init(forward: Bool, origin: ProblemPlace, near: Int, length: Int) {
        self.forward = forward
        self.origin = origin
        self.near = near
        self.length = length
    }

    /// Past an end: on from the other end.
    mutating func goRound() {
        wrapped = true
        near = forward ? 0 : length
    }

    var message: StatusMessage {
        let percent = min(99, near * 100 / max(1, length))
        return StatusMessage("looking for the \(forward ? "next" : "previous") problem\(wrapped ? " from the \(forward ? "top" : "bottom")" : "")… at \(percent)% (any key stops)")
    }
}

/// Where a problem lies in the document, in the order of the validator's problems (by start, then end).
public struct ProblemPlace: Hashable, Sendable, Comparable {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = end
    }

    init(_ range: Range<Int>, base: Int = 0) {
        self.init(range.lowerBound + base, range.upperBound + base)
    }

    public static func < (left: ProblemPlace, right: ProblemPlace) -> Bool {
        (left.start, left.end) < (right.start, right.end)
    }
}
