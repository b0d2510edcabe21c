import TrellisCore
import TrellisModel

/// A search in the open document's text (`/`, then `n` / `N`): the query while it is typed,
/// then every match of the text shown (code-point ranges, in order: the whole document, or the
/// window of a long one) and the one last jumped to; on a long document, the search of the rest of
/// it while one goes on.
public struct TextSearch: Hashable, Sendable {
    /// The query being typed, until Enter.
    public var input: LineEditor?
    public var query = ""
    public var matches: [Range<Int>] = []
    /// The match last jumped to, while it is the focus.
    public var focus: Int?
    /// The search of a long document beyond its window, while it goes on.
    public var scan: TextScan?

    /// Every non-overlapping occurrence of `query` in `text`, ignoring case (``TextMatcher``'s
    /// rule), found once when the search starts or a window arrives, never per key.
    public static func matches(of query: String, in text: [Unicode.Scalar]) -> [Range<Int>] {
        TextMatcher(query).matches(in: text)
    }

    /// The index of the first match starting after `offset` (forward) or before it, wrapping
    /// round (unless `wrapping` is false); `nil` when there is none. Binary search: the cost does
    /// not grow with the document.
    public func match(after offset: Int, forward: Bool, wrapping: Bool = true) -> Int? {
        guard !matches.isEmpty else { return nil }
        var low = 0, high = matches.count
        while low < high {
            let middle = (low + high) / 2
            if forward ? matches[middle].lowerBound <= offset : matches[middle].lowerBound < offset { low = middle + 1 } else { high = middle }
        }
        if forward { return low < matches.count ? low : wrapping ? 0 : nil }
        return low > 0 ? low - 1 : wrapping ? matches.count - 1 : nil
    }

