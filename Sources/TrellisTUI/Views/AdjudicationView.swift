import TrellisCore

/// The adjudication panel: each reviewer's version stacked, scrolled to the current difference,
/// with the differing spans underlined and the chosen version marked.
enum AdjudicationView {
    static func draw(_ panel: AdjudicationPanel, document: DocumentScreen, state: AppState, into grid: inout Grid) {
        let theme = Theme(state)
        let top = 1, bottom = ScreenLayout(state.size).infoRow
        let regions = panel.comparison.regions
        let region = regions.indices.contains(panel.current) ? regions[panel.current] : nil
        let paneHeight = max(1, (bottom - top) / panel.versions.count - 1)
        for (index, version) in panel.versions.enumerated() {
            let row = top + index * (paneHeight + 1)
            let chosen = region.map { _ in panel.choices[panel.current] == .some(index) } ?? false
            let title = "── \(index + 1) \(panel.reviewers[index])\(chosen ? " ✓ chosen" : "") "
            grid.write(title + String(repeating: "─", count: max(0, state.size.cols - SafeText.width(of: title))), row: row, col: 0,
                       style: chosen ? theme.header.merged(with: CellStyle(attributes: .reverse)) : theme.dim)
            let spans = version.map { $0.span.clamped(toLength: document.annotated.scalars.count) }
            let differing = Set(region?.candidates[index] ?? [])
            let layout = TextLayout(scalars: document.annotated.scalars, spans: spans, width: state.size.cols) { spanIndex, edge in
                theme.marker(for: spans[spanIndex], edge: edge)
            }
            let first = region.map { max(0, layout.line(containing: $0.range.lowerBound) - paneHeight / 3) } ?? 0
            for line in 0..<paneHeight where first + line < layout.lines.count {
                var column = 0
                for glyph in layout.lines[first + line] {
                    let owner = glyph.marker?.spanIndex ?? spans.lastIndex { $0.start <= glyph.offset && glyph.offset < $0.end }
                    var style = owner.map { theme.style(for: spans[$0].label) } ?? CellStyle()
                    if let owner, differing.contains(spans[owner]) { style.attributes.formUnion([.underline, .bold]) }
                    if let region, glyph.marker == nil, region.range.contains(glyph.offset) { style.attributes.insert(.reverse) }
                    column = grid.write(glyph.text, row: row + 1 + line, col: column, style: style)
                }
            }
        }
        let decided = panel.choices.count
        let status = regions.isEmpty
            ? " the versions agree on every span — Enter accepts them"
            : " difference \(panel.current + 1) of \(regions.count) (\(decided) decided): 1–\(panel.versions.count) take a version, 0 none, j/k move, Enter saves"
        grid.write(status, row: bottom, col: 0, style: theme.header)
    }
}
