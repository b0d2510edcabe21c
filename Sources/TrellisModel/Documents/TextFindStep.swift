import TrellisCore

/// How far a step of a search of a document's text got (``ReviewStore/findText(_:in:within:forward:budget:)``):
/// a match, or the part of the range still to search (empty: there is none in the range).
public enum TextFindStep: Hashable, Sendable {
    /// The first match (forward) or the last one (backward) starting in the range, in code points
    /// of the document's text.
    case found(Range<Int>)
    /// No match starts in the part searched; `rest` is what is left of the range.
    case searched(rest: Range<Int>)
}

extension TextFindStep {
    /// One step of a search, as every store takes it: the part of `range` (clamped to the text's
    /// `length`) within `budget` code points of its start (`forward`) or end, cut at a multiple of
    /// `piece` (the unit the store reads its text in), is read by `text` with the
    /// `matcher.length − 1` code points after it, so that a match across the part's end is found.
    public static func step(of matcher: TextMatcher, within range: Range<Int>, forward: Bool, budget: Int, piece: Int = 1, length: Int,
                            text: (Range<Int>) throws -> [Unicode.Scalar]) rethrows -> TextFindStep {
        let range = range.clamped(to: 0..<max(0, length))
        guard !range.isEmpty, matcher.length > 0 else { return .searched(rest: range.upperBound..<range.upperBound) }
        let piece = max(1, piece), reach = max(1, budget)
        // Parts end on multiples of `piece` (after a first, shorter one), so that each reads one.
        let part = forward
            ? range.lowerBound..<min(range.upperBound, max(range.lowerBound + 1, (range.lowerBound + reach) / piece * piece))
            : max(range.lowerBound, min(range.upperBound - 1, (max(0, range.upperBound - reach) + piece - 1) / piece * piece))..<range.upperBound
        let read = part.lowerBound..<min(length, part.upperBound + matcher.length - 1)
        let scalars = try text(read)
        if let at = matcher.find(in: scalars, startingIn: 0..<part.count, forward: forward) {
            return .found((read.lowerBound + at)..<(read.lowerBound + at + matcher.length))
        }
        return .searched(rest: forward ? part.upperBound..<range.upperBound : range.lowerBound..<part.lowerBound)
    }
}
