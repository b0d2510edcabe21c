import TrellisCore

/// A span panel: a header, then a line per row — for the outline: number, label, offsets, your
/// decision, its problems, first words; for changes: what changed and the words. Only the
/// visible rows are drawn, whatever the document's size.
enum SpanPanelView {
    static func draw(_ panel: SpanPanel, document: DocumentScreen, in pane: Pane, state: AppState, grid: inout Grid) {
        let theme = Theme(state)
        let count = panel.count(document)
        let close = "\(state.keymap.hint(for: panel.command)) closes"
        let title = switch panel.kind {
        case .outline where document.stored.window != nil:
            " Outline: \(count) spans here of \(document.stored.window!.spanCount) (moving past an end loads more) — Enter jumps; \(close)"
        case .outline: " Outline: \(count) spans — Enter jumps to the selected one; \(close)"
        case .changes: " Changes against the rewriter's spans: \(count) — Enter jumps; \(close)"
        }
        grid.write(title, row: pane.top, col: pane.left, style: theme.header, limit: pane.left + pane.width)
        let visible = max(1, pane.height - 1)
        let first = max(0, min(panel.selected - visible / 2, count - visible))
        let shown = first..<min(count, first + visible)
        var problems: [Int: Int] = [:]
        if case .outline = panel.kind {
            for violation in document.violations {
                if let span = violation.spanIndex, shown.contains(span) { problems[span, default: 0] += 1 }
            }
        }
        for (offset, index) in shown.enumerated() {
            var style = CellStyle()
            if index == panel.selected { style.attributes.insert(.reverse) }
            let row = pane.top + 1 + offset
            grid.fill(row: row, cols: pane.left..<(pane.left + pane.width), with: style)
            switch panel.kind {
            case .outline:
                drawOutlineRow(index, problems: problems[index] ?? 0, count: count, document: document, row: row, pane: pane, style: style, state: state, grid: &grid)
            case .changes(let changes):
                let change = changes[index]
                let span = change.current ?? change.original!
                let column = grid.write("   ", row: row, col: pane.left, style: style)
                let words = document.annotated.text(in: span.start..<min(span.end, span.start + 120))
                grid.write("\(change.description)  “\(words)”", row: row, col: column, style: style, limit: pane.left + pane.width)
            }
            if panel.span(at: index, in: document) == document.current { grid.write("▸", row: row, col: pane.left, style: style) }
        }
    }

    private static func drawOutlineRow(_ index: Int, problems: Int, count: Int, document: DocumentScreen, row: Int, pane: Pane, style: CellStyle, state: AppState, grid: inout Grid) {
        let span = document.annotated.spans[index]
        let number = String(index + 1)
        let padding = String(repeating: " ", count: String(count).count - number.count)
        let indent = String(repeating: " ", count: min(span.depth, 4) * 2)
        var column = grid.write("  \(padding)\(number) \(indent)", row: row, col: pane.left, style: style)
        column = grid.write(span.label, row: row, col: column, style: Theme(state).style(for: span.label).merged(with: style))
        let decision = document.stored.spans.indices.contains(index)
            ? document.stored.currentDecision(on: document.stored.spans[index].id, by: state.reviewer).map { String(ReviewSummary.text(of: $0).prefix(1)) } ?? "·"
            : "·"
        let problem = problems == 0 ? "" : problems == 1 ? "⚠ " : "⚠\(problems) "
        let words = document.annotated.text(in: span.start..<min(span.end, span.start + 120))
        // Offsets in the document, as the status line gives them (a long one's window starts at `base`).
        grid.write(" \(document.base + span.start)–\(document.base + span.end)  \(decision) \(problem)“\(words)”", row: row, col: column, style: style, limit: pane.left + pane.width)
    }
}
