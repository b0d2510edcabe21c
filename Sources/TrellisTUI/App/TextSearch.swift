import TrellisCore

/// A search in the open document's text (`/`, then `n` / `N`): the query while it is typed,
/// then every match (code-point ranges, in order) and the one last jumped to.
public struct TextSearch: Hashable, Sendable {
    /// The query being typed, until Enter.
    public var input: LineEditor?
    public var query = ""
    public var matches: [Range<Int>] = []
    /// The match last jumped to, while it is the focus.
    public var focus: Int?

    /// Every non-overlapping occurrence of `query` in `text`, ignoring case (a scalar's simple
    /// lower-case mapping), found once when the search starts, never per key.
    public static func matches(of query: String, in text: [Unicode.Scalar]) -> [Range<Int>] {
        let needle = query.unicodeScalars.map(folded)
        guard let first = needle.first else { return [] }
        var found: [Range<Int>] = []
        var offset = 0
        let last = text.count - needle.count
        while offset <= last {
            if folded(text[offset]) == first, (1..<needle.count).allSatisfy({ folded(text[offset + $0]) == needle[$0] }) {
                found.append(offset..<(offset + needle.count))
                offset += needle.count
            } else {
                offset += 1
            }
        }
        return found
    }

    /// A scalar's simple lower-case form (ASCII without allocating).
    private static func folded(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if scalar.isASCII {
            return (65...90).contains(scalar.value) ? Unicode.Scalar(scalar.value + 32)! : scalar
        }
        let lower = scalar.properties.lowercaseMapping.unicodeScalars
        return lower.count == 1 ? lower.first! : scalar
    }

    /// The index of the first match starting after `offset` (forward) or before it, wrapping
    /// round; `nil` when there is none. Binary search: the cost does not grow with the document.
    public func match(after offset: Int, forward: Bool) -> Int? {
        guard !matches.isEmpty else { return nil }
        var low = 0, high = matches.count
        while low < high {
            let middle = (low + high) / 2
            if forward ? matches[middle].lowerBound <= offset : matches[middle].lowerBound < offset { low = middle + 1 } else { high = middle }
        }
        if forward { return low < matches.count ? low : 0 }
        return low > 0 ? low - 1 : matches.count - 1
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
            guard !matches.isEmpty else {
                document.search = nil
                state.message = StatusMessage("“\(query)” is not in this document", isError: true)
                return []
            }
            document.search = TextSearch(input: nil, query: query, matches: matches, focus: nil)
            let here = document.currentSpan.map { $0.start - 1 } ?? -1
            return jump(to: document.search!.match(after: here, forward: true)!, forward: true, document: &document, state: &state)
        }
    }

    /// `n` / `N`: the next or previous match, `count` times, wrapping round.
    static func next(forward: Bool, count: Int, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard let search = document.search, !search.matches.isEmpty else {
            state.message = StatusMessage("no search: \(state.keymap.hint(for: .find)) searches the text")
            return []
        }
        var index = search.focus
        let start = document.currentSpan?.start ?? 0
        for _ in 0..<max(1, count) {
            let from = index.map { search.matches[$0].lowerBound } ?? (forward ? start - 1 : start)
            index = search.match(after: from, forward: forward)
        }
        return jump(to: index!, forward: forward, document: &document, state: &state)
    }

    /// Makes match `index` the focus and the innermost span holding it current.
    private static func jump(to index: Int, forward: Bool, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard var search = document.search else { return [] }
        let previous = search.focus
        search.focus = index
        document.search = search
        let match = search.matches[index]
        let wrapped = previous.map { forward ? (index <= $0 ? " (from the top)" : "") : (index >= $0 ? " (from the bottom)" : "") } ?? ""
        state.message = StatusMessage("“\(search.query)”: match \(index + 1) of \(search.matches.count)\(wrapped)")
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
