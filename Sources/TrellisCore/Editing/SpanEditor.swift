/// Applies `SpanEdit`s as pure functions of (text, spans) → spans, refusing any edit that would
/// break the structure the schema allows: spans stay non-empty and inside the text, never cross
/// one another, and never end up nested where the schema forbids. Problems that are not about
/// structure (untagged text, banned transitions) are left for validation to show.
public struct SpanEditor: Sendable {
    public let schema: TagSchema
    public let annotated: AnnotatedText
    public let units: TextUnits

    public init(schema: TagSchema, annotated: AnnotatedText) {
        self.schema = schema
        self.annotated = annotated
        self.units = TextUnits(annotated.scalars)
    }

    public func apply(_ edit: SpanEdit) -> Result<SpanEditResult, EditRefusal> {
        do {
            return .success(try result(of: edit))
        } catch let refusal as EditRefusal {
            return .failure(refusal)
        } catch {
            return .failure(EditRefusal("\(error)"))
        }
    }

    private var spans: [Span] { annotated.spans }

    private func span(_ index: Int) throws -> Span {
        guard spans.indices.contains(index) else { throw EditRefusal("no span selected") }
        return spans[index]
    }

    private func result(of edit: SpanEdit) throws -> SpanEditResult {
        switch edit {
        case .moveEdge(let index, let edge, let direction, let unit):
            let current = try span(index)
            let from = edge == .start ? current.start : current.end
            let target = destination(from: from, edge: edge, direction: direction, unit: unit)
            guard target != from else {
                throw EditRefusal("the \(edge.rawValue) cannot move further \(direction.rawValue)")
            }
            return try result(of: .setEdge(span: index, edge: edge, offset: target))

        case .setEdge(let index, let edge, let offset):
            var changed = try span(index)
            if edge == .start { changed.start = offset } else { changed.end = offset }
            guard changed.start < changed.end else {
                throw EditRefusal("the span would be empty; delete it instead")
            }
            guard changed.start >= 0, changed.end <= annotated.scalars.count else {
                throw EditRefusal("the text ends there")
            }
            var next = spans
            next[index] = changed
            return try checked(next, origins: spans.indices.map { $0 }, focusOrigin: index)

        case .setBoundary(let index, let offset):
            let (first, second) = try touchingPair(index)
            var end = offset, start = offset
            while end > first.start, units.isWhitespace(at: end - 1) { end -= 1 }
            while start < spans[second].end, units.isWhitespace(at: start) { start += 1 }
            guard end > first.start else { throw EditRefusal("the <\(first.label)> would be empty; delete it instead") }
            guard start < spans[second].end else { throw EditRefusal("the next <\(spans[second].label)> would be empty; delete it instead") }
            guard end != first.end || start != spans[second].start else { throw EditRefusal("the boundary cannot move further") }
            var next = spans
            next[index].end = end
            next[second].start = start
            return try checked(next, origins: spans.indices.map { $0 }, focusOrigin: index)

        case .split(let index, let offset):
            let original = try span(index)
            var cutEnd = offset, cutStart = offset
            while cutEnd > original.start, units.isWhitespace(at: cutEnd - 1) { cutEnd -= 1 }
            while cutStart < original.end, units.isWhitespace(at: cutStart) { cutStart += 1 }
            guard cutEnd > original.start, cutStart < original.end else {
                throw EditRefusal("put the cursor inside the span's text to split it")
            }
            if let child = children(of: index).first(where: { spans[$0].start < offset && spans[$0].end > offset }) {
                throw EditRefusal("the cut would go through the nested <\(spans[child].label)>")
            }
            var next = spans
            next[index].end = cutEnd
            var second = original
            second.start = cutStart
            next.append(second)
            return try checked(next, origins: spans.indices.map { $0 } + [nil], focusOrigin: index)

        case .mergeWithNext(let index, let label):
            let first = try span(index)
            guard let sibling = SpanNesting.sibling(after: index, in: spans) else {
                throw EditRefusal("<\(first.label)> has no next span at its level to merge with")
            }
            let second = spans[sibling]
            let merged = label ?? first.label
            guard first.label == second.label || label != nil else {
                throw EditRefusal("<\(first.label)> and <\(second.label)> differ: choose the merged span's label")
            }
            guard merged == first.label || merged == second.label else {
                throw EditRefusal("the merged span can only be <\(first.label)> or <\(second.label)>")
            }
            var next = spans
            next[index].end = second.end
            next[index].label = merged
            next.remove(at: sibling)
            var origins: [Int?] = spans.indices.map { $0 }
            origins.remove(at: sibling)
            return try checked(next, origins: origins, focusOrigin: index)

        case .relabel(let index, let label):
            let current = try span(index)
            guard schema.hasTag(label) else { throw EditRefusal("the schema has no tag <\(label)>") }
            guard current.label != label else { throw EditRefusal("the span is already <\(label)>") }
            var next = spans
            next[index].label = label
            return try checked(next, origins: spans.indices.map { $0 }, focusOrigin: index)

        case .insert(let range, let label):
            guard schema.hasTag(label) else { throw EditRefusal("the schema has no tag <\(label)>") }
            var start = max(0, range.lowerBound), end = min(annotated.scalars.count, range.upperBound)
            while start < end, units.isWhitespace(at: start) { start += 1 }
            while end > start, units.isWhitespace(at: end - 1) { end -= 1 }
            guard start < end else { throw EditRefusal("select some text first") }
            let new = Span(start: start, end: end, label: label, depth: Int.max)
            if spans.contains(where: { $0.start == start && $0.end == end && $0.label == label }) {
                throw EditRefusal("there is already a <\(label)> span there")
            }
            return try checked(spans + [new], origins: spans.indices.map { $0 } + [nil], focusOrigin: nil)

        case .delete(let index):
            let doomed = try span(index)
            if let child = children(of: index).first {
                let parentLabel = SpanNesting.structure(of: spans).parents[index].map { spans[$0].label }
                if !schema.allows(spans[child].label, in: parentLabel) {
                    throw EditRefusal("<\(doomed.label)> holds a nested <\(spans[child].label)> that cannot stand without it; delete or relabel that first")
                }
            }
            var next = spans
            next.remove(at: index)
            var origins: [Int?] = spans.indices.map { $0 }
            origins.remove(at: index)
            let neighbour = index + 1 < spans.count ? index + 1 : index - 1
            return try checked(next, origins: origins, focusOrigin: neighbour)
        }
    }

