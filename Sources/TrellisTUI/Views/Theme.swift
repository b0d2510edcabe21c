import TrellisCore

/// Styles of the screen: mode colours from the schema, or on monochrome terminals the schema's
/// attributes, plus the boundary markers that make spans visible without colour.
struct Theme {
    let schema: TagSchema
    let monochrome: Bool

    init(_ state: AppState) {
        schema = state.schema
        monochrome = state.monochrome
    }

    init(schema: TagSchema, monochrome: Bool) {
        self.schema = schema
        self.monochrome = monochrome
    }

    /// Text inside a span labelled `label`.
    func style(for label: String) -> CellStyle {
        guard let tag = schema.tag(label) else { return CellStyle(foreground: .red, attributes: .underline) }
        if monochrome { return CellStyle(attributes: Self.attributes(named: tag.monochrome)) }
        return CellStyle(foreground: TermColor(name: tag.color) ?? .default)
    }

    /// Non-white-space text outside every span, when the schema forbids it.
    var untagged: CellStyle {
        monochrome ? CellStyle(attributes: [.underline, .dim]) : CellStyle(foreground: .red, attributes: .underline)
    }

    /// `style` inside the current span (`own`: the span's own text or marker, not a nested
    /// span's): reversed. A mode that is already reversed on a monochrome terminal (quotes) is
    /// also made bold and underlined, so the current quote stands out from the others.
    func current(_ style: CellStyle, own: Bool) -> CellStyle {
        var style = style
        if own, monochrome, style.attributes.contains(.reverse) { style.attributes.formUnion([.bold, .underline]) }
        style.attributes.insert(.reverse)
        return style
    }

    var header: CellStyle { CellStyle(attributes: .bold) }
    var statusBar: CellStyle { CellStyle(attributes: .reverse) }
    var errorBar: CellStyle { monochrome ? CellStyle(attributes: [.reverse, .bold]) : CellStyle(foreground: .white, background: .red, attributes: .bold) }
    var dim: CellStyle { CellStyle(attributes: .dim) }
    var problem: CellStyle { monochrome ? CellStyle(attributes: .bold) : CellStyle(foreground: .red, attributes: .bold) }
    var fine: CellStyle { monochrome ? CellStyle() : CellStyle(foreground: .green) }

    /// The text of a boundary marker: `[`/`]`, with the mode's marker letter on monochrome terminals.
    func marker(for span: Span, edge: SpanEdge) -> String {
        let letter = monochrome ? (schema.tag(span.label)?.marker ?? "?") : ""
        return edge == .start ? letter + "[" : "]"
    }

    static func attributes(named name: String) -> TextAttributes {
        switch name {
        case "underline": .underline
        case "reverse": .reverse
        case "dim": .dim
        case "italic": .italic
        default: .bold
        }
    }
}
