import TrellisCore
import TrellisModel

/// The adjudication panel: each reviewer's version stacked, scrolled to the current difference,
/// with the differing spans underlined, each version's judgement of them on its title line, and
/// the chosen version marked.
enum AdjudicationView {
    static func draw(_ panel: AdjudicationPanel, document: DocumentScreen, state: AppState, into grid: inout Grid) {
        let theme = Theme(state)
        let top = 1, bottom = ScreenLayout(state.size).infoRow
        let region = panel.region(panel.current)
        let paneHeight = max(1, (bottom - top) / panel.versions.count - 1)
        for (index, version) in panel.versions.enumerated() {
            let row = top + index * (paneHeight + 1)
            let chosen = panel.count > 0 && panel.choices[panel.current] == .some(index)
            let judged = panel.count == 0 ? "" : region.map { " " + judgements($0.candidates[index], rubric: state.rubric) } ?? " " + documentJudgement(version)
            let title = "── \(index + 1) \(panel.reviewers[index])\(chosen ? " ✓ chosen" : ""):\(judged) "
            grid.write(title + String(repeating: "─", count: max(0, state.size.cols - SafeText.width(of: title))), row: row, col: 0,
                       style: chosen ? theme.header.merged(with: CellStyle(attributes: .reverse)) : theme.dim, limit: state.size.cols)
            let length = document.annotated.scalars.count
            let spans = version.spans.map { $0.span.clamped(toLength: length) }
            let differing = Set(region?.candidates[index].map { $0.span.clamped(toLength: length) } ?? [])
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
        let status: String
        if panel.count == 0 {
            status = " the versions agree in everything — Enter accepts them"
        } else {
            let what = panel.differences(panel.current).map(\.rawValue).joined(separator: ", ")
            status = " difference \(panel.current + 1) of \(panel.count), \(what) (\(panel.choices.count) decided): 1–\(panel.versions.count) take a version, 0 none, j/k move, Enter saves"
        }
        // On the span line and, when it is longer, the detail line below it.
        for (index, line) in WordWrap.lines(status, width: state.size.cols, indent: 1).prefix(2).enumerated() {
            grid.write(line, row: bottom + index, col: 0, style: theme.header)
        }
    }

    /// A version's spans in a region with their reviewer's judgements: "ai 17–42 ✓ approved T5 K5 ✎ “…”";
    /// judgements made before the span last changed are marked as on the span line
    /// ("✓ approved · changed since T5*").
    static func judgements(_ spans: [ReviewedSpan], rubric: Rubric) -> String {
        guard !spans.isEmpty else { return "no spans here" }
        return spans.map { span in
            let ratings = rubric.dimensions(for: span.span.label).map { dimension in
                let earlier = span.ratingsBeforeChange[dimension.name]
                return "\(dimension.key)\((span.ratings[dimension.name] ?? earlier).map(String.init) ?? "–")\(earlier == nil ? "" : "*")"
            }
            return (["\(span.span.label) \(span.span.start)–\(span.span.end)", decision(span.decision), span.isChangedSince ? ReviewSummary.changedSince : ""] + ratings + [note(span.note)])
                .filter { !$0.isEmpty }.joined(separator: " ")
        }.joined(separator: " · ")
    }

    /// A version's judgement of the whole document.
    static func documentJudgement(_ version: ReviewedVersion) -> String {
        let stale = version.documentDecision != nil && !version.documentDecisionIsCurrent
        return "document " + ([decision(version.documentDecision), stale ? ReviewSummary.changedSince : "", note(version.documentNote)].filter { !$0.isEmpty }.joined(separator: " "))
    }

    private static func decision(_ decision: String?) -> String {
        decision.flatMap(Decision.init(rawValue:)).map(ReviewSummary.text(of:)) ?? "undecided"
    }

    private static func note(_ note: String?) -> String {
        note.map { "✎ “\($0)”" } ?? ""
    }
}
