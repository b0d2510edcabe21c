import TrellisCore
import TrellisModel

/// What the fake store answers: documents as each reviewer sees them, the list, history, versions.
extension FakeStore {
    public func beginSession() throws(ReviewStoreError) { try check() }
    public func idle() throws(ReviewStoreError) { try check() }

    public func changeToken() throws(ReviewStoreError) -> ChangeToken {
        try check()
        return ChangeToken("\(history.count)")
    }

    public func hasQueue(for reviewer: String) throws(ReviewStoreError) -> Bool {
        try check()
        guard let id = reviewers[reviewer]?.id else { return false }
        return assignments.contains { $0.reviewer == id && !hasDecided($0.document, reviewer: id) }
    }

    public func lastPosition(of reviewer: String) throws(ReviewStoreError) -> ReviewerPosition? {
        try check()
        return positions[reviewer]
    }

    public func savePosition(_ position: ReviewerPosition, of reviewer: String) throws(ReviewStoreError) {
        try check()
        if !isReadOnly { positions[reviewer] = position }
    }

    public func documentPage(filter: DocumentFilter, after: Int64?, before: Int64?, limit: Int, viewer: String) throws(ReviewStoreError) -> [DocumentSummary] {
        try check()
        let inRange = documents.keys.sorted().filter { id in after.map { id > $0 } ?? true && before.map { id < $0 } ?? true }
        let ordered = before == nil ? inRange : inRange.reversed()
        let page = ordered.lazy.compactMap { self.summary($0, viewer: viewer) }.filter { self.matches($0, filter, viewer: viewer) }.prefix(limit)
        return before == nil ? Array(page) : page.reversed()
    }

    public func documentCount(filter: DocumentFilter, viewer: String) throws(ReviewStoreError) -> Int {
        try check()
        return documents.keys.compactMap { summary($0, viewer: viewer) }.filter { matches($0, filter, viewer: viewer) }.count
    }

    /// Kept only for the whole corpus, as running totals would keep it.
    public func knownDocumentCount(filter: DocumentFilter, viewer: String) throws(ReviewStoreError) -> Int? {
        try check()
        return filter == .all ? documents.count : nil
    }

    public func countDocuments(filter: DocumentFilter, viewer: String, from: Int64, budget: Int) throws(ReviewStoreError) -> DocumentCountProgress {
        try check()
        let ids = documents.keys.sorted().filter { $0 >= from }
        let step = ids.prefix(max(1, budget))
        let matched = step.compactMap { summary($0, viewer: viewer) }.filter { matches($0, filter, viewer: viewer) }.count
        return DocumentCountProgress(matched: matched, next: ids.count > step.count ? ids[step.count] : nil)
    }

    public func progress(filter: DocumentFilter, viewer: String) throws(ReviewStoreError) -> ReviewProgress {
        try check()
        let rows = documents.keys.compactMap { summary($0, viewer: viewer) }.filter { matches($0, filter, viewer: viewer) }
        guard let id = reviewers[viewer]?.id else {
            return ReviewProgress(documents: rows.count, documentsDecided: 0, spans: rows.reduce(0) { $0 + $1.spanCount }, spansDecided: 0)
        }
        let decidedSpans = rows.reduce(0) { total, row in
            total + spans.values.filter { span in
                guard span.documentId == row.id, !span.deleted,
                      case .review(_?, _, _) = current(.spanReview(span: span.id, reviewer: id)) else { return false }
                return true
            }.count
        }
        return ReviewProgress(documents: rows.count, documentsDecided: rows.filter { hasDecided($0.id, reviewer: id) }.count,
                              spans: rows.reduce(0) { $0 + $1.spanCount }, spansDecided: decidedSpans)
    }

    public func nextStage(after stage: Int?) throws(ReviewStoreError) -> Int? {
        try check()
        return documents.values.compactMap(\.stage).filter { candidate in stage.map { candidate > $0 } ?? true }.min()
    }

