import TrellisCore
import TrellisModel

/// Keys in the adjudication panel: walk the differences between the versions (regions of the
/// text, then the document's own judgements when they differ), choose a version (its number) or
/// none (0) for each, then confirm to save the adjudicated version. What agrees and what a choice
/// takes is `VersionComparison`'s rule; the panel only collects the choices.
enum AdjudicationCommands {
    static func opened(_ versions: [ReviewedVersion], state: inout AppState) {
        guard versions.count >= 2 else {
            state.message = StatusMessage("this document has \(versions.count) independent version\(versions.count == 1 ? "" : "s"); adjudication needs two or more", isError: true)
            return
        }
        let panel = AdjudicationPanel(versions: versions, rubric: state.rubric)
        state.document?.adjudication = panel
        let kinds = panel.comparison.differences.map(\.rawValue).joined(separator: ", ")
        state.message = StatusMessage(panel.count == 0
            ? "the versions agree in everything; \(state.keymap.hint(for: .confirm)) accepts them"
            : "\(panel.count) difference\(panel.count == 1 ? "" : "s") (\(kinds)); 1–\(versions.count) take a version, 0 none")
    }

    static func handle(_ key: KeyPress, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard var panel = document.adjudication else { return [] }
        defer { if document.adjudication != nil { document.adjudication = panel } }
        if case .character(let character) = key, let digit = character.wholeNumberValue, digit <= panel.versions.count, panel.count > 0 {
            panel.choices[panel.current] = digit == 0 ? .some(nil) : .some(digit - 1)
            let decided = panel.current
            let next = (0..<panel.count).first { panel.choices[$0] == nil }
            if let next { panel.current = next }
            let what = panel.region(decided) == nil ? "the document's decision and note" : "difference \(decided + 1)"
            let taken = digit == 0 ? (panel.region(decided) == nil ? "none" : "no spans") : panel.reviewers[digit - 1] + "'s"
            state.message = StatusMessage("\(what): \(taken)" + (next == nil ? "; every difference is decided, \(state.keymap.hint(for: .confirm)) saves" : ""))
            return []
        }
        if key == .enter {
            let missing = (0..<panel.count).filter { panel.choices[$0] == nil }
            guard missing.isEmpty else {
                panel.current = missing[0]
                state.message = StatusMessage("\(missing.count) difference\(missing.count == 1 ? "" : "s") still to decide", isError: true)
                return []
            }
            document.adjudication = nil
            state.message = StatusMessage("adjudicated; the result is the document's shared version, with the judgements you took")
            return [.adjudicate(documentID: document.stored.record.id, version: panel.result)]
        }
        switch state.keymap.command(for: key, in: .document) ?? state.keymap.command(for: key, in: .global) {
        case .nextSpan?: panel.current = min(panel.current + 1, max(0, panel.count - 1))
        case .previousSpan?: panel.current = max(panel.current - 1, 0)
        case .adjudicate?, .back?:
            document.adjudication = nil
            state.message = StatusMessage("adjudication left; nothing was saved")
        default:
            state.message = StatusMessage("\(state.keymap.hint(for: .nextSpan))/\(state.keymap.hint(for: .previousSpan)) move, 1–\(panel.versions.count) choose, 0 none, Enter saves", isError: true)
        }
        return []
    }
}
