import TrellisCore

/// A span boundary drawn in the text.
public struct BoundaryMarker: Hashable, Sendable {
    public var spanIndex: Int
    public var edge: SpanEdge
}

/// One thing drawn in laid-out text: a grapheme cluster (already made safe) or a boundary marker.
public struct LaidGlyph: Hashable, Sendable {
    public var text: String
    public var width: Int
    /// The code-point offset shown (for a marker: the boundary's offset).
    public var offset: Int
    public var marker: BoundaryMarker?
}

/// Plain text wrapped to a width, with span boundary markers placed at their exact offsets.
/// Tabs expand to the next multiple of `tabWidth`; `\n` and `\r\n` break lines; long lines wrap
/// after the last space that fits, or anywhere when a word is wider than the line.
public struct TextLayout: Hashable, Sendable {
    public static let tabWidth = 4

    /// What a document's layout was made for, besides its text and spans.
    struct Key: Hashable {
        var width: Int
        var schema: TagSchema
        var monochrome: Bool
        /// The one span whose markers are drawn, or `nil` when every span's are.
        var markedSpan: Int?
    }

    public private(set) var lines: [[LaidGlyph]] = [[]]
    /// The offset at which each line starts.
    public private(set) var lineStarts: [Int] = [0]

    /// Lays out `scalars`; `marker` gives the text of a boundary marker, or `nil` to draw none.
    public init(scalars: [Unicode.Scalar], spans: [Span], width: Int, marker: (Int, SpanEdge) -> String?) {
        let width = max(1, width)
        // The boundaries in the order they are drawn, passed along with the text (two dictionaries
        // of offsets, asked at every code point, were a fifth of a layout): at each offset the
        // ends, last span first, then the starts, in span order.
        let opens = spans.indices.sorted { (spans[$0].start, $0) < (spans[$1].start, $1) }
        let closes = spans.indices.sorted { (spans[$0].end, -$0) < (spans[$1].end, -$1) }
        var nextOpen = 0, nextClose = 0
        var lineWidth = 0

        func newLine(startingAt offset: Int) {
            lines.append([])
            lineStarts.append(offset)
            lineWidth = 0
        }
        func add(_ glyph: LaidGlyph) {
            if lineWidth + glyph.width > width, !lines[lines.count - 1].isEmpty {
                wrap(before: glyph)
            }
            lines[lines.count - 1].append(glyph)
            lineWidth += glyph.width
        }
        func wrap(before glyph: LaidGlyph) {
            let line = lines[lines.count - 1]
            if let space = line.lastIndex(where: { $0.marker == nil && $0.text == " " }), space < line.count - 1 || glyph.text != " " {
                let carried = Array(line[(space + 1)...])
                lines[lines.count - 1] = Array(line[...space])
                newLine(startingAt: carried.first?.offset ?? glyph.offset)
                carried.forEach { lines[lines.count - 1].append($0); lineWidth += $0.width }
            } else {
                newLine(startingAt: glyph.offset)
            }
        }
        /// The markers at `offset` (offsets only grow; a boundary inside a grapheme cluster, or
        /// outside the text, is passed over undrawn).
        func addMarkers(at offset: Int) {
            while nextClose < closes.count, spans[closes[nextClose]].end < offset { nextClose += 1 }
            while nextClose < closes.count, spans[closes[nextClose]].end == offset {
                let index = closes[nextClose]
                nextClose += 1
                if let text = marker(index, .end) {
                    add(LaidGlyph(text: text, width: SafeText.width(of: text), offset: offset, marker: BoundaryMarker(spanIndex: index, edge: .end)))
                }
            }
            while nextOpen < opens.count, spans[opens[nextOpen]].start < offset { nextOpen += 1 }
            while nextOpen < opens.count, spans[opens[nextOpen]].start == offset {
                let index = opens[nextOpen]
                nextOpen += 1
                if let text = marker(index, .start) {
                    add(LaidGlyph(text: text, width: SafeText.width(of: text), offset: offset, marker: BoundaryMarker(spanIndex: index, edge: .start)))
                }
            }
        }

        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        var offset = 0
        for character in String(view) {
            addMarkers(at: offset)
            let length = character.unicodeScalars.count
            if character == "\n" || character == "\r\n" {
                newLine(startingAt: offset + length)
            } else if character == "\t" {
                let spaces = Self.tabWidth - lineWidth % Self.tabWidth
                for _ in 0..<spaces { add(LaidGlyph(text: " ", width: 1, offset: offset)) }
            } else {
                let glyph = SafeText.glyph(for: character)
                add(LaidGlyph(text: glyph.text, width: glyph.width, offset: offset))
            }
            offset += length
        }
        addMarkers(at: offset)
    }

    /// The line showing `offset` (the last line starting at or before it).
    public func line(containing offset: Int) -> Int {
        var low = 0, high = lineStarts.count
        while low < high {
            let middle = (low + high) / 2
            if lineStarts[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }
}
