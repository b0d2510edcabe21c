import Testing
import TrellisCore
@testable import TrellisTUI

/// Boundary markers are placed where their spans start and end: at each offset the ends first,
/// the last span's first, then the starts in span order; a boundary inside a grapheme cluster or
/// outside the text is not drawn.
@Suite struct TextLayoutMarkerTests {
    @Test func markersComeInOrderAndOnlyBetweenClusters() {
        let scalars = Array("ab e\u{301}c".unicodeScalars)
        let spans = [
            Span(start: 0, end: 6, label: "ai", depth: 0),
            Span(start: 0, end: 2, label: "quote", depth: 1),
            Span(start: 4, end: 5, label: "human", depth: 0),  // starts inside "é"
            Span(start: 7, end: 9, label: "ai", depth: 0),  // past the text
            Span(start: 1, end: 2, label: "ai", depth: 2),
        ]
        let layout = TextLayout(scalars: scalars, spans: spans, width: 80) { index, edge in edge == .start ? "<\(index)" : "\(index)>" }
        let shown = layout.lines.flatMap { $0 }.map { $0.marker == nil ? "\($0.offset)" : $0.text }
        #expect(shown == ["<0", "<1", "0", "<4", "1", "4>", "1>", "2", "3", "2>", "5", "0>"])
        #expect(layout.lines.flatMap { $0 }.compactMap(\.marker).map(\.spanIndex) == [0, 1, 4, 4, 1, 2, 0])
    }
}
