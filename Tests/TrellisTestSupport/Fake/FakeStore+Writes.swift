import TrellisCore
import TrellisModel

/// What the fake store changes: edits, judgements, undo and redo, reverts and adjudication, each
/// one whole, with history, checked against what it was computed on.
extension FakeStore {
    public func applyEdit(_ result: SpanEditResult, named action: String, to seen: StoredDocument, by reviewer: String) throws(ReviewStoreError) -> StoredDocument {
        try checkWritable()
        let documentID = seen.record.id
        // A window's edit is moved back into the document's offsets.
        let base = seen.window?.text.lowerBound ?? 0
        let seenSpans = seen.spans.map { $0.shifted(by: base) }
        let edited = result.spans.map { Span(start: $0.start + base, end: $0.end + base, label: $0.label, depth: $0.depth) }
        let stored = liveSpans(documentID, owner: seen.owner).filter { span in
            seen.window.map { span.start >= $0.text.lowerBound && (span.start < $0.text.upperBound || $0.atEnd) } ?? true
        }
        guard stored == seenSpans else {
            throw ReviewStoreError(.conflict, "someone else changed this document; here is its current state")
        }
        var before: [Item: Value] = [:], after: [Item: Value] = [:]
        var focus: Int64?
        for (index, span) in edited.enumerated() {
            let id: Int64
            if let origin = result.origins[index] {
                id = seenSpans[origin].id
                if seenSpans[origin].span != span {
                    before[.span(id)] = current(.span(id))
                    after[.span(id)] = .span(span, deleted: false)
                }
            } else {
                id = newSpan(span, document: documentID, owner: seen.owner, deleted: true)
                before[.span(id)] = .span(span, deleted: true)
                after[.span(id)] = .span(span, deleted: false)
            }
            if index == result.focus { focus = id }
        }
        let kept = Set(result.origins.compactMap { $0 })
        for (index, record) in seenSpans.enumerated() where !kept.contains(index) {
            before[.span(record.id)] = .span(record.span, deleted: false)
            after[.span(record.id)] = .span(record.span, deleted: true)
        }
        commit(action, document: documentID, span: focus, reviewer: self.reviewer(reviewer).id, before: before, after: after)
        return try found(documentID, owner: seen.owner, near: edited.indices.contains(result.focus) ? edited[result.focus].start : base)
    }

