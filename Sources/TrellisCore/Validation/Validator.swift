/// Checks annotated text against a schema: known labels, spans inside the text and not empty,
/// proper nesting allowed by the schema, no banned transitions, no untagged text unless allowed.
public struct Validator: Sendable {
    public let schema: TagSchema

    public init(schema: TagSchema) {
        self.schema = schema
    }

    /// Every violation, in document order of their place.
    public func violations(in annotated: AnnotatedText) -> [Violation] {
        let spans = annotated.spans
        let count = annotated.scalars.count
        var found: [Violation] = []

        for (index, span) in spans.enumerated() {
            if !schema.hasTag(span.label) {
                found.append(Violation(kind: .unknownLabel, message: "label \"\(span.label)\" is not in the schema", range: clampedRange(span, count), spanIndex: index))
            }
            if span.start < 0 || span.end > count || span.start > span.end {
                found.append(Violation(kind: .outOfBounds, message: "span \(span.start)-\(span.end) lies outside the text (length \(count))", range: clampedRange(span, count), spanIndex: index))
            } else if span.start == span.end {
                found.append(Violation(kind: .emptySpan, message: "empty <\(span.label)> span", range: span.start..<span.end, spanIndex: index))
            }
        }

        let (parents, crossing) = SpanNesting.structure(of: spans)
        let crossingInner = Set(crossing.map(\.inner))
        /// Whether span `index` crosses another (asked for every span; the set is nearly always empty).
        func crosses(_ index: Int) -> Bool { !crossingInner.isEmpty && crossingInner.contains(index) }
        for pair in crossing {
            let outer = spans[pair.outer], inner = spans[pair.inner]
            found.append(Violation(kind: .crossing, message: "<\(inner.label)> \(inner.start)-\(inner.end) crosses <\(outer.label)> \(outer.start)-\(outer.end)", range: clampedRange(inner, count), spanIndex: pair.inner))
        }

        for (index, span) in spans.enumerated() where !crosses(index) && schema.hasTag(span.label) {
            let parent = parents[index].map { spans[$0].label }
            if !schema.allows(span.label, in: parent) {
                let place = parent.map { "inside <\($0)>" } ?? "at the top level"
                let allowed = schema.tag(span.label)!.nestsIn.sorted().map { "<\($0)>" }.joined(separator: ", ")
                let hint = allowed.isEmpty ? "" : " (allowed only inside \(allowed))"
                found.append(Violation(kind: .nesting, message: "<\(span.label)> is not allowed \(place)\(hint)", range: clampedRange(span, count), spanIndex: index))
            }
        }

        found += bannedTransitions(annotated, parents: parents, skipping: crosses)
        if !schema.allowsUntaggedText {
            found += untaggedText(annotated, parents: parents)
        }
        return found.sorted { ($0.range.lowerBound, $0.range.upperBound) < ($1.range.lowerBound, $1.range.upperBound) }
    }

    private func bannedTransitions(_ annotated: AnnotatedText, parents: [Int?], skipping: (Int) -> Bool) -> [Violation] {
        guard !schema.bannedTransitions.isEmpty else { return [] }
        var found: [Violation] = []
        /// The last span seen under each parent, the top level first: `-1` before any.
        var previousSibling = [Int](repeating: -1, count: annotated.spans.count + 1)
        let count = annotated.scalars.count
        for (index, span) in annotated.spans.enumerated() where !skipping(index) {
            let slot = parents[index].map { $0 + 1 } ?? 0
            let before = previousSibling[slot]
            previousSibling[slot] = index
            guard before >= 0 else { continue }
            let previous = annotated.spans[before]
            let gap = max(0, min(previous.end, count))..<max(0, min(span.start, count))
            let gapIsWhitespace = annotated.scalars[gap].allSatisfy(\.isBlank)
            if let ban = schema.ban(from: previous.label, to: span.label, gapIsWhitespace: gapIsWhitespace) {
                let lower = max(0, min(previous.start, count))
                let range = lower..<max(lower, min(count, span.end))
                found.append(Violation(kind: .bannedTransition, message: "<\(ban.from)> followed by <\(ban.to)>: \(ban.reason)", range: range, spanIndex: index))
            }
        }
        return found
    }

    private func untaggedText(_ annotated: AnnotatedText, parents: [Int?]) -> [Violation] {
        var found: [Violation] = []
        var covered = 0
        let scalars = annotated.scalars
        func check(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            let slice = scalars[range]
            guard let first = slice.firstIndex(where: { !$0.isBlank }),
                  let last = slice.lastIndex(where: { !$0.isBlank }) else { return }
            let text = AnnotatedText(scalars: Array(scalars[first...last])).text
            let excerpt = text.count > 40 ? String(text.prefix(37)) + "…" : text
            found.append(Violation(kind: .untaggedText, message: "text outside any span: \"\(excerpt)\"", range: first..<(last + 1)))
        }
        for (index, span) in annotated.spans.enumerated() where parents[index] == nil {
            let start = max(0, min(span.start, scalars.count))
            if start > covered { check(covered..<start) }
            covered = max(covered, min(span.end, scalars.count))
        }
        check(covered..<scalars.count)
        return found
    }

    private func clampedRange(_ span: Span, _ count: Int) -> Range<Int> {
        let start = max(0, min(span.start, count))
        return start..<max(start, min(span.end, count))
    }
}
