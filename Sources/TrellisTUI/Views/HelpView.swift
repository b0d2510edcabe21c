import TrellisCore

/// The help screen, generated from the keymap, the schema and the placeholder table, so it
/// always tells the truth about this installation's keys.
enum HelpView {
    static func draw(_ state: AppState, into grid: inout Grid) {
        // Lines wider than the screen continue on the next rows, under their description.
        let lines = self.lines(state).flatMap { line in
            WordWrap.lines(line.text, width: state.size.cols, indent: line.indent).map { Line(text: $0, style: line.style) }
        }
        let height = max(1, state.size.rows - 1)
        let first = min(state.helpScroll, max(0, lines.count - height))
        for (row, line) in lines.dropFirst(first).prefix(height).enumerated() {
            grid.write(line.text, row: row, col: 0, style: line.style)
        }
    }

    struct Line {
        var text: String
        var style: CellStyle = CellStyle()
        /// Where the rows after the first start, when the line is wider than the screen.
        var indent = 3
    }

    static func lines(_ state: AppState) -> [Line] {
        let theme = Theme(state)
        var lines = [Line(text: " Trellis help — keys from your keymap; \(state.keymap.hint(for: .back)) or \(state.keymap.hint(for: .help)) closes", style: theme.header)]
        for context in KeyContext.allCases {
            lines.append(Line(text: ""))
            lines.append(Line(text: " \(context.title)", style: CellStyle(attributes: [.bold, .underline])))
            for command in Command.allCases where command.context == context {
                let keys = state.keymap.keys(for: command).map(KeyName.name(of:)).joined(separator: " ")
                lines.append(Line(text: padded("   \(keys.isEmpty ? "(unbound)" : keys)", to: 24) + command.summary, indent: 24))
            }
        }
        lines.append(Line(text: ""))
        lines.append(Line(text: " Counts: digits before a document key repeat it (3j, 5l, 2w, 4 space; Esc cancels)"))
        lines.append(Line(text: ""))
        lines.append(Line(text: " Modes (after \(state.keymap.hint(for: .relabel)), or when adding a span)", style: CellStyle(attributes: [.bold, .underline])))
        for tag in state.schema.tags {
            let where_ = tag.topLevel ? (tag.nestsIn.isEmpty ? "top level" : "top level or in \(tag.nestsIn.sorted().joined(separator: ", "))") : "only in \(tag.nestsIn.sorted().joined(separator: ", "))"
            lines.append(Line(text: "   \(tag.key)  \(theme.marker(for: Span(start: 0, end: 1, label: tag.name), edge: .start))\(tag.name)] — \(tag.description) (\(where_))", style: theme.style(for: tag.name)))
        }
        lines.append(Line(text: ""))
        lines.append(Line(text: " Rating (then a digit; - clears, Esc stops)", style: CellStyle(attributes: [.bold, .underline])))
        for dimension in state.rubric.dimensions {
            let scale = "\(dimension.scale.lowerBound)–\(dimension.scale.upperBound)"
            lines.append(Line(text: padded("   \(dimension.key)", to: 6) + "\(dimension.name) \(scale)\(dimension.required ? "" : " (optional)") — \(dimension.description) [\(dimension.modes.sorted().joined(separator: ", "))]"))
        }
        lines.append(Line(text: ""))
        lines.append(Line(text: " Search words (after \(state.keymap.hint(for: .search)) on the list; other words search ids and texts)", style: CellStyle(attributes: [.bold, .underline])))
        for (word, meaning) in [
            ("status:S or S", "unreviewed, in-progress, approved, rejected, flagged"),
            ("stage:N", "curriculum stage N"), ("mode:LABEL", "has a span of that mode"),
            ("mine / reviewer:NAME", "documents you (or NAME) changed, rated or decided"),
            ("queue", "documents assigned to you that you have not decided yet"),
            ("problems", "documents with schema problems"),
            ("rating:DIM<=N", "a span rated ≤ N on DIM (also >=N, =N, =N..M)"),
        ] {
            lines.append(Line(text: padded("   \(word)", to: 26) + meaning, indent: 26))
        }
        lines.append(Line(text: ""))
        lines.append(Line(text: " On screen", style: CellStyle(attributes: [.bold, .underline])))
        lines.append(Line(text: "   [ ]  span boundaries (the current span is reversed; its moving edge is underlined)"))
        lines.append(Line(text: "   red underlined text lies outside every span (a problem when the schema forbids it)"))
        for placeholder in SafeText.placeholders {
            lines.append(Line(text: padded("   \(placeholder.shown)", to: 12) + placeholder.meaning))
        }
        lines.append(Line(text: ""))
        lines.append(Line(text: " Every change is written to the database the moment you make it; quitting never loses work.", style: theme.dim))
        return lines
    }

    /// `text` followed by spaces up to `width` columns (at least one).
    private static func padded(_ text: String, to width: Int) -> String {
        text + String(repeating: " ", count: max(1, width - SafeText.width(of: text)))
    }
}