    public func undo(in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> Replay? {
        try replay(undoing: true, in: documentID, by: reviewer)
    }

    public func redo(in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> Replay? {
        try replay(undoing: false, in: documentID, by: reviewer)
    }

    private func replay(undoing: Bool, in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> Replay? {
        try checkWritable()
        let reviewerID = self.reviewer(reviewer).id
        let stacks = undoStacks(documentID, reviewer: reviewerID)
        guard let target = undoing ? stacks.nextUndo : stacks.nextRedo, let entry = history.first(where: { $0.id == target }) else { return nil }
        let (expected, wanted) = undoing ? (entry.after, entry.before) : (entry.before, entry.after)
        guard current(expected.keys) == expected else {
            throw ReviewStoreError(.conflict, "cannot \(undoing ? "undo" : "redo") \(entry.action): it was changed since")
        }
        commit(undoing ? "undo" : "redo", document: documentID, span: entry.span, reviewer: reviewerID, before: expected, after: wanted, reverts: target)
        return Replay(document: try found(documentID, owner: versionOwner(documentID, reviewer: reviewerID), near: entry.span.flatMap { spans[$0]?.start }),
                      action: entry.action, spanID: entry.span)
    }

    public func review(_ change: ReviewChange, in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> StoredDocument {
        try checkWritable()
        let reviewerID = self.reviewer(reviewer).id
        var owner = versionOwner(documentID, reviewer: reviewerID)
        if let spanID = change.spanID {
            guard let span = spans[spanID], span.documentId == documentID, !span.deleted else {
                throw ReviewStoreError(.conflict, "that span was changed or deleted by someone else; here is the current state")
            }
            owner = span.ownerId
        }
        let after = target(of: change, in: documentID, reviewer: reviewerID)
        let before = current(after.keys)
        if before != after {
            commit(Self.action(of: change), document: documentID, span: change.spanID, reviewer: reviewerID, before: before, after: after)
        }
        return try found(documentID, owner: owner, near: change.spanID.flatMap { spans[$0]?.start })
    }

    /// The state of the judgements a review change leaves.
    private func target(of change: ReviewChange, in documentID: Int64, reviewer: Int64) -> [Item: Value] {
        switch change {
        case .rate(let span, let dimension, let value):
            return [.rating(span: span, reviewer: reviewer, dimension: dimension): .rating(value, seen: value == nil ? nil : spanState(span))]
        case .decideSpan(let span, let decision):
            let review = Item.spanReview(span: span, reviewer: reviewer)
            guard let decision else { return [review: .review(decision: nil, note: reviewOf(review).note, seen: nil)] }
            let state = spanState(span)
            var change = ratingsRebound(span: span, reviewer: reviewer, to: state)
            change[review] = .review(decision: decision, note: reviewOf(review).note, seen: state)
            return change
        case .noteSpan(let span, let note):
            let review = Item.spanReview(span: span, reviewer: reviewer), old = reviewOf(review)
            return [review: .review(decision: old.decision, note: note.flatMap { $0.isEmpty ? nil : $0 }, seen: old.seen)]
        case .reconfirmSpan(let span):
            let review = Item.spanReview(span: span, reviewer: reviewer), old = reviewOf(review), state = spanState(span)
            var change = ratingsRebound(span: span, reviewer: reviewer, to: state)
            if let decision = old.decision { change[review] = .review(decision: decision, note: old.note, seen: state) }
            return change
        case .decideDocument(let decision):
            let review = Item.documentReview(document: documentID, reviewer: reviewer)
            let seen = decision.map { _ in documentState(documentID, owner: workingOwner(documentID, reviewer: reviewer)) }
            return [review: .review(decision: decision, note: reviewOf(review).note, seen: seen)]
        case .noteDocument(let note):
            let review = Item.documentReview(document: documentID, reviewer: reviewer), old = reviewOf(review)
            return [review: .review(decision: old.decision, note: note.flatMap { $0.isEmpty ? nil : $0 }, seen: old.seen)]
        case .reconfirmDocument:
            let review = Item.documentReview(document: documentID, reviewer: reviewer), old = reviewOf(review)
            guard let decision = old.decision else { return [:] }
            return [review: .review(decision: decision, note: old.note, seen: documentState(documentID, owner: workingOwner(documentID, reviewer: reviewer)))]
        }
    }

    /// The history action a review change is recorded as (the SQLite store's names).
    private static func action(of change: ReviewChange) -> String {
        switch change {
        case .rate: "rate"
        case .decideSpan: "decide"
        case .noteSpan: "note"
        case .reconfirmSpan: "reconfirm"
        case .decideDocument: "decide-document"
        case .noteDocument: "note-document"
        case .reconfirmDocument: "reconfirm-document"
        }
    }

    private func reviewOf(_ item: Item) -> (decision: Decision?, note: String?, seen: Int64?) {
        guard case .review(let decision, let note, let seen) = current(item) else { return (nil, nil, nil) }
        return (decision, note, seen)
    }

    /// The reviewer's ratings of a span given to another state than `state`, bound to it.
    private func ratingsRebound(span: Int64, reviewer: Int64, to state: Int64?) -> [Item: Value] {
        var change: [Item: Value] = [:]
        for case (let item, .rating(let value, let seen)) in judgements where seen != state {
            if case .rating(span, reviewer, _) = item { change[item] = .rating(value, seen: state) }
        }
        return change
    }

    public func revert(document documentID: Int64, toEntry entryID: Int64, by reviewer: String) throws(ReviewStoreError) -> StoredDocument {
        try checkWritable()
        let reviewerID = self.reviewer(reviewer).id
        let blind = reviewsBlind(documentID, reviewer: reviewerID)
        let later = history.filter { $0.document == documentID && $0.id > entryID && (!blind || $0.reviewer == reviewerID) }.reversed()
        guard !later.isEmpty else { throw ReviewStoreError(.refused, "the document is already in that state") }
        if later.contains(where: { $0.reviewer != reviewerID }) {
            try require([.adjudicator, .admin], of: reviewer, to: "revert other reviewers' changes")
        }
        let touched = Set(later.flatMap(\.before.keys))
        let before = current(touched)
        let time = now()
        for entry in later { apply(entry.before, at: time) }
        commit("revert", document: documentID, span: nil, reviewer: reviewerID, before: before, after: current(touched), reverts: entryID > 0 ? entryID : nil, applied: true)
        return try found(documentID, owner: versionOwner(documentID, reviewer: reviewerID))
    }

    public func adjudicate(document documentID: Int64, version: AdjudicatedVersion, by reviewer: String) throws(ReviewStoreError) -> StoredDocument {
        try checkWritable()
        try requireAdjudicator(reviewer, of: documentID)
        let adjudicator = self.reviewer(reviewer).id
        var before: [Item: Value] = [:], after: [Item: Value] = [:]
        for old in liveSpans(documentID, owner: nil) {
            before[.span(old.id)] = .span(old.span, deleted: false)
            after[.span(old.id)] = .span(old.span, deleted: true)
        }
        let placed = version.placed
        let states = DecisionState.fingerprints(of: placed.map(\.span))
        for (chosen, state) in zip(placed, states) {
            let id = newSpan(chosen.span, document: documentID, owner: nil, deleted: true)
            before[.span(id)] = .span(chosen.span, deleted: true)
            after[.span(id)] = .span(chosen.span, deleted: false)
            for (dimension, value) in chosen.ratings {
                after[.rating(span: id, reviewer: adjudicator, dimension: dimension)] = .rating(value, seen: state)
            }
            let decision = chosen.decision.flatMap(Decision.init(rawValue:))
            after[.spanReview(span: id, reviewer: adjudicator)] = .review(decision: decision, note: chosen.note, seen: decision == nil ? nil : state)
        }
        let review = Item.documentReview(document: documentID, reviewer: adjudicator)
        let decision = version.documentDecision.flatMap(Decision.init(rawValue:))
        let contentHash = documents[documentID]?.contentHash ?? ""
        after[review] = .review(decision: decision, note: version.documentNote,
                                seen: decision == nil ? nil : DecisionState.fingerprint(ofDocument: placed.map(\.span), contentHash: contentHash))
        after[.adjudication(document: documentID)] = .adjudicated(by: adjudicator)
        before.merge(current(after.keys.filter { before[$0] == nil })) { old, _ in old }
        commit("adjudicate", document: documentID, span: nil, reviewer: adjudicator, before: before, after: after)
        return try found(documentID, owner: nil)
    }

    /// A version of a document that must exist.
    private func found(_ id: Int64, owner: Int64?, near: Int? = nil) throws(ReviewStoreError) -> StoredDocument {
        guard let document = stored(id, owner: owner, near: near) else { throw ReviewStoreError(.notFound, "no document with id \"#\(id)\"") }
        return document
    }
}
