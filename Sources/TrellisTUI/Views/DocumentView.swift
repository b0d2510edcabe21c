import TrellisCore

/// The document screen: title, text with spans (and the original beside or below it),
/// the current span's details, and its problems.
enum DocumentView {
    static func draw(_ document: DocumentScreen, state: AppState, into grid: inout Grid) {
        let theme = Theme(state)
        let layout = ScreenLayout(state)
        let record = document.stored.record
        // A long document's window shows the document's kept count.
        let problems = document.stored.window == nil ? document.violations.count : record.problemCount
        let version = document.stored.owner == nil ? "" : " · your version"
        // Your decision on the document, made on an earlier state of it, shows in place of the status.
        var status = record.status.rawValue
        if let mine = document.stored.note(on: nil, by: state.reviewer), let decision = mine.decision, !document.stored.isCurrent(mine) {
            status = "your \(ReviewSummary.text(of: decision).prefix(1)) changed since"
        }
        // The spans, and how many of them the reviewer has decided: "2/3 decided".
        let spans = document.annotated.spans.count
        var decided = spans == 0 ? "no spans" : "\(spans - document.undecided.count)/\(spans) decided"
        if let window = document.stored.window { decided += " here (\(window.spanCount) spans in all)" }
        let title = " \(record.externalId)\(version) · stage \(record.stage.map(String.init) ?? "-") · \(status) · \(decided) · \(problems == 0 ? "no problems" : "\(problems) problem\(problems == 1 ? "" : "s")")"
        let titleEnd = grid.write(title, row: 0, col: 0, style: theme.header)
        // The modes' legend, where it fits after the title (the help lists the modes too).
        let legend = state.schema.tags.map { state.monochrome ? "\($0.marker)=\($0.name)" : $0.name }
        let legendWidth = legend.reduce(0) { $0 + SafeText.width(of: $1) + 1 } - 1
        if titleEnd + 2 + legendWidth <= state.size.cols {
            var column = state.size.cols - legendWidth
            for (tag, text) in zip(state.schema.tags, legend) {
                column = grid.write(text, row: 0, col: column, style: theme.style(for: tag.name)) + 1
            }
        }

        let textPane = layout.textPane(showingSource: document.showSource)
        if let adjudication = document.adjudication {
            AdjudicationView.draw(adjudication, document: document, state: state, into: &grid)
            return
        }
        if let history = document.history {
            HistoryView.draw(history, in: Pane(top: 1, left: 0, height: layout.size.rows - 4, width: state.size.cols), keymap: state.keymap, theme: theme, grid: &grid)
            drawInfo(document, state: state, theme: theme, into: &grid)
            return
        }
        if let panel = document.panel {
            SpanPanelView.draw(panel, document: document, in: Pane(top: 1, left: 0, height: layout.size.rows - 4, width: state.size.cols), state: state, grid: &grid)
            drawInfo(document, state: state, theme: theme, into: &grid)
            return
        }
        DocumentText.draw(document, in: textPane, state: state, grid: &grid)
        if document.showSource, let source = document.stored.record.source {
            let sourcePane = layout.sourcePane()
            if sourcePane.left > 0 {
                for row in sourcePane.top..<(sourcePane.top + sourcePane.height) {
                    grid.write("│", row: row, col: sourcePane.left - 1, style: theme.dim)
                }
            } else {
                let rule = "── original " + String(repeating: "─", count: max(0, state.size.cols - 12))
                grid.write(rule, row: sourcePane.top - 1, col: 0, style: theme.dim)
            }
            DocumentText.drawSource(source, scroll: document.scroll, in: sourcePane, grid: &grid)
        }
        let infoEnd = drawInfo(document, state: state, theme: theme, into: &grid)
        drawPosition(document, in: textPane, after: infoEnd, state: state, into: &grid)
    }

    /// Where the text shown lies in a document longer than the pane ("lines 21–40/57 35%"), at
    /// the right of the span line.
    private static func drawPosition(_ document: DocumentScreen, in pane: Pane, after infoEnd: Int, state: AppState, into grid: inout Grid) {
        let lines = DocumentText.layout(document, width: pane.width, schema: state.schema, monochrome: state.monochrome).lines.count
        guard lines > pane.height else { return }
        let first = document.scroll + 1, last = min(lines, document.scroll + pane.height)
        let text = " lines \(first)–\(last)/\(lines) \(last * 100 / lines)% "
        let column = state.size.cols - SafeText.width(of: text)
        guard column > infoEnd else { return }
        grid.write(text, row: ScreenLayout(state.size).infoRow, col: column, style: CellStyle(attributes: [.underline, .bold]))
    }