    /// Counts its steps in ``textSearchSteps``.
    public func findText(_ query: String, in documentID: Int64, within range: Range<Int>, forward: Bool, budget: Int) throws(ReviewStoreError) -> TextFindStep {
        try check()
        guard let record = documents[documentID] else { throw ReviewStoreError(.notFound, "no document with id \"#\(documentID)\"") }
        textSearchSteps += 1
        let scalars = Array(record.text.unicodeScalars)
        return TextFindStep.step(of: TextMatcher(query), within: range, forward: forward, budget: min(budget, textSearchStepLimit),
                                 length: scalars.count) { Array(scalars[$0]) }
    }

    public func workingDocument(id: Int64, for reviewer: String, near: Int?) throws(ReviewStoreError) -> StoredDocument? {
        try check()
        guard documents[id] != nil else { return nil }
        if isReadOnly { return stored(id, owner: nil, near: near) }
        let reviewerID = self.reviewer(reviewer).id
        guard reviewsBlind(id, reviewer: reviewerID) else { return stored(id, owner: nil, near: near) }
        if versionOwner(id, reviewer: reviewerID) == nil {
            for span in liveSpans(id, owner: nil) { _ = newSpan(span.span, document: id, owner: reviewerID, deleted: false) }
        }
        return stored(id, owner: reviewerID, near: near)
    }

