import TrellisCore

/// An annotated text as a tree of spans and text, to plant mistakes in well-formed documents:
/// a banned neighbour after a span, a span where the schema does not let it nest.
struct SpanTree {
    indirect enum Piece {
        case text([Unicode.Scalar])
        case span(String, [Piece])
    }

    var pieces: [Piece]

    /// The tree of properly nested spans.
    init(_ annotated: AnnotatedText) {
        var stack: [(label: String, end: Int, pieces: [Piece])] = [("", annotated.scalars.count, [])]
        var cursor = 0
        func closeEnded(by offset: Int) {
            while stack.count > 1, stack[stack.count - 1].end <= offset {
                let top = stack.removeLast()
                var pieces = top.pieces
                if cursor < top.end { pieces.append(.text(Array(annotated.scalars[cursor..<top.end]))) }
                cursor = max(cursor, top.end)
                stack[stack.count - 1].pieces.append(.span(top.label, pieces))
            }
        }
        for span in annotated.spans {
            closeEnded(by: span.start)
            if cursor < span.start { stack[stack.count - 1].pieces.append(.text(Array(annotated.scalars[cursor..<span.start]))) }
            cursor = span.start
            stack.append((span.label, span.end, []))
        }
        closeEnded(by: annotated.scalars.count)
        if cursor < annotated.scalars.count { stack[0].pieces.append(.text(Array(annotated.scalars[cursor...]))) }
        pieces = stack[0].pieces
    }

    /// Back to plain text and spans.
    var annotated: AnnotatedText {
        var scalars: [Unicode.Scalar] = [], spans: [Span] = []
        func flatten(_ pieces: [Piece], depth: Int) {
            for piece in pieces {
                switch piece {
                case .text(let text):
                    scalars += text
                case .span(let label, let children):
                    let index = spans.count
                    spans.append(Span(start: scalars.count, end: scalars.count, label: label, depth: depth))
                    flatten(children, depth: depth + 1)
                    spans[index].end = scalars.count
                }
            }
        }
        flatten(pieces, depth: 0)
        return AnnotatedText(scalars: scalars, spans: spans)
    }

    /// Every place a span sits: the path of child indexes to it, its label and its parent's.
    func spanPlaces() -> [(path: [Int], label: String, parent: String?)] {
        var found: [(path: [Int], label: String, parent: String?)] = []
        func walk(_ pieces: [Piece], path: [Int], parent: String?) {
            for (index, piece) in pieces.enumerated() {
                guard case .span(let label, let children) = piece else { continue }
                found.append((path + [index], label, parent))
                walk(children, path: path + [index], parent: label)
            }
        }
        walk(pieces, path: [], parent: nil)
        return found
    }

    /// Applies `change` to the list of pieces that holds the span at `path` (its siblings), given
    /// the span's index in it.
    mutating func changeSiblings(of path: [Int], _ change: (inout [Piece], Int) -> Void) {
        func descend(_ pieces: inout [Piece], _ rest: ArraySlice<Int>) {
            if rest.count == 1 { return change(&pieces, rest.first!) }
            guard case .span(let label, var children) = pieces[rest.first!] else { return }
            descend(&children, rest.dropFirst())
            pieces[rest.first!] = .span(label, children)
        }
        descend(&pieces, path[...])
    }
}