    /// Span `index` and the index of the next span at its level, when only white space lies
    /// between them.
    public func touchingPair(_ index: Int) throws(EditRefusal) -> (Span, Int) {
        guard spans.indices.contains(index) else { throw EditRefusal("no span selected") }
        let first = spans[index]
        guard let second = SpanNesting.sibling(after: index, in: spans) else {
            throw EditRefusal("<\(first.label)> has no next span at its level")
        }
        guard (first.end..<max(first.end, spans[second].start)).allSatisfy({ units.isWhitespace(at: $0) }) else {
            throw EditRefusal("<\(first.label)> does not touch the next <\(spans[second].label)>: text lies between them")
        }
        return (first, second)
    }

    /// Where an edge lands after moving one unit.
    private func destination(from offset: Int, edge: SpanEdge, direction: Direction, unit: TextUnit) -> Int {
        switch (unit, direction, edge) {
        case (.character, .forward, _): units.nextCharacter(after: offset)
        case (.character, .backward, _): units.previousCharacter(before: offset)
        case (.word, .forward, .end): units.nextWordEnd(after: offset)
        case (.word, .backward, .end): units.previousWordEnd(before: offset)
        case (.word, .forward, .start): units.nextWordStart(after: offset)
        case (.word, .backward, .start): units.previousWordStart(before: offset)
        case (.sentence, .forward, .end): units.nextSentenceEnd(after: offset)
        case (.sentence, .backward, .end): units.previousSentenceEnd(before: offset)
        case (.sentence, .forward, .start): units.nextSentenceStart(after: offset)
        case (.sentence, .backward, .start): units.previousSentenceStart(before: offset)
        }
    }

    /// Indexes of the spans directly inside span `index`.
    private func children(of index: Int) -> [Int] {
        let parents = SpanNesting.structure(of: spans).parents
        return spans.indices.filter { parents[$0] == index }
    }

    /// Orders the new spans, recomputes depths, and refuses structures the schema does not allow
    /// that were not already there before the edit.
    private func checked(_ candidate: [Span], origins: [Int?], focusOrigin: Int?) throws -> SpanEditResult {
        // Order: by start, longer first; equal ranges keep their old nesting, new spans innermost.
        let order = candidate.indices.sorted { a, b in
            let x = candidate[a], y = candidate[b]
            if x.start != y.start { return x.start < y.start }
            if x.end != y.end { return x.end > y.end }
            return x.depth < y.depth
        }
        var ordered = order.map { candidate[$0] }
        let newOrigins = order.map { origins[$0] }
        let (parents, crossing) = SpanNesting.structure(of: ordered)
        if let pair = crossing.first {
            let outer = ordered[pair.outer], inner = ordered[pair.inner]
            throw EditRefusal("<\(inner.label)> and <\(outer.label)> would overlap without nesting")
        }
        for index in ordered.indices {
            ordered[index].depth = parents[index].map { ordered[$0].depth + 1 } ?? 0
        }
        let oldParents = SpanNesting.structure(of: spans).parents
        for index in ordered.indices {
            let parentLabel = parents[index].map { ordered[$0].label }
            guard !schema.allows(ordered[index].label, in: parentLabel) else { continue }
            // Tolerate a misplacement the document already had.
            if let origin = newOrigins[index], spans[origin].label == ordered[index].label,
               oldParents[origin].map({ spans[$0].label }) == parentLabel {
                continue
            }
            let place = parentLabel.map { "inside <\($0)>" } ?? "at the top level"
            throw EditRefusal("that would put <\(ordered[index].label)> \(place), which the schema does not allow")
        }
        let focus = newOrigins.firstIndex { $0 != nil && $0 == focusOrigin }
            ?? newOrigins.firstIndex { $0 == nil }
            ?? 0
        return SpanEditResult(spans: ordered, origins: newOrigins, focus: focus)
    }
}