    public func undoStacks(in documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> UndoStacks {
        try check()
        guard let reviewerID = reviewers[reviewer]?.id else { return UndoStacks() }
        return undoStacks(documentID, reviewer: reviewerID)
    }

    public func history(of documentID: Int64, viewer: String) throws(ReviewStoreError) -> [HistoryItem] {
        try check()
        let blind = reviewers[viewer].flatMap { reviewsBlind(documentID, reviewer: $0.id) ? $0.id : nil }
        return history.filter { entry in entry.document == documentID && (blind.map { entry.reviewer == $0 } ?? true) }.map { entry in
            let kinds = Set(entry.after.keys.map { item -> String in
                switch item {
                case .span: "spans"
                case .rating: "ratings"
                case .spanReview, .documentReview: "decisions and notes"
                case .adjudication: "adjudication"
                }
            })
            return HistoryItem(id: entry.id, at: entry.at, reviewer: name(of: entry.reviewer), action: entry.action, summary: kinds.sorted().joined(separator: "; "))
        }
    }

    public func originalSpans(of documentID: Int64) throws(ReviewStoreError) -> [Span] {
        try check()
        // Each shared span as the first history entry that touched it found it, else as it is.
        var first: [Int64: Value] = [:]
        for entry in history where entry.document == documentID {
            for case (.span(let id), let value) in entry.before where first[id] == nil { first[id] = value }
        }
        return spans.values.filter { $0.documentId == documentID && $0.ownerId == nil }.compactMap { record -> Span? in
            guard case .span(let span, let deleted) = first[record.id] ?? .span(record.span, deleted: record.deleted), !deleted else { return nil }
            return span
        }.sorted { ($0.start, -$0.end, $0.depth) < ($1.start, -$1.end, $1.depth) }
    }

    public func versionsToAdjudicate(of documentID: Int64, by reviewer: String) throws(ReviewStoreError) -> [ReviewedVersion] {
        try check()
        try requireAdjudicator(reviewer, of: documentID)
        let owners = Set(spans.values.filter { $0.documentId == documentID }.compactMap(\.ownerId))
        guard let contentHash = documents[documentID]?.contentHash else { return [] }
        return owners.map { owner in
            let live = liveSpans(documentID, owner: owner)
            let states = DecisionState.fingerprints(of: live.map(\.span))
            let reviewed = zip(live, states).map { record, state in
                var ratings: [String: Int] = [:], earlier: [String: Int] = [:]
                for case (.rating(record.id, owner, let dimension), .rating(let value, let seen)) in judgements {
                    if seen == state { ratings[dimension] = value } else { earlier[dimension] = value }
                }
                guard case .review(let decision, let note, let seen) = current(.spanReview(span: record.id, reviewer: owner)) else {
                    return ReviewedSpan(id: record.id, span: record.span, ratings: ratings, ratingsBeforeChange: earlier)
                }
                return ReviewedSpan(id: record.id, span: record.span, decision: decision?.rawValue, decisionIsCurrent: seen != nil && seen == state,
                                    ratings: ratings, ratingsBeforeChange: earlier, note: note)
            }
            let documentState = DecisionState.fingerprint(ofDocument: live.map(\.span), contentHash: contentHash)
            guard case .review(let decision, let note, let seen) = current(.documentReview(document: documentID, reviewer: owner)) else {
                return ReviewedVersion(reviewer: name(of: owner), spans: reviewed, documentDecisionIsCurrent: false)
            }
            return ReviewedVersion(reviewer: name(of: owner), spans: reviewed, documentDecision: decision?.rawValue,
                                   documentDecisionIsCurrent: seen != nil && seen == documentState, documentNote: note)
        }.sorted { $0.reviewer < $1.reviewer }
    }

    // MARK: Helpers

    /// A version of a document with the judgements shown with it: every one for the shared
    /// version, the owner's own for an independent one (whose status and counts are its own).
    func stored(_ id: Int64, owner: Int64?) -> StoredDocument? {
        guard var record = documents[id] else { return nil }
        let live = liveSpans(id, owner: owner)
        let documentSpans = Set(spans.values.filter { $0.documentId == id && !$0.deleted }.map(\.id))
        let ownerName = owner.map(name(of:))
        var ratings: [SpanRating] = [], spanNotes: [ReviewNote] = [], documentNotes: [ReviewNote] = []
        for (item, value) in judgements {
            switch (item, value) {
            case (.rating(let span, let reviewer, let dimension), .rating(let value, let seen)) where documentSpans.contains(span):
                ratings.append(SpanRating(spanId: span, reviewer: name(of: reviewer), dimension: dimension, value: value, seen: seen))
            case (.spanReview(let span, let reviewer), .review(let decision, let note, let seen)) where documentSpans.contains(span):
                spanNotes.append(ReviewNote(spanId: span, reviewer: name(of: reviewer), decision: decision, note: note, at: at(item), seen: seen))
            case (.documentReview(id, let reviewer), .review(let decision, let note, let seen)):
                documentNotes.append(ReviewNote(spanId: nil, reviewer: name(of: reviewer), decision: decision, note: note, at: at(item), seen: seen))
            default:
                break
            }
        }
        ratings.sort { ($0.spanId, $0.reviewer, $0.dimension) < ($1.spanId, $1.reviewer, $1.dimension) }
        spanNotes.sort { ($0.spanId ?? 0, $0.reviewer) < ($1.spanId ?? 0, $1.reviewer) }
        documentNotes.sort { $0.reviewer < $1.reviewer }
        var notes = spanNotes + documentNotes
        if let ownerName {
            ratings.removeAll { $0.reviewer != ownerName }
            notes.removeAll { $0.reviewer != ownerName }
        }
        record.status = status(id, reviewer: owner)
        record.spanCount = live.count
        record.problemCount = problems(in: record, spans: live)
        return StoredDocument(record: record, owner: owner, spans: live, ratings: ratings, notes: notes)
    }

    /// A version as the review screen reads it: whole, or past ``DocumentWindow/wholeLimit``
    /// spans its window near `near` (the fake holds everything; it cuts by the rule every store keeps).
    func stored(_ id: Int64, owner: Int64?, near: Int?) -> StoredDocument? {
        guard let whole = stored(id, owner: owner) else { return nil }
        guard whole.spans.count > windowLimit else { return whole }
        let tops = whole.spans.map(\.span).filter { $0.depth == 0 }
        return whole.window(DocumentWindow.text(tops: tops, near: near ?? 0, length: whole.record.length, reach: windowReach))
    }

    /// When a judgement last changed.
    private func at(_ item: Item) -> String {
        judgedAt[item] ?? ""
    }

    func problems(in record: DocumentRecord, spans: [SpanRecord]) -> Int {
        Validator(schema: schema).violations(in: AnnotatedText(text: record.text, spans: spans.map(\.span))).count
    }

    /// A document's status: the latest document decision made on it as it is now (on the version
    /// its reviewer works on), else in progress while a change not undone stands, else unreviewed.
    /// With `reviewer`, from their own decision and changes only.
    func status(_ id: Int64, reviewer: Int64? = nil) -> DocumentStatus {
        let decisions = judgements.compactMap { item, value -> (reviewer: Int64, decision: Decision, seen: Int64?, at: String)? in
            guard case .documentReview(id, let by) = item, reviewer.map({ $0 == by }) ?? true,
                  case .review(let decision?, _, let seen) = value else { return nil }
            return (by, decision, seen, at(item))
        }.sorted { $0.at > $1.at }
        for decision in decisions where decision.seen == documentState(id, owner: workingOwner(id, reviewer: decision.reviewer)) {
            return DocumentStatus(rawValue: decision.decision.rawValue) ?? .inProgress
        }
        // Changes that were all undone leave the document as it was.
        let changers = Set(history.filter { $0.document == id && $0.action != "reimport" }.map(\.reviewer)).filter { changer in reviewer.map { $0 == changer } ?? true }
        return changers.contains { undoStacks(id, reviewer: $0).nextUndo != nil } ? .inProgress : .unreviewed
    }

    /// A document's row in the list as `viewer` sees it: their own version's status and counts
    /// while they review it blind (unreviewed, with the shared counts, until they open it).
    func summary(_ id: Int64, viewer: String) -> DocumentSummary? {
        guard let record = documents[id] else { return nil }
        var status = self.status(id), shared = liveSpans(id, owner: nil)
        var problems = self.problems(in: record, spans: shared)
        if let viewerID = reviewers[viewer]?.id, reviewsBlind(id, reviewer: viewerID) {
            if versionOwner(id, reviewer: viewerID) != nil {
                shared = liveSpans(id, owner: viewerID)
                status = self.status(id, reviewer: viewerID)
                problems = self.problems(in: record, spans: shared)
            } else {
                status = .unreviewed
            }
        }
        return DocumentSummary(id: id, externalId: record.externalId, stage: record.stage, status: status, spanCount: shared.count,
                               problemCount: problems, preview: record.text)
    }

    func matches(_ row: DocumentSummary, _ filter: DocumentFilter, viewer: String) -> Bool {
        guard let record = documents[row.id] else { return false }
        if let status = filter.status, row.status != status { return false }
        if let stage = filter.stage, record.stage != stage { return false }
        if filter.onlyWithProblems, row.problemCount == 0 { return false }
        if let search = filter.search, !search.isEmpty,
           !record.externalId.lowercased().contains(search.lowercased()), !record.text.contains(search) { return false }
        if let mode = filter.mode, !liveSpans(row.id, owner: nil).contains(where: { $0.label == mode }) { return false }
        if let name = filter.reviewer {
            guard let id = reviewers[name]?.id, history.contains(where: { $0.document == row.id && $0.reviewer == id && $0.action != "reimport" }) else { return false }
        }
        if let name = filter.queueOf {
            guard let id = reviewers[name]?.id, assignments.contains(where: { $0.document == row.id && $0.reviewer == id }),
                  !hasDecided(row.id, reviewer: id) else { return false }
        }
        if let name = filter.undecidedBy {
            // Any live span of the version the reviewer sees without a decision of theirs.
            // (A reviewer the store has not met yet has decided nothing.)
            let id = reviewers[name]?.id
            let decided: (SpanRecord) -> Bool = { span in
                guard let id, case .review(_?, _, _) = self.current(.spanReview(span: span.id, reviewer: id)) else { return false }
                return true
            }
            if liveSpans(row.id, owner: id.flatMap { workingOwner(row.id, reviewer: $0) }).allSatisfy(decided) { return false }
        }
        if let rating = filter.rating {
            // A blind viewer's search does not find what others rated in their own versions.
            let blind = reviewers[viewer].flatMap { reviewsBlind(row.id, reviewer: $0.id) ? $0.id : nil }
            let visible = Set(spans.values.filter { $0.documentId == row.id && !$0.deleted && ($0.ownerId == nil || blind == nil || $0.ownerId == blind) }.map(\.id))
            let found = judgements.contains { item, value in
                guard case .rating(let span, _, rating.dimension) = item, case .rating(let given, _) = value else { return false }
                return visible.contains(span) && rating.values.contains(given)
            }
            if !found { return false }
        }
        return true
    }

    /// Whether `reviewer` decided the document (a decision of any age).
    func hasDecided(_ document: Int64, reviewer: Int64) -> Bool {
        if case .review(_?, _, _) = current(.documentReview(document: document, reviewer: reviewer)) { return true }
        return false
    }

    /// Whether a reviewer reviews a document blind: assigned to it independently, not yet adjudicated.
    func reviewsBlind(_ document: Int64, reviewer: Int64) -> Bool {
        adjudicators[document] == nil && assignments.contains { $0.document == document && $0.reviewer == reviewer && $0.independent }
    }

    /// The reviewer, when they have an independent version of the document (even an emptied one).
    func versionOwner(_ document: Int64, reviewer: Int64) -> Int64? {
        spans.values.contains { $0.documentId == document && $0.ownerId == reviewer } ? reviewer : nil
    }

    /// The version a reviewer works on: their own until the document is adjudicated.
    func workingOwner(_ document: Int64, reviewer: Int64) -> Int64? {
        adjudicators[document] != nil ? nil : versionOwner(document, reviewer: reviewer)
    }

    func spanState(_ spanID: Int64) -> Int64? {
        guard let span = spans[spanID], !span.deleted else { return nil }
        let live = liveSpans(span.documentId, owner: span.ownerId)
        return live.firstIndex { $0.id == spanID }.map { DecisionState.fingerprint(ofSpanAt: $0, in: live.map(\.span)) }
    }

    func documentState(_ document: Int64, owner: Int64?) -> Int64 {
        DecisionState.fingerprint(ofDocument: liveSpans(document, owner: owner).map(\.span), contentHash: documents[document]?.contentHash ?? "")
    }

    func undoStacks(_ document: Int64, reviewer: Int64) -> UndoStacks {
        UndoStacks(replaying: history.filter { $0.document == document && $0.reviewer == reviewer && $0.action != "reimport" }.map { entry in
            switch entry.action {
            case "undo": .undo(entry.reverts ?? 0)
            case "redo": .redo(entry.reverts ?? 0)
            default: .edit(entry.id)
            }
        })
    }

    /// Refuses unless `name` has one of `roles` (anyone may, before there is an admin: `RolePolicy`).
    func require(_ roles: Set<ReviewerRole>, of name: String, to what: String) throws(ReviewStoreError) {
        let hasAdmin = reviewers.values.contains { $0.role == .admin }
        if let refusal = RolePolicy.refusal(of: name, role: reviewers[name]?.role, storeHasAdmin: hasAdmin, needs: roles, to: what) {
            throw ReviewStoreError(.refused, refusal)
        }
    }

    /// Refuses unless `name` may adjudicate the document (never a reviewer who reviews it blind).
    func requireAdjudicator(_ name: String, of document: Int64) throws(ReviewStoreError) {
        try require([.adjudicator, .admin], of: name, to: "adjudicate")
        guard let reviewer = reviewers[name] else { return }
        if let refusal = RolePolicy.blindRefusal(of: name, role: reviewer.role, reviewsBlind: reviewsBlind(document, reviewer: reviewer.id)) {
            throw ReviewStoreError(.refused, refusal)
        }
    }
}