    /// The index of the first match that ends after `offset`, for drawing from a line's start.
    func firstMatch(endingAfter offset: Int) -> Int {
        var low = 0, high = matches.count
        while low < high {
            let middle = (low + high) / 2
            if matches[middle].upperBound <= offset { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Keys of the document's text search: typing the query, then jumping between matches.
enum SearchCommands {
    /// `/`: starts typing a query (the last one is offered again).
    static func start(document: inout DocumentScreen, state: inout AppState) {
        var search = document.search ?? TextSearch()
        search.input = LineEditor(search.query)
        document.search = search
    }

    /// A key while the query is typed: Enter finds every match and jumps to the first after the
    /// current span's start; Esc cancels.
    static func type(_ key: KeyPress, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard var search = document.search, var input = search.input else { return [] }
        switch input.handle(key) {
        case .editing:
            search.input = input
            document.search = search
            return []
        case .cancelled:
            search.input = nil
            document.search = search.query.isEmpty ? nil : search
            state.message = StatusMessage("search cancelled")
            return []
        case .done(let query):
            guard !query.isEmpty else {
                document.search = nil
                state.message = StatusMessage("search cleared")
                return []
            }
            let matches = TextSearch.matches(of: query, in: document.annotated.scalars)
            // A long document is searched beyond its window even when the window has no match.
            guard !matches.isEmpty || document.stored.window != nil else {
                document.search = nil
                state.message = StatusMessage("“\(query)” is not in this document", isError: true)
                return []
            }
            document.search = TextSearch(input: nil, query: query, matches: matches, focus: nil)
            return go(forward: true, from: document.currentSpan.map { $0.start - 1 } ?? -1, document: &document, state: &state)
        }
    }

    /// `n` / `N`: the next or previous match, `count` times, wrapping round the document.
    static func next(forward: Bool, count: Int, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard let search = document.search, !search.matches.isEmpty || document.stored.window != nil else {
            state.message = StatusMessage("no search: \(state.keymap.hint(for: .find)) searches the text")
            return []
        }
        if search.scan != nil {
            state.message = StatusMessage("still searching “\(search.query)”… (any other key stops)")
            return []
        }
        let start = document.currentSpan?.start ?? 0
        var from = search.focus.map { search.matches[$0].lowerBound } ?? (forward ? start - 1 : start)
        for _ in 1..<max(1, count) {
            guard let index = search.match(after: from, forward: forward, wrapping: document.stored.window == nil) else { break }
            from = search.matches[index].lowerBound
        }
        return go(forward: forward, from: from, document: &document, state: &state)
    }

    /// The match after (or before) the offset `from` of the text shown: in a whole document
    /// wrapping round; in a window of a long one the next there, else the search goes on in the
    /// rest of the document (``TextScan``), wrapping round its ends.
    private static func go(forward: Bool, from: Int, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard var search = document.search else { return [] }
        guard let window = document.stored.window else {
            return jump(to: search.match(after: from, forward: forward)!, forward: forward, document: &document, state: &state)
        }
        if let index = search.match(after: from, forward: forward, wrapping: false) {
            return jump(to: index, forward: forward, wrapped: false, document: &document, state: &state)
        }
        search.scan = TextScan(forward: forward, origin: window.text.lowerBound + (forward ? from + 1 : from), length: window.length)
        document.search = search
        state.message = search.scan!.message(query: search.query)
        return []
    }

    /// A step of the search of a long document answered: a match in the window is jumped to, one
    /// beyond it loads the window around it (`Landing.textMatch`); past the document's end the
    /// search goes round from its other end, and once back where it started there is none.
    static func searched(_ step: TextFindStep, of query: String, in documentID: Int64, within range: Range<Int>, state: inout AppState) -> [Effect] {
        guard var document = state.document, document.stored.record.id == documentID, var search = document.search, search.query == query,
              var scan = search.scan, scan.rest == range, let window = document.stored.window else { return [] }
        defer { state.document = document }
        switch step {
        case .found(let match):
            search.scan = nil
            document.search = search
            let local = match.lowerBound - window.text.lowerBound
            if match.lowerBound >= window.text.lowerBound, match.upperBound <= window.text.upperBound,
               let index = search.matches.firstIndex(where: { $0.lowerBound == local }) {
                return jump(to: index, forward: scan.forward, wrapped: scan.wrapped, document: &document, state: &state)
            }
            state.message = StatusMessage("“\(query)”: found further on; loading its part of the document…")
            state.landing = .textMatch(at: match.lowerBound, forward: scan.forward, wrapped: scan.wrapped)
            return [.loadWindow(documentID: documentID, near: match.lowerBound)]
        case .searched(let rest):
            scan.searched += range.count - rest.count
            scan.rest = rest
            if rest.isEmpty, !scan.wrapped {
                scan.wrapped = true
                scan.rest = scan.forward ? 0..<scan.origin : scan.origin..<scan.length
            } else if rest.isEmpty {
                document.search = nil
                state.message = StatusMessage("“\(query)” is not in this document", isError: true)
                return []
            }
            search.scan = scan
            document.search = search
            state.message = scan.message(query: query)
            return []
        }
    }

    /// A window loaded around a match found beyond the last one (`Landing.textMatch`): the match
    /// becomes the focus.
    static func landed(at offset: Int, forward: Bool, wrapped: Bool, document: inout DocumentScreen, state: inout AppState) {
        guard let search = document.search, let index = search.matches.firstIndex(where: { document.base + $0.lowerBound >= offset }) else { return }
        _ = jump(to: index, forward: forward, wrapped: wrapped, document: &document, state: &state)
    }

    /// Makes match `index` the focus and the innermost span holding it current; `wrapped` says
    /// whether the search went round the document's end (else it is worked out from the focus).
    private static func jump(to index: Int, forward: Bool, wrapped: Bool? = nil, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard var search = document.search else { return [] }
        let previous = search.focus
        search.focus = index
        document.search = search
        let match = search.matches[index]
        let wentRound = wrapped ?? previous.map { forward ? index <= $0 : index >= $0 } ?? false
        let round = wentRound ? (forward ? " (from the top)" : " (from the bottom)") : ""
        if let window = document.stored.window {
            let percent = (window.text.lowerBound + match.lowerBound) * 100 / max(1, window.length)
            state.message = StatusMessage("“\(search.query)”: match \(index + 1) of \(search.matches.count) here, \(percent)% in\(round)")
        } else {
            state.message = StatusMessage("“\(search.query)”: match \(index + 1) of \(search.matches.count)\(round)")
        }
        document.problemFocus = nil
        guard let span = innermostSpan(containing: match.lowerBound, in: document.annotated.spans) else { return [] }
        document.current = span
        return [.rememberPosition(document.position(at: span))]
    }

    /// The deepest span containing `offset`: the last span starting at or before it, or one of
    /// its ancestors (spans are in document order: by start, outer first).
    static func innermostSpan(containing offset: Int, in spans: [Span]) -> Int? {
        var low = 0, high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].start <= offset { low = middle + 1 } else { high = middle }
        }
        var index = low - 1
        while index >= 0 {
            if spans[index].end > offset { return index }
            // A top-level span that ends before `offset` hides every earlier one.
            if spans[index].depth == 0 { return nil }
            index -= 1
        }
        return nil
    }
}

/// The search of a long document's text beyond the window shown, a step (about ``budget`` code
/// points, half a piece of the text as the SQLite store keeps it) at a time while no key waits: from
/// `origin` to the document's end (forward) or start, then round from the other end back to
/// `origin`.
public struct TextScan: Hashable, Sendable {
    /// Code points a step of the search reads: about 2 ms on this machine (3 on a busy one),
    /// which is the most a key waits behind the search.
    public static let budget = 1 << 17

    public var forward: Bool
    /// Where the search started, in the document's text.
    public var origin: Int
    /// The code points of the whole text.
    public var length: Int
    /// What is left to search before going round (or, once `wrapped`, in all).
    public var rest: Range<Int>
    public var wrapped = false
    /// Code points searched so far.
    public var searched = 0

    public init(forward: Bool, origin: Int, length: Int) {
        self.forward = forward
        self.origin = min(max(0, origin), length)
        self.length = length
        rest = forward ? self.origin..<length : 0..<self.origin
    }

    /// The status line while the search goes on.
    func message(query: String) -> StatusMessage {
        StatusMessage("searching “\(query)” in the rest of the document… \(min(99, searched * 100 / max(1, length)))% (any key stops)")
    }
}
