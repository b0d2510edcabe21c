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
        var opens: [Int: [Int]] = [:], closes: [Int: [Int]] = [:]
        for (index, span) in spans.enumerated() {
            opens[span.start, default: []].append(index)
            closes[span.end, default: []].insert(index, at: 0)
        }
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
        func addMarkers(at offset: Int) {
            for index in closes[offset] ?? [] {
                if let text = marker(index, .end) {
                    add(LaidGlyph(text: text, width: SafeText.width(of: text), offset: offset, marker: BoundaryMarker(spanIndex: index, edge: .end)))
                }
            }
            for index in opens[offset] ?? [] {
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
