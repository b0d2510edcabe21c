extension TransitionTable.Context {
    /// Where an open context stands, as far as what may come next depends on it. Both the
    /// acceptor and the grammar writer step through these, so the two cannot disagree.
    public enum State: Hashable, Sendable {
        /// Nothing yet: a span with no code point, the top level with no span and no visible text.
        case empty
        /// Content, and no closed sibling whose bans still apply.
        case free
        /// A child span with this tag closed, with only white space since.
        case afterSpan(String)
        /// A child span with this tag closed, then visible text (only `anything` bans still apply).
        case afterText(String)
    }

    /// Whether this is the top level.
    public var isTopLevel: Bool { mode == nil }

    /// The ban, if any, on opening `tag` in `state`.
    public func ban(opening tag: String, in state: State) -> TransitionTable.Ban? {
        switch state {
        case .empty, .free: nil
        case .afterSpan(let previous): banned.first { $0.after == previous && $0.open == tag }
        case .afterText(let previous): banned.first { $0.after == previous && $0.open == tag && $0.separation == .anything }
        }
    }

    /// Whether `tag` may open in `state`.
    public func mayOpen(_ tag: String, in state: State) -> Bool {
        mayOpen.contains(tag) && ban(opening: tag, in: state) == nil
    }

    /// Whether the context's closing tag may come in `state` (never at the top level).
    public func mayClose(in state: State) -> Bool {
        !isTopLevel && state != .empty
    }

    /// Whether the document may end in `state` (only at the top level).
    public func mayEnd(in state: State) -> Bool {
        isTopLevel && state != .empty
    }

    /// The state after white space (which a span counts as content, the top level does not).
    public func afterWhitespace(_ state: State) -> State {
        state == .empty && !isTopLevel ? .free : state
    }

    /// The state after visible text, or `nil` where the context allows only white space.
    public func afterVisibleText(_ state: State) -> State? {
        guard text == .any else { return nil }
        switch state {
        case .empty, .free: return .free
        case .afterSpan(let previous), .afterText(let previous):
            return banned.contains { $0.after == previous && $0.separation == .anything } ? .afterText(previous) : .free
        }
    }

    /// The state after a child span with `tag` closed (`free` when no ban follows `tag` here).
    public func afterChild(_ tag: String) -> State {
        banned.contains { $0.after == tag } ? .afterSpan(tag) : .free
    }

    /// Every state reachable from `empty`, in the order first reached (breadth first).
    public var reachableStates: [State] {
        var states: [State] = [.empty]
        var index = 0
        while index < states.count {
            let state = states[index]
            index += 1
            var next = [afterWhitespace(state)]
            if let visible = afterVisibleText(state) { next.append(visible) }
            next += mayOpen.filter { mayOpen($0, in: state) }.map(afterChild)
            for candidate in next where !states.contains(candidate) { states.append(candidate) }
        }
        return states
    }
}
