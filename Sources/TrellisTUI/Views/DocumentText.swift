import TrellisCore

/// Draws a document's text with its spans into a pane of the grid.
enum DocumentText {
    /// The layout the view draws: markers for every span (or only the current one when markers
    /// are hidden). Reuses the document's remembered layout when it was made for the same.
    static func layout(_ document: DocumentScreen, width: Int, schema: TagSchema, monochrome: Bool) -> TextLayout {
        if let laidOut = document.laidOut, laidOut.key == layoutKey(document, width: width, schema: schema, monochrome: monochrome) {
            return laidOut.layout
        }
        let theme = Theme(schema: schema, monochrome: monochrome)
        let spans = document.annotated.spans
        return TextLayout(scalars: document.annotated.scalars, spans: spans, width: width) { index, edge in
            guard document.showMarkers || index == document.current else { return nil }
            return theme.marker(for: spans[index], edge: edge)
        }
    }

    /// Lays out the document and remembers the layout in it.
    static func rememberLayout(_ document: inout DocumentScreen, width: Int, schema: TagSchema, monochrome: Bool) -> TextLayout {
        let layout = layout(document, width: width, schema: schema, monochrome: monochrome)
        document.laidOut = (layoutKey(document, width: width, schema: schema, monochrome: monochrome), layout)
        return layout
    }

    /// What a layout depends on besides the text and spans, which only change with a new screen.
    private static func layoutKey(_ document: DocumentScreen, width: Int, schema: TagSchema, monochrome: Bool) -> TextLayout.Key {
        TextLayout.Key(width: width, schema: schema, monochrome: monochrome, markedSpan: document.showMarkers ? nil : document.current)
    }

    static func draw(_ document: DocumentScreen, in pane: Pane, state: AppState, grid: inout Grid) {
        let theme = Theme(state)
        let layout = layout(document, width: pane.width, schema: state.schema, monochrome: state.monochrome)
        let annotated = document.annotated
        let spans = annotated.spans
        var owner = [Int](repeating: -1, count: annotated.scalars.count)
        for (index, span) in spans.enumerated() {
            for offset in max(0, span.start)..<min(span.end, owner.count) { owner[offset] = index }
        }
        // Each span's style, worked out once a frame for each label (matching the schema's tags
        // and colour names for every cell was most of the time a frame took to draw).
        var spanStyles = [CellStyle?](repeating: nil, count: spans.count)
        var labelStyles: [String: CellStyle] = [:]
        func spanStyle(_ index: Int) -> CellStyle {
            if let style = spanStyles[index] { return style }
            let label = spans[index].label
            let style = labelStyles[label] ?? theme.style(for: label)
            labelStyles[label] = style
            spanStyles[index] = style
            return style
        }
        let current = document.currentSpan
        let problem = document.problemFocus.flatMap { document.violations.indices.contains($0) ? document.violations[$0] : nil }
        let selection: Range<Int>? = {
            guard let prompt = document.prompt, case .insertEnd(let anchor) = prompt.purpose else { return nil }
            return min(anchor, prompt.cursor)..<max(anchor, prompt.cursor)
        }()

        let search = document.search.flatMap { $0.input == nil ? $0 : nil }
        // The next match that may show, moving forward with the glyphs (binary search once).
        var match = search.map { layout.lineStarts.indices.contains(document.scroll) ? $0.firstMatch(endingAfter: layout.lineStarts[document.scroll]) : 0 } ?? 0
        for row in 0..<pane.height {
            let lineIndex = document.scroll + row
            guard lineIndex < layout.lines.count else { break }
            var column = pane.left
            for glyph in layout.lines[lineIndex] {
                var style: CellStyle
                if let marker = glyph.marker {
                    style = spanStyle(marker.spanIndex)
                    style.attributes.insert(.bold)
                    if marker.spanIndex == document.current, document.prompt == nil {
                        style = theme.current(style, own: true)
                        if marker.edge == document.edge { style.attributes.insert(.underline) }
                    }
                } else {
                    let index = glyph.offset < owner.count ? owner[glyph.offset] : -1
                    if index >= 0 {
                        style = spanStyle(index)
                    } else if !state.schema.allowsUntaggedText, !document.units.isWhitespace(at: glyph.offset) {
                        style = theme.untagged
                    } else {
                        style = CellStyle()
                    }
                    if let current, document.prompt == nil, current.start <= glyph.offset, glyph.offset < current.end {
                        style = theme.current(style, own: index == document.current)
                    }
                    if let problem, problem.spanIndex == nil, problem.range.contains(glyph.offset) {
                        style.attributes.formUnion([.reverse, .underline])
                    }
                    if let selection, selection.contains(glyph.offset) {
                        style.attributes.insert(.reverse)
                    }
                    if let search {
                        while match < search.matches.count, search.matches[match].upperBound <= glyph.offset { match += 1 }
                        if match < search.matches.count, search.matches[match].contains(glyph.offset) {
                            style.attributes.formUnion([.underline, .bold])
                            // The match jumped to stands out inside the reversed current span too.
                            if match == search.focus { style.attributes.formSymmetricDifference(.reverse) }
                        }
                    }
                }
                if let prompt = document.prompt, glyph.offset == prompt.cursor, glyph.marker == nil {
                    style.attributes.formUnion([.reverse, .underline, .bold])
                }
                column = grid.write(glyph.text, row: pane.top + row, col: column, style: style, limit: pane.left + pane.width)
            }
            // The cursor may sit at the end of a line or of the text.
            if let prompt = document.prompt, layout.line(containing: prompt.cursor) == lineIndex,
               !layout.lines[lineIndex].contains(where: { $0.offset == prompt.cursor && $0.marker == nil }) {
                grid.write("▏", row: pane.top + row, col: min(column, pane.left + pane.width - 1), style: CellStyle(attributes: [.reverse, .bold]))
            }
        }
    }

    /// The original text, plain, in its pane, scrolled like the rewrite.
    static func drawSource(_ source: String, scroll: Int, in pane: Pane, grid: inout Grid) {
        let layout = TextLayout(scalars: source.codePoints, spans: [], width: pane.width) { _, _ in nil }
        for row in 0..<pane.height {
            let lineIndex = min(scroll, max(0, layout.lines.count - pane.height)) + row
            guard lineIndex >= 0, lineIndex < layout.lines.count else { break }
            var column = pane.left
            for glyph in layout.lines[lineIndex] {
                column = grid.write(glyph.text, row: pane.top + row, col: column, style: CellStyle(attributes: .dim), limit: pane.left + pane.width)
            }
        }
    }
}
