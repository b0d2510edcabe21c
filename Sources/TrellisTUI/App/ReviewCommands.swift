import TrellisCore
import TrellisModel

/// Rating, deciding and annotating: the reviewer's judgement of spans and documents.
enum ReviewCommands {
    static func run(_ command: Command, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        let documentID = document.stored.record.id
        if state.readOnly {
            state.message = StatusMessage("the database is read-only: nothing can be changed", isError: true)
            return []
        }
        switch command {
        case .approve, .reject, .flag:
            guard let record = document.currentRecord else { return noSpan(&state) }
            let wanted: Decision = command == .approve ? .approved : command == .reject ? .rejected : .flagged
            // Pressing it again withdraws a decision; one made on an earlier state of the span is
            // made again on this one instead.
            let mine = document.stored.currentDecision(on: record.id, by: state.reviewer)
            if mine == wanted {
                state.message = StatusMessage("\(wanted.rawValue) withdrawn")
                return [.review(.decideSpan(spanID: record.id, decision: nil), documentID: documentID)]
            }
            if wanted == .approved, refuse("cannot approve yet", spanApprovalBlockers(record, document, state: state), &state) { return [] }
            if wanted != .flagged { moveOn(from: record, state: &state) }
            return [.review(.decideSpan(spanID: record.id, decision: wanted), documentID: documentID)]
        case .approveDocument, .rejectDocument, .flagDocument:
            let wanted: Decision = command == .approveDocument ? .approved : command == .rejectDocument ? .rejected : .flagged
            if document.stored.currentDecision(on: nil, by: state.reviewer) == wanted {
                state.message = StatusMessage("document \(wanted.rawValue) withdrawn")
                return [.review(.decideDocument(nil), documentID: documentID)]
            }
            if wanted == .approved, refuse("cannot approve the document yet", documentApprovalBlockers(document, state: state), &state) { return [] }
            state.message = StatusMessage("document \(wanted.rawValue)")
            let decided: [Effect] = [.review(.decideDocument(wanted), documentID: documentID)]
            guard state.autoAdvance, wanted != .flagged else { return decided }
            state.message = StatusMessage("document \(wanted.rawValue); on to the next document with a span you have not decided")
            return decided + DocumentCommands.openNextUndecidedDocument(after: document, state: &state)
        case .reconfirm:
            guard let record = document.currentRecord else { return noSpan(&state) }
            let spanID = record.id
            let note = document.stored.note(on: spanID, by: state.reviewer)
            let stale = document.stored.ratingsBeforeChange(of: spanID, by: state.reviewer)
            // A decision made on an earlier state of the span, if any.
            let staleDecision = note.flatMap { document.stored.isCurrent($0) ? nil : $0.decision }
            guard staleDecision != nil || !stale.isEmpty else {
                state.message = StatusMessage(note?.decision == nil && document.stored.ratings(of: spanID, by: state.reviewer).isEmpty
                    ? "you have not judged this span" : "your judgement of this span is current: nothing to re-confirm")
                return []
            }
            if staleDecision == .approved,
               refuse("cannot re-confirm the approval", spanApprovalBlockers(record, document, state: state), &state) { return [] }
            state.message = StatusMessage(staleDecision.map { "\($0.rawValue) re-confirmed for the span as it is now" } ?? "ratings re-confirmed for the span as it is now")
            return [.review(.reconfirmSpan(spanID: spanID), documentID: documentID)]
        case .reconfirmDocument:
            guard let note = document.stored.note(on: nil, by: state.reviewer), let decision = note.decision else {
                state.message = StatusMessage("you have not decided this document")
                return []
            }
            guard !document.stored.isCurrent(note) else {
                state.message = StatusMessage("your decision on this document is current: nothing to re-confirm")
                return []
            }
            if decision == .approved, refuse("cannot re-confirm the document's approval", documentApprovalBlockers(document, state: state), &state) { return [] }
            state.message = StatusMessage("document \(decision.rawValue) re-confirmed as it is now")
            return [.review(.reconfirmDocument, documentID: documentID)]
        case .note:
            guard let record = document.currentRecord else { return noSpan(&state) }
            let existing = document.stored.note(on: record.id, by: state.reviewer)?.note ?? ""
            document.noteEditor = NoteEditor(spanID: record.id, editor: LineEditor(existing))
        case .noteDocument:
            let existing = document.stored.note(on: nil, by: state.reviewer)?.note ?? ""
            document.noteEditor = NoteEditor(spanID: nil, editor: LineEditor(existing))
        case .rateAndApprove:
            guard let span = document.currentSpan, document.currentRecord != nil else { return noSpan(&state) }
            let names = state.rubric.dimensions(for: span.label).map(\.name)
            guard let first = names.first else {
                state.message = StatusMessage("the rubric rates no dimension of <\(span.label)> spans", isError: true)
                return []
            }
            if refuse("cannot approve yet", ApprovalRules.spanBlockers(mode: span.label, ratings: Dictionary(uniqueKeysWithValues: names.map { ($0, 0) }), rubric: state.rubric, documentProblems: document.violations.count), &state) { return [] }
            document.pendingRating = PendingRating(dimension: first, then: Array(names.dropFirst()), approving: true)
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
        if pending.approving {
            return rateAllAndApprove(value, pending: pending, record: record, document: &document, state: &state)
        }
        if let next = pending.then.first {
            document.pendingRating = PendingRating(dimension: next, then: Array(pending.then.dropFirst()))
        } else {
            document.pendingRating = nil
        }
        state.message = StatusMessage("\(dimension.name) \(value.map(String.init) ?? "cleared")\(value.flatMap { dimension.levels[$0] }.map { ": \($0)" } ?? "")")
        return [.review(.rate(spanID: record.id, dimension: dimension.name, value: value), documentID: document.stored.record.id)]
    }

    /// The digit after `rate-and-approve`: every dimension of the span's mode rated with it, then
    /// the span approved (and the cursor moved on).
    private static func rateAllAndApprove(_ value: Int?, pending: PendingRating, record: SpanRecord, document: inout DocumentScreen, state: inout AppState) -> [Effect] {
        let dimensions = ([pending.dimension] + pending.then).compactMap(state.rubric.dimension)
        guard let value, dimensions.allSatisfy({ $0.scale.contains(value) }) else {
            state.message = StatusMessage("press a digit every dimension's scale has, Esc to stop", isError: true)
            return []
        }
        document.pendingRating = nil
        let documentID = document.stored.record.id
        state.message = StatusMessage("rated \(value) on \(dimensions.map { String($0.key) }.joined(separator: " ")) and approved")
        moveOn(from: record, state: &state)
        return dimensions.map { .review(.rate(spanID: record.id, dimension: $0.name, value: value), documentID: documentID) }
            + [.review(.decideSpan(spanID: record.id, decision: .approved), documentID: documentID)]
    }

    /// After a span is approved or rejected, the cursor goes on to the next undecided span (unless
    /// the reviewer turned that off).
    private static func moveOn(from record: SpanRecord, state: inout AppState) {
        guard state.autoAdvance else { return }
        state.landing = .nextUndecided(after: record.id)
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
            return [.review(change, documentID: document.stored.record.id)]
        }
    }

    /// What stops the reviewer from approving a span: required ratings, schema problems.
    private static func spanApprovalBlockers(_ record: SpanRecord, _ document: DocumentScreen, state: AppState) -> [String] {
        ApprovalRules.spanBlockers(mode: record.label, ratings: document.stored.ratings(of: record.id, by: state.reviewer),
                                   rubric: state.rubric, documentProblems: document.violations.count)
    }

    /// Says on the status line why `action` cannot be done (`blockers`); `true` when it cannot.
    private static func refuse(_ action: String, _ blockers: [String], _ state: inout AppState) -> Bool {
        guard !blockers.isEmpty else { return false }
        state.message = StatusMessage("\(action): " + blockers.joined(separator: "; "), isError: true)
        return true
    }

    /// What stops the reviewer from approving the document: schema problems, and spans they have
    /// not approved or rejected as they are now.
    private static func documentApprovalBlockers(_ document: DocumentScreen, state: AppState) -> [String] {
        let undecided = document.stored.spans.filter { span in
            let decision = document.stored.currentDecision(on: span.id, by: state.reviewer)
            return decision != .approved && decision != .rejected
        }.count
        return ApprovalRules.documentBlockers(documentProblems: document.violations.count, undecided: undecided)
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
