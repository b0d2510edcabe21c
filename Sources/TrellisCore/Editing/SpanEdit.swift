/// Which end of a span.
public enum SpanEdge: String, Hashable, Sendable {
    case start, end
}

/// How far a boundary or cursor moves.
public enum TextUnit: String, Hashable, Sendable, CaseIterable {
    case character, word, sentence
}

/// Which way it moves.
public enum Direction: String, Hashable, Sendable {
    case backward, forward
}

/// An edit of a document's spans. Span indexes are positions in document order.
public enum SpanEdit: Hashable, Sendable {
    /// Move one edge of a span by a unit of text.
    case moveEdge(span: Int, edge: SpanEdge, direction: Direction, unit: TextUnit)
    /// Put one edge of a span at a code-point offset.
    case setEdge(span: Int, edge: SpanEdge, offset: Int)
    /// Move the boundary between a span and the next span at its level, which it touches (only
    /// white space between them), to an offset: the first ends there, the second starts there
    /// (white space at the boundary goes to neither).
    case setBoundary(span: Int, offset: Int)
    /// Cut a span in two at an offset (white space at the cut goes to neither part).
    case split(span: Int, at: Int)
    /// Join a span with its next sibling. Spans of one label keep it; spans of different labels
    /// need `label` (one of the two), so that a merge never relabels text silently.
    case mergeWithNext(span: Int, label: String? = nil)
    case relabel(span: Int, label: String)
    /// Add a span over a range (white space at its ends is left out).
    case insert(range: Range<Int>, label: String)
    case delete(span: Int)

    /// A short name for history and messages.
    public var name: String {
        switch self {
        case .moveEdge(_, let edge, _, _), .setEdge(_, let edge, _): "move-\(edge.rawValue)"
        case .setBoundary: "move-boundary"
        case .split: "split"
        case .mergeWithNext: "merge"
        case .relabel: "relabel"
        case .insert: "insert"
        case .delete: "delete"
        }
    }
}

/// The spans after an edit. `origins[i]` is the index (before the edit) of the span that
/// became `spans[i]`, or `nil` for a new one; old spans not named in `origins` were removed.
public struct SpanEditResult: Hashable, Sendable {
    public var spans: [Span]
    public var origins: [Int?]
    /// The span to make current after the edit.
    public var focus: Int
}

/// Why an edit was refused, in words for the reviewer.
public struct EditRefusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
