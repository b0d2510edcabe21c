import TrellisCore
import TrellisStore

/// Keys in the adjudication panel: walk the regions where the versions differ, choose a
/// version (its number) or none (0) for each, then confirm to save the adjudicated version.
enum AdjudicationCommands {
    static func opened(_ versions: [(reviewer: String, spans: [SpanRecord])], state: inout AppState) {
        guard versions.count >= 2 else {
            state.message = StatusMessage("this document has \(versions.count) independent version\(versions.count == 1 ? "" : "s"); adjudication needs two or more", isError: true)
            return
        }
        let panel = AdjudicationPanel(reviewers: versions.map(\.reviewer), versions: versions.map(\.spans))
        state.document?.adjudication = panel
        state.message = StatusMessage(panel.comparison.regions.isEmpty
            ? "the versions agree; \(state.keymap.hint(for: .confirm)) accepts them"
            : "\(panel.comparison.regions.count) difference\(panel.comparison.regions.count == 1 ? "" : "s"): choose a version for each (1–\(versions.count), 0 for none)")
    }

    static func handle(_ key: KeyPress, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard var panel = document.adjudication else { return [] }
        let regions = panel.comparison.regions
        defer { if document.adjudication != nil { document.adjudication = panel } }
        if case .character(let character) = key, let digit = character.wholeNumberValue, digit <= panel.versions.count, !regions.isEmpty {
            panel.choices[panel.current] = digit == 0 ? .some(nil) : .some(digit - 1)
            let next = regions.indices.first { panel.choices[$0] == nil }
            if let next { panel.current = next }
            state.message = StatusMessage("difference \(panel.current + 1): \(digit == 0 ? "no spans" : panel.reviewers[digit - 1] + "'s version")" + (next == nil ? "; every difference is decided, \(state.keymap.hint(for: .confirm)) saves" : ""))
            return []
        }
        if key == .enter {
            let missing = regions.indices.filter { panel.choices[$0] == nil }
            guard missing.isEmpty else {
                panel.current = missing[0]
                state.message = StatusMessage("\(missing.count) difference\(missing.count == 1 ? "" : "s") still to decide", isError: true)
                return []
            }
            document.adjudication = nil
            state.message = StatusMessage("adjudicated; the result is the document's shared version, approved by you")
            return [.adjudicate(documentID: document.stored.record.id!, spans: result(panel, stored: document.stored))]
        }
        switch state.keymap.command(for: key, in: .document) ?? state.keymap.command(for: key, in: .global) {
        case .nextSpan?: panel.current = min(panel.current + 1, max(0, regions.count - 1))
        case .previousSpan?: panel.current = max(panel.current - 1, 0)
        case .adjudicate?, .back?:
            document.adjudication = nil
            state.message = StatusMessage("adjudication left; nothing was saved")
        default:
            state.message = StatusMessage("\(state.keymap.hint(for: .nextSpan))/\(state.keymap.hint(for: .previousSpan)) move, 1–\(panel.versions.count) choose, 0 none, Enter saves", isError: true)
        }
        return []
    }

    /// The adjudicated spans with ratings: agreed spans get the median of every reviewer's
    /// ratings, chosen spans their reviewer's.
    static func result(_ panel: AdjudicationPanel, stored: StoredDocument) -> [AdjudicatedSpan] {
        func ratings(of span: Span, in versions: [Int]) -> [String: Int] {
            var values: [String: [Int]] = [:]
            for version in versions {
                guard let record = panel.versions[version].first(where: { $0.span == span }) else { continue }
                for (dimension, value) in stored.ratings(of: record.id!, by: panel.reviewers[version]) { values[dimension, default: []].append(value) }
            }
            return values.mapValues { $0.sorted()[($0.count - 1) / 2] }
        }
        var spans = panel.comparison.agreed.map { AdjudicatedSpan(span: $0, ratings: ratings(of: $0, in: Array(panel.versions.indices))) }
        for (index, region) in panel.comparison.regions.enumerated() {
            guard case .some(.some(let version)) = panel.choices[index] else { continue }
            spans += region.candidates[version].map { AdjudicatedSpan(span: $0, ratings: ratings(of: $0, in: [version])) }
        }
        return spans
    }
}
