import TrellisCore
import TrellisStore

/// Rating, deciding and annotating: the reviewer's judgement of spans and documents.
enum ReviewCommands {
    static func run(_ command: Command, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        let documentID = document.stored.record.id!
        if state.readOnly {
            state.message = StatusMessage("the database is read-only: nothing can be changed", isError: true)
            return []
        }
        switch command {
        case .approve, .reject, .flag:
            guard let record = document.currentRecord else { return noSpan(&state) }
            let wanted: Decision = command == .approve ? .approved : command == .reject ? .rejected : .flagged
            let mine = document.stored.note(on: record.id, by: state.reviewer)?.decision
            if mine == wanted {
                state.message = StatusMessage("\(wanted.rawValue) withdrawn")
                return [.review(.decideSpan(spanID: record.id!, decision: nil), documentID: documentID)]
            }
            if wanted == .approved {
                let blockers = ApprovalRules.spanBlockers(
                    mode: record.label, ratings: document.stored.ratings(of: record.id!, by: state.reviewer),
                    rubric: state.rubric, documentProblems: document.violations.count)
                if !blockers.isEmpty {
                    state.message = StatusMessage("cannot approve yet: " + blockers.joined(separator: "; "), isError: true)
                    return []
                }
            }
            return [.review(.decideSpan(spanID: record.id!, decision: wanted), documentID: documentID)]
        case .approveDocument, .rejectDocument, .flagDocument:
            let wanted: Decision = command == .approveDocument ? .approved : command == .rejectDocument ? .rejected : .flagged
            if document.stored.note(on: nil, by: state.reviewer)?.decision == wanted {
                state.message = StatusMessage("document \(wanted.rawValue) withdrawn")
                return [.review(.decideDocument(nil), documentID: documentID)]
            }
            if wanted == .approved {
                let undecided = document.stored.spans.filter { span in
                    let decision = document.stored.note(on: span.id, by: state.reviewer)?.decision
                    return decision != .approved && decision != .rejected
                }.count
                let blockers = ApprovalRules.documentBlockers(documentProblems: document.violations.count, undecided: undecided)
                if !blockers.isEmpty {
                    state.message = StatusMessage("cannot approve the document yet: " + blockers.joined(separator: "; "), isError: true)
                    return []
                }
            }
            state.message = StatusMessage("document \(wanted.rawValue)")
            return [.review(.decideDocument(wanted), documentID: documentID)]
        case .note:
            guard let record = document.currentRecord else { return noSpan(&state) }
            let existing = document.stored.note(on: record.id, by: state.reviewer)?.note ?? ""
            document.noteEditor = NoteEditor(spanID: record.id, editor: LineEditor(existing))
        case .noteDocument:
            let existing = document.stored.note(on: nil, by: state.reviewer)?.note ?? ""
            document.noteEditor = NoteEditor(spanID: nil, editor: LineEditor(existing))
        case .quickRate:
            guard let span = document.currentSpan else { return noSpan(&state) }
            let names = state.rubric.dimensions(for: span.label).map(\.name)
            guard let first = names.first else {
                state.message = StatusMessage("the rubric rates no dimension of <\(span.label)> spans")
                return []
            }
            document.pendingRating = PendingRating(dimension: first, then: Array(names.dropFirst()))
        default:
            return Reducer.unhandled(command, state: &state)
        }
        return []
    }

    /// A rubric dimension's key: start rating it.
    static func startRating(_ dimension: RubricDimension, document: inout DocumentScreen, state: inout AppState) {
        guard let span = document.currentSpan else {
            _ = noSpan(&state)
            return
        }
        guard dimension.modes.contains(span.label) else {
            state.message = StatusMessage("\(dimension.name) does not apply to <\(span.label)> spans", isError: true)
            return
        }
        document.pendingRating = PendingRating(dimension: dimension.name, then: [])
    }

    /// The key after a dimension: a digit of the scale rates, `-` or Backspace clears, Esc stops.
    static func finishRating(_ key: KeyPress, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard let pending = document.pendingRating, let dimension = state.rubric.dimension(pending.dimension),
              let record = document.currentRecord else {
            document.pendingRating = nil
            return []
        }
        let value: Int?
        switch key {
        case .character(let character) where character.wholeNumberValue.map(dimension.scale.contains) == true:
            value = character.wholeNumberValue
        case .character("-"), .backspace:
            value = nil
        case .escape:
            document.pendingRating = nil
            state.message = StatusMessage("rating stopped")
            return []
        default:
            state.message = StatusMessage("press \(dimension.scale.lowerBound)–\(dimension.scale.upperBound) to rate \(dimension.name), - to clear, Esc to stop", isError: true)
            return []
        }
        if state.readOnly {
            document.pendingRating = nil
            state.message = StatusMessage("the database is read-only: nothing can be changed", isError: true)
            return []
        }
        if let next = pending.then.first {
            document.pendingRating = PendingRating(dimension: next, then: Array(pending.then.dropFirst()))
        } else {
            document.pendingRating = nil
        }
        state.message = StatusMessage("\(dimension.name) \(value.map(String.init) ?? "cleared")\(value.flatMap { dimension.levels[$0] }.map { ": \($0)" } ?? "")")
        return [.review(.rate(spanID: record.id!, dimension: dimension.name, value: value), documentID: document.stored.record.id!)]
    }

    /// Keys while writing a note.
    static func editNote(_ key: KeyPress, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        guard var note = document.noteEditor else { return [] }
        switch note.editor.handle(key) {
        case .editing:
            document.noteEditor = note
            return []
        case .cancelled:
            document.noteEditor = nil
            state.message = StatusMessage("note not changed")
            return []
        case .done(let text):
            document.noteEditor = nil
            if state.readOnly {
                state.message = StatusMessage("the database is read-only: nothing can be changed", isError: true)
                return []
            }
            let trimmed = text.trimmingWhitespace
            state.message = StatusMessage(trimmed.isEmpty ? "note removed" : "note saved")
            let change: ReviewChange = note.spanID.map { .noteSpan(spanID: $0, note: trimmed) } ?? .noteDocument(trimmed)
            return [.review(change, documentID: document.stored.record.id!)]
        }
    }

    private static func noSpan(_ state: inout AppState) -> [Effect] {
        state.message = StatusMessage("no span here", isError: true)
        return []
    }
}

extension String {
    /// Without white space at either end.
    var trimmingWhitespace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
