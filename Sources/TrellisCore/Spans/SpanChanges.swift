/// What reviewers changed against the spans a rewriter wrote: spans moved, relabelled, added
/// and removed, in document order. A changed span is paired with the original it came from when
/// they share both ends (relabelled), one end (moved), or overlap with one label.
public struct SpanChange: Hashable, Sendable {
    /// The rewriter's span, `nil` when a reviewer added this one.
    public var original: Span?
    /// The span now, `nil` when a reviewer removed it.
    public var current: Span?
    /// The index of `current` in the current spans.
    public var currentIndex: Int?

    /// Pairs the spans that differ; spans found unchanged in both lists are left out.
    public static func between(original: [Span], current: [Span]) -> [SpanChange] {
        struct Key: Hashable { var start: Int, end: Int, label: String }
        let key = { (span: Span) in Key(start: span.start, end: span.end, label: span.label) }
        let currentKeys = Set(current.map(key)), originalKeys = Set(original.map(key))
        let removed = original.filter { !currentKeys.contains(key($0)) }
        var added = current.indices.filter { !originalKeys.contains(key(current[$0])) }
        var changes: [SpanChange] = []
        for old in removed {
            let candidates: [(Span) -> Bool] = [
                { $0.start == old.start && $0.end == old.end },
                { ($0.start == old.start || $0.end == old.end) && $0.label == old.label },
                { $0.start == old.start || $0.end == old.end },
                { $0.start < old.end && old.start < $0.end && $0.label == old.label },
            ]
            let match = candidates.lazy.compactMap { test in added.firstIndex { test(current[$0]) } }.first
            if let match {
                let index = added.remove(at: match)
                changes.append(SpanChange(original: old, current: current[index], currentIndex: index))
            } else {
                changes.append(SpanChange(original: old, current: nil, currentIndex: nil))
            }
        }
        changes += added.map { SpanChange(original: nil, current: current[$0], currentIndex: $0) }
        return changes.sorted { ($0.current ?? $0.original!).start < ($1.current ?? $1.original!).start }
    }

    /// "ai 475–694 → 475–805", "ai → human 10–20", "added ai 3–9", "removed human 0–2".
    public var description: String {
        switch (original, current) {
        case (let old?, let new?):
            let label = old.label == new.label ? old.label : "\(old.label) → \(new.label)"
            let range = old.start == new.start && old.end == new.end ? "\(new.start)–\(new.end)" : "\(old.start)–\(old.end) → \(new.start)–\(new.end)"
            return "\(label) \(range)"
        case (nil, let new?): return "added \(new.label) \(new.start)–\(new.end)"
        case (let old?, nil): return "removed \(old.label) \(old.start)–\(old.end)"
        case (nil, nil): return ""
        }
    }
}
