import TrellisModel

/// The reviewer's judgement of the current span in a few characters: ratings by dimension key,
/// decision, note, and how many others reviewed it ("T4 K5 S– P– ✓ approved ✎ +1"). Ratings
/// and a decision made on an earlier state of the span are marked: `T4*`, `✓ approved · changed
/// since`.
enum ReviewSummary {
    static func text(for document: DocumentScreen, state: AppState) -> String {
        guard let record = document.currentRecord else { return "" }
        let spanID = record.id
        let mine = document.stored.ratings(of: spanID, by: state.reviewer)
        let earlier = document.stored.ratingsBeforeChange(of: spanID, by: state.reviewer)
        var parts = state.rubric.dimensions(for: record.label).map {
            "\($0.key)\(mine[$0.name].map(String.init) ?? "–")\(earlier.contains($0.name) ? "*" : "")"
        }
        let note = document.stored.note(on: spanID, by: state.reviewer)
        if let decision = note?.decision { parts.append(text(of: decision)) }
        if note.map({ $0.decision != nil && !document.stored.isCurrent($0) }) ?? false || !earlier.isEmpty {
            parts.append(changedSince)
        }
        if note?.note != nil { parts.append("✎") }
        let others = Set(document.stored.ratings.filter { $0.spanId == spanID && $0.reviewer != state.reviewer }.map(\.reviewer))
            .union(document.stored.notes.filter { $0.spanId == spanID && $0.reviewer != state.reviewer }.map(\.reviewer))
        if !others.isEmpty { parts.append("+\(others.count) other\(others.count == 1 ? "" : "s")") }
        return parts.joined(separator: " ")
    }

    /// The mark of a decision or rating made on an earlier state of what it judged.
    static let changedSince = "· changed since"

    /// A decision as the span line shows it: "✓ approved", "✗ rejected", "⚑ flagged".
    static func text(of decision: Decision) -> String {
        switch decision {
        case .approved: "✓ approved"
        case .rejected: "✗ rejected"
        case .flagged: "⚑ flagged"
        }
    }
}