    /// The span line and the detail line; returns the column after the span line's text.
    @discardableResult
    private static func drawInfo(_ document: DocumentScreen, state: AppState, theme: Theme, into grid: inout Grid) -> Int {
        let layout = ScreenLayout(state.size)
        grid.fill(row: layout.infoRow, cols: 0..<state.size.cols, with: CellStyle(attributes: .underline))
        guard let span = document.currentSpan else {
            return grid.write(" no spans: \(state.keymap.hint(for: .insert)) adds one", row: layout.infoRow, col: 0, style: theme.dim)
        }
        let index = document.current
        let parents = SpanNesting.structure(of: document.annotated.spans).parents
        let parent = parents[index].map { " in <\(document.annotated.spans[$0].label)>" } ?? ""
        var column = grid.write(" \(span.label) ", row: layout.infoRow, col: 0, style: theme.style(for: span.label).merged(with: CellStyle(attributes: [.bold, .reverse])))
        let edge = document.movesBoundary ? "BOUNDARY" : document.edge.rawValue.uppercased()
        let base = document.base
        let place = document.stored.window.map { " here, \((base + span.start) * 100 / max(1, $0.length))% in" } ?? ""
        let details = " \(base + span.start)–\(base + span.end) · span \(index + 1)/\(document.annotated.spans.count)\(place)\(parent) · \(edge) │ "
        column = grid.write(details, row: layout.infoRow, col: column, style: CellStyle(attributes: .underline))
        column = grid.write(ReviewSummary.text(for: document, state: state), row: layout.infoRow, col: column, style: CellStyle(attributes: [.underline, .bold]))
        drawDetail(document, span: span, state: state, theme: theme, into: &grid)
        return column
    }

    /// While a position is chosen (split, new span): the cursor's offset and the text on each
    /// side of it, `split at 13 · “Hello there. ▏How are you?”`.
    private static func drawCursor(_ prompt: CursorPrompt, document: DocumentScreen, row: Int, state: AppState, into grid: inout Grid) {
        let what: String
        switch prompt.purpose {
        case .split: what = "split at \(prompt.cursor)"
        case .insertStart: what = "new span from \(prompt.cursor)"
        case .insertEnd(let anchor): what = "new span \(min(anchor, prompt.cursor))–\(max(anchor, prompt.cursor))"
        }
        let room = max(4, (state.size.cols - SafeText.width(of: what) - 8) / 2)
        let length = document.annotated.scalars.count
        let cursor = min(max(0, prompt.cursor), length)
        let beforeStart = max(0, cursor - room), afterEnd = min(length, cursor + room)
        let before = (beforeStart > 0 ? "…" : "") + document.annotated.text(in: beforeStart..<cursor)
        let after = document.annotated.text(in: cursor..<afterEnd) + (afterEnd < length ? "…" : "")
        var column = grid.write(" \(what) · “", row: row, col: 0, style: CellStyle(attributes: .bold))
        column = grid.write(before, row: row, col: column)
        column = grid.write("▏", row: row, col: column, style: CellStyle(attributes: [.reverse, .bold]))
        column = grid.write(after, row: row, col: column)
        grid.write("”", row: row, col: column, style: CellStyle(attributes: .bold))
    }

    /// The second line: the note being written, the rating being chosen, the span's problem,
    /// or its text.
    private static func drawDetail(_ document: DocumentScreen, span: Span, state: AppState, theme: Theme, into grid: inout Grid) {
        let row = ScreenLayout(state.size).detailRow
        if let note = document.noteEditor {
            let label = note.spanID == nil ? " document note: " : " note: "
            let start = grid.write(label, row: row, col: 0, style: CellStyle(attributes: .bold))
            let before = String(note.editor.characters.prefix(note.editor.cursor))
            let after = String(note.editor.characters.dropFirst(note.editor.cursor))
            let cursor = grid.write(before, row: row, col: start)
            grid.write(after.isEmpty ? " " : after, row: row, col: cursor)
            grid.restyle(row: row, cols: cursor..<(cursor + 1)) { $0.attributes.insert(.reverse) }
            return
        }
        if let prompt = document.prompt {
            drawCursor(prompt, document: document, row: row, state: state, into: &grid)
            return
        }
        if let pending = document.pendingRating, let dimension = state.rubric.dimension(pending.dimension) {
            let levels = dimension.scale.map { value in "\(value) \(dimension.levels[value] ?? "")" }.joined(separator: " · ")
            grid.write(" \(dimension.name) (\(dimension.key)): \(levels)", row: row, col: 0, style: CellStyle(attributes: .bold))
            return
        }
        let index = document.current
        let own = document.violations.filter { $0.spanIndex == index || ($0.spanIndex == nil && $0.range.overlaps(span.start..<span.end)) }
        if let first = own.first {
            let more = own.count > 1 ? " (+\(own.count - 1) more)" : ""
            grid.write(" ⚠ \(first.message)\(more)", row: row, col: 0, style: theme.problem)
        } else if let note = document.currentRecord.flatMap({ document.stored.note(on: $0.id, by: state.reviewer)?.note }) {
            grid.write(" ✎ \(note)", row: row, col: 0, style: CellStyle(attributes: .italic))
        } else {
            let preview = document.annotated.text(in: span.start..<min(span.end, span.start + 200))
            grid.write(" ✓ “\(preview)”", row: row, col: 0, style: theme.fine)
        }
    }
}
