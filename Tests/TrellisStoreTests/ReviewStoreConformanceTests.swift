import Testing
import TrellisCore
import TrellisModel
import TrellisTestSupport

/// What every ``ReviewStore`` must do, checked on each backend (`StoreBackend`): the SQLite store
/// and the fake the screen tests use, and any store added later (docs/architecture.md, "Adding a
/// store backend").
@Suite struct ReviewStoreConformanceTests {
    static let backends = StoreBackend.allCases
    let directory: TemporaryDirectory
    let schema = Fixtures.defaultSchema

    init() throws {
        directory = try TemporaryDirectory()
    }

    static let lines = [
        ImportHelpers.line(id: "a1", text: "<human>Hello there. How are you?</human> <ai>I am well, thanks.</ai>", stage: 1),
        ImportHelpers.line(id: "a2", text: "<ai>Fine.</ai> stray words <human>Yes.</human>", stage: 2),
        ImportHelpers.line(id: "b3", text: "<human>Plain question?</human> <ai>Plain answer.</ai>", stage: 2),
        ImportHelpers.line(id: "b4", text: "<ai>Just the assistant here.</ai>", stage: 3),
        ImportHelpers.line(id: "c5", text: "<human>Last one.</human>"),
    ]

    private func store(_ backend: StoreBackend, independent: [String] = [], roles: [String: ReviewerRole] = [:], readOnly: Bool = false) throws -> any ReviewStore {
        try backend.make(Self.lines, independent: independent, roles: roles, readOnly: readOnly, in: directory)
    }

    /// The document `externalID` as `reviewer` works on it.
    private func open(_ externalID: String, in store: any ReviewStore, as reviewer: String = "ada") throws -> StoredDocument {
        let row = try #require(try store.documentPage(filter: DocumentFilter(search: externalID), after: nil, before: nil, limit: 1, viewer: reviewer).first)
        return try #require(try store.workingDocument(id: row.id, for: reviewer))
    }

    private func edit(_ edit: SpanEdit, _ document: StoredDocument, in store: any ReviewStore, as reviewer: String = "ada") throws -> StoredDocument {
        let result = try SpanEditor(schema: schema, annotated: document.annotated).apply(edit).get()
        return try store.applyEdit(result, named: edit.name, to: document, by: reviewer)
    }

    private func ids(_ rows: [DocumentSummary]) -> [String] { rows.map(\.externalId) }

    @Test(arguments: backends) func pagesGoByIdBothWays(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let first = try store.documentPage(filter: .all, after: nil, before: nil, limit: 2, viewer: "ada")
        #expect(ids(first) == ["a1", "a2"])
        let next = try store.documentPage(filter: .all, after: first[1].id, before: nil, limit: 2, viewer: "ada")
        #expect(ids(next) == ["b3", "b4"])
        #expect(ids(try store.documentPage(filter: .all, after: nil, before: next[0].id, limit: 5, viewer: "ada")) == ["a1", "a2"])
        #expect(ids(try store.documentPage(filter: .all, after: nil, before: Int64.max, limit: 2, viewer: "ada")) == ["b4", "c5"])
        #expect(try store.documentCount(filter: .all, viewer: "ada") == 5)
        #expect(first[0].spanCount == 2 && first[0].status == .unreviewed && first[0].stage == 1)
        #expect(first[0].preview.hasPrefix("Hello there."))
    }

    @Test(arguments: backends) func filtersNarrowPagesAndCounts(_ backend: StoreBackend) throws {
        let store = try store(backend)
        func matching(_ filter: DocumentFilter) throws -> [String] {
            let rows = ids(try store.documentPage(filter: filter, after: nil, before: nil, limit: 10, viewer: "ada"))
            #expect(try store.documentCount(filter: filter, viewer: "ada") == rows.count)
            return rows
        }
        #expect(try matching(DocumentFilter(stage: 2)) == ["a2", "b3"])
        #expect(try matching(DocumentFilter(onlyWithProblems: true)) == ["a2"])
        #expect(try matching(DocumentFilter(search: "b")) == ["b3", "b4"])
        #expect(try matching(DocumentFilter(search: "answer")) == ["b3"])
        #expect(try matching(DocumentFilter(mode: "human")) == ["a1", "a2", "b3", "c5"])
        #expect(try store.nextStage(after: nil) == 1)
        #expect(try store.nextStage(after: 1) == 2)
        #expect(try store.nextStage(after: 3) == nil)
        let b4 = try open("b4", in: store)
        _ = try store.review(.rate(spanID: b4.spans[0].id, dimension: "honesty", value: 2), in: b4.record.id, by: "bo")
        #expect(try matching(DocumentFilter(reviewer: "bo")) == ["b4"])
        #expect(try matching(DocumentFilter(rating: RatingRange(dimension: "honesty", values: 1...2))) == ["b4"])
        #expect(try matching(DocumentFilter(rating: RatingRange(dimension: "honesty", values: 3...5))) == [])
        #expect(try matching(DocumentFilter(status: .inProgress)) == ["b4"])
    }

    /// A search finds ids containing it anywhere, in any case, and texts containing it.
    @Test(arguments: backends) func searchesFindIdsBySubstring(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let rows = { (search: String) in self.ids(try store.documentPage(filter: DocumentFilter(search: search), after: nil, before: nil, limit: 10, viewer: "ada")) }
        #expect(try rows("4") == ["b4"])
        #expect(try rows("B") == ["b3", "b4"])
        #expect(try rows("well, thanks") == ["a1"])
    }

    /// The rewriter's spans: as imported, whatever reviewers moved, relabelled, added or deleted
    /// since; undoing every change gives them back as the current spans.
    @Test(arguments: backends) func originalSpansAreTheSpansAsImported(_ backend: StoreBackend) throws {
        let store = try store(backend)
        var document = try open("a1", in: store)
        let imported = document.annotated.spans
        #expect(try store.originalSpans(of: document.record.id) == imported)
        document = try edit(.moveEdge(span: 0, edge: .end, direction: .backward, unit: .word), document, in: store)
        document = try edit(.relabel(span: 0, label: "ai"), document, in: store)
        document = try edit(.delete(span: 1), document, in: store)
        document = try edit(.insert(range: 26..<30, label: "human"), document, in: store)
        #expect(document.annotated.spans != imported)
        #expect(try store.originalSpans(of: document.record.id) == imported)
    }

    /// A count a step at a time adds up to the whole count; a count the store says it keeps is it.
    @Test(arguments: backends) func countsInStepsAddUpToTheWholeCount(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let filters = [DocumentFilter.all, DocumentFilter(stage: 2), DocumentFilter(search: "plain"), DocumentFilter(mode: "ai"), DocumentFilter(onlyWithProblems: true)]
        for filter in filters {
            let whole = try store.documentCount(filter: filter, viewer: "ada")
            if let known = try store.knownDocumentCount(filter: filter, viewer: "ada") { #expect(known == whole, "\(filter.summary)") }
            var (counted, next, steps): (Int, Int64?, Int) = (0, 0, 0)
            while let from = next {
                let step = try store.countDocuments(filter: filter, viewer: "ada", from: from, budget: 2)
                counted += step.matched
                next = step.next
                steps += 1
                try #require(steps < 10, "the steps end")
            }
            #expect(counted == whole, "\(filter.summary)")
        }
    }

    @Test(arguments: backends) func anEditIsSavedAndUndoneAndRedone(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let document = try open("a1", in: store)
        #expect(try store.undoStacks(in: document.record.id, by: "ada").nextUndo == nil)
        let saved = try edit(.relabel(span: 1, label: "human"), document, in: store)
        #expect(saved.spans.map(\.label) == ["human", "human"])
        #expect(try store.workingDocument(id: document.record.id, for: "ada")?.spans == saved.spans)
        #expect(try store.history(of: document.record.id, viewer: "ada").map(\.action) == ["relabel"])
        #expect(try store.undoStacks(in: document.record.id, by: "ada").nextUndo != nil)
        let undone = try #require(try store.undo(in: document.record.id, by: "ada"))
        #expect(undone.action == "relabel")
        #expect(undone.spanID == document.spans[1].id)
        #expect(undone.document.spans.map(\.label) == ["human", "ai"])
        #expect(try store.undo(in: document.record.id, by: "ada") == nil)
        let redone = try #require(try store.redo(in: document.record.id, by: "ada"))
        #expect(redone.document.spans.map(\.label) == ["human", "human"])
        #expect(try store.redo(in: document.record.id, by: "ada") == nil)
        #expect(try store.history(of: document.record.id, viewer: "ada").map(\.action) == ["relabel", "undo", "redo"])
    }

    @Test(arguments: backends) func aDocumentWhoseChangesAreAllUndoneIsUnreviewedAgain(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let document = try open("a1", in: store)
        let saved = try edit(.relabel(span: 1, label: "human"), document, in: store)
        _ = try store.review(.rate(spanID: saved.spans[0].id, dimension: "honesty", value: 4), in: document.record.id, by: "bo")
        #expect(try open("a1", in: store).record.status == .inProgress)
        _ = try store.undo(in: document.record.id, by: "ada")
        #expect(try open("a1", in: store).record.status == .inProgress, "bo's rating still stands")
        _ = try store.undo(in: document.record.id, by: "bo")
        #expect(try open("a1", in: store).record.status == .unreviewed)
        _ = try store.redo(in: document.record.id, by: "ada")
        #expect(try open("a1", in: store).record.status == .inProgress)
    }

    @Test(arguments: backends) func undecidedByFindsDocumentsWithASpanTheReviewerHasNotDecided(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let filter = DocumentFilter(undecidedBy: "ada")
        func matching() throws -> [String] {
            let rows = ids(try store.documentPage(filter: filter, after: nil, before: nil, limit: 10, viewer: "ada"))
            #expect(try store.documentCount(filter: filter, viewer: "ada") == rows.count)
            return rows
        }
        #expect(try matching() == ["a1", "a2", "b3", "b4", "c5"])
        let b4 = try open("b4", in: store)
        _ = try store.review(.decideSpan(spanID: b4.spans[0].id, decision: .rejected), in: b4.record.id, by: "ada")
        let b3 = try open("b3", in: store)
        _ = try store.review(.decideSpan(spanID: b3.spans[0].id, decision: .flagged), in: b3.record.id, by: "ada")
        _ = try store.review(.decideSpan(spanID: b3.spans[1].id, decision: .approved), in: b3.record.id, by: "bo")
        #expect(try matching() == ["a1", "a2", "b3", "c5"], "another reviewer's decision is not ada's")
        _ = try store.review(.decideSpan(spanID: b4.spans[0].id, decision: nil), in: b4.record.id, by: "ada")
        #expect(try matching() == ["a1", "a2", "b3", "b4", "c5"], "a decision withdrawn leaves the span undecided")
    }

    @Test(arguments: backends) func progressCountsWhatTheReviewerDecidedOfAFilter(_ backend: StoreBackend) throws {
        let store = try store(backend)
        #expect(try store.progress(filter: .all, viewer: "ada") == ReviewProgress(documents: 5, documentsDecided: 0, spans: 8, spansDecided: 0))
        let b3 = try open("b3", in: store)
        _ = try store.review(.decideSpan(spanID: b3.spans[0].id, decision: .approved), in: b3.record.id, by: "ada")
        _ = try store.review(.decideSpan(spanID: b3.spans[1].id, decision: .rejected), in: b3.record.id, by: "ada")
        _ = try store.review(.decideDocument(.rejected), in: b3.record.id, by: "ada")
        let a1 = try open("a1", in: store)
        _ = try store.review(.decideSpan(spanID: a1.spans[0].id, decision: .flagged), in: a1.record.id, by: "bo")
        #expect(try store.progress(filter: .all, viewer: "ada") == ReviewProgress(documents: 5, documentsDecided: 1, spans: 8, spansDecided: 2))
        #expect(try store.progress(filter: DocumentFilter(stage: 2), viewer: "ada") == ReviewProgress(documents: 2, documentsDecided: 1, spans: 4, spansDecided: 2))
        #expect(try store.progress(filter: .all, viewer: "bo") == ReviewProgress(documents: 5, documentsDecided: 0, spans: 8, spansDecided: 1))
        #expect(try store.progress(filter: .all, viewer: "cy") == ReviewProgress(documents: 5, documentsDecided: 0, spans: 8, spansDecided: 0))
    }

    @Test(arguments: backends) func anEditOfWhatChangedSinceIsAConflictAndChangesNothing(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let seen = try open("a1", in: store)
        let bos = try edit(.relabel(span: 1, label: "human"), seen, in: store, as: "bo")
        let result = try SpanEditor(schema: schema, annotated: seen.annotated).apply(.delete(span: 0)).get()
        let error = #expect(throws: ReviewStoreError.self) { try store.applyEdit(result, named: "delete", to: seen, by: "ada") }
        #expect(error?.kind == .conflict)
        #expect(try store.workingDocument(id: seen.record.id, for: "ada")?.spans == bos.spans)
        // Undo is refused too once what it would reverse was changed since.
        _ = try edit(.delete(span: 1), bos, in: store, as: "ada")
        let undo = #expect(throws: ReviewStoreError.self) { try store.undo(in: seen.record.id, by: "bo") }
        #expect(undo?.kind == .conflict)
    }

    @Test(arguments: backends) func judgementsAreBoundToTheStateTheyJudged(_ backend: StoreBackend) throws {
        let store = try store(backend)
        var document = try open("a1", in: store)
        let id = document.record.id, ai = document.spans[1].id
        document = try store.review(.rate(spanID: ai, dimension: "honesty", value: 4), in: id, by: "ada")
        document = try store.review(.decideSpan(spanID: ai, decision: .approved), in: id, by: "ada")
        #expect(document.currentDecision(on: ai, by: "ada") == .approved)
        #expect(document.ratings(of: ai, by: "ada") == ["honesty": 4])
        document = try edit(.moveEdge(span: 1, edge: .end, direction: .backward, unit: .word), document, in: store)
        #expect(document.currentDecision(on: ai, by: "ada") == nil, "a decision made before a change is stale")
        #expect(document.ratingsBeforeChange(of: ai, by: "ada") == ["honesty"])
        document = try store.review(.reconfirmSpan(spanID: ai), in: id, by: "ada")
        #expect(document.currentDecision(on: ai, by: "ada") == .approved)
        #expect(document.ratingsBeforeChange(of: ai, by: "ada").isEmpty)
        document = try store.review(.rate(spanID: ai, dimension: "honesty", value: nil), in: id, by: "ada")
        #expect(document.ratings(of: ai, by: "ada").isEmpty)
        #expect(document.ratings(of: ai, by: "bo").isEmpty)
    }

    @Test(arguments: backends) func notesAndDocumentDecisionsSetTheStatus(_ backend: StoreBackend) throws {
        let store = try store(backend)
        var document = try open("b3", in: store)
        let id = document.record.id, human = document.spans[0].id
        document = try store.review(.noteSpan(spanID: human, note: "a fine question"), in: id, by: "ada")
        #expect(document.note(on: human, by: "ada")?.note == "a fine question")
        #expect(document.record.status == .inProgress)
        document = try store.review(.decideDocument(.rejected), in: id, by: "bo")
        #expect(document.record.status == .rejected)
        #expect(try store.documentPage(filter: DocumentFilter(status: .rejected), after: nil, before: nil, limit: 5, viewer: "ada").map(\.id) == [id])
        document = try store.review(.noteDocument("see the answer"), in: id, by: "bo")
        #expect(document.note(on: nil, by: "bo")?.decision == .rejected)
        #expect(document.note(on: nil, by: "bo")?.note == "see the answer")
        let entries = try store.history(of: id, viewer: "ada").count
        document = try store.review(.decideDocument(.rejected), in: id, by: "bo")
        #expect(try store.history(of: id, viewer: "ada").count == entries, "the same decision again changes nothing")
        document = try store.review(.noteSpan(spanID: human, note: ""), in: id, by: "ada")
        #expect(document.note(on: human, by: "ada") == nil)
        document = try edit(.delete(span: 1), document, in: store, as: "bo")
        #expect(document.record.status == .inProgress, "the document decision was made on what it was before")
        document = try store.review(.reconfirmDocument, in: id, by: "bo")
        #expect(document.record.status == .rejected)
    }

    @Test(arguments: backends) func aJudgementOfASpanDeletedMeanwhileIsAConflict(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let document = try open("a1", in: store)
        _ = try edit(.delete(span: 1), document, in: store, as: "bo")
        let error = #expect(throws: ReviewStoreError.self) {
            try store.review(.decideSpan(spanID: document.spans[1].id, decision: .approved), in: document.record.id, by: "ada")
        }
        #expect(error?.kind == .conflict)
    }

    @Test(arguments: backends) func revertPutsTheDocumentBackAsOneUndoableChange(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let imported = try open("a1", in: store)
        let relabelled = try edit(.relabel(span: 1, label: "human"), imported, in: store)
        _ = try edit(.delete(span: 0), relabelled, in: store)
        let first = try #require(try store.history(of: imported.record.id, viewer: "ada").first)
        var reverted = try store.revert(document: imported.record.id, toEntry: first.id, by: "ada")
        #expect(reverted.spans.map(\.span) == relabelled.spans.map(\.span))
        reverted = try store.revert(document: imported.record.id, toEntry: 0, by: "ada")
        #expect(reverted.spans.map(\.span) == imported.spans.map(\.span))
        let last = try #require(try store.history(of: imported.record.id, viewer: "ada").last)
        #expect(last.action == "revert")
        let error = #expect(throws: ReviewStoreError.self) { try store.revert(document: imported.record.id, toEntry: last.id, by: "ada") }
        #expect(error?.kind == .refused, "nothing came after the last entry")
        let undone = try #require(try store.undo(in: imported.record.id, by: "ada"))
        #expect(undone.action == "revert")
        #expect(undone.document.spans.map(\.span) == relabelled.spans.map(\.span))
    }

    @Test(arguments: backends) func positionsQueuesAndTheChangeToken(_ backend: StoreBackend) throws {
        let store = try store(backend, independent: ["ada", "bo"])
        try store.beginSession()
        #expect(try store.lastPosition(of: "ada") == nil)
        try store.savePosition(ReviewerPosition(documentID: 2, spanIndex: 1), of: "ada")
        #expect(try store.lastPosition(of: "ada") == ReviewerPosition(documentID: 2, spanIndex: 1))
        try store.savePosition(ReviewerPosition(documentID: 3, spanIndex: 4, offset: 1234), of: "ada")
        #expect(try store.lastPosition(of: "ada") == ReviewerPosition(documentID: 3, spanIndex: 4, offset: 1234), "a long document's offset is kept")
        try store.savePosition(ReviewerPosition(documentID: 2, spanIndex: 1), of: "ada")
        #expect(try store.lastPosition(of: "ada") == ReviewerPosition(documentID: 2, spanIndex: 1), "and cleared for a document shown whole")
        #expect(try store.hasQueue(for: "ada"))
        #expect(try !store.hasQueue(for: "zed"))
        #expect(try store.documentCount(filter: DocumentFilter(queueOf: "ada"), viewer: "ada") == 5)
        let token = try store.changeToken()
        let document = try open("a1", in: store)
        _ = try store.history(of: document.record.id, viewer: "ada")
        #expect(try store.changeToken() == token, "reading changes nothing")
        _ = try store.review(.decideDocument(.flagged), in: document.record.id, by: "ada")
        #expect(try store.changeToken() != token)
        #expect(try store.documentCount(filter: DocumentFilter(queueOf: "ada"), viewer: "ada") == 4)
        try store.idle()
    }

    @Test(arguments: backends) func aReadOnlyStoreRefusesWrites(_ backend: StoreBackend) throws {
        let store = try store(backend, readOnly: true)
        #expect(store.isReadOnly)
        let document = try open("a1", in: store)
        let result = try SpanEditor(schema: schema, annotated: document.annotated).apply(.delete(span: 0)).get()
        #expect(throws: ReviewStoreError.self) { try store.applyEdit(result, named: "delete", to: document, by: "ada") }
        let refused = #expect(throws: ReviewStoreError.self) { try store.review(.decideDocument(.approved), in: document.record.id, by: "ada") }
        #expect(refused?.kind == .readOnly)
        try store.savePosition(ReviewerPosition(documentID: document.record.id, spanIndex: 0), of: "ada")
        #expect(try store.workingDocument(id: document.record.id, for: "ada") == document)
        #expect(try store.workingDocument(id: 999, for: "ada") == nil)
    }

    /// A decision on the whole document stands exactly while the document's spans are as they
    /// were when it was made, through random edits, undos and redos by another reviewer (the
    /// SQLite store keeps the document's state and moves it with every write of spans; the list's
    /// status follows it).
    @Test(arguments: backends) func aDocumentDecisionStandsExactlyWhileItsSpansAreAsDecided(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let id = try open("a1", in: store).record.id
        let decided = try store.review(.decideDocument(.flagged), in: id, by: "bo").spans.map(\.span).sorted(by: Span.documentOrder)
        var random = SeededRandom(seed: 29)
        var stale = 0, back = 0, previousStale = false
        for step in 0..<60 {
            let document = try #require(try store.workingDocument(id: id, for: "ada"))
            switch Int.random(in: 0..<4, using: &random) {
            case 0:
                guard let index = document.spans.indices.randomElement(using: &random) else { continue }
                let edit: SpanEdit = Bool.random(using: &random)
                    ? .relabel(span: index, label: document.spans[index].label == "human" ? "ai" : "human")
                    : .moveEdge(span: index, edge: .end, direction: Bool.random(using: &random) ? .forward : .backward, unit: .character)
                if case .success(let result) = SpanEditor(schema: schema, annotated: document.annotated).apply(edit) {
                    _ = try store.applyEdit(result, named: edit.name, to: document, by: "ada")
                }
            case 1, 2: _ = try? store.undo(in: id, by: "ada")
            default: _ = try? store.redo(in: id, by: "ada")
            }
            let now = try #require(try store.workingDocument(id: id, for: "bo"))
            let asDecided = now.spans.map(\.span).sorted(by: Span.documentOrder) == decided
            #expect(now.currentDecision(on: nil, by: "bo") == (asDecided ? .flagged : nil), "step \(step)")
            let row = try store.documentPage(filter: DocumentFilter(search: "a1"), after: nil, before: nil, limit: 1, viewer: "bo").first
            #expect(row?.status == (asDecided ? .flagged : .inProgress), "step \(step)")
            if !asDecided { stale += 1 } else if step > 0, previousStale { back += 1 }
            previousStale = !asDecided
        }
        #expect(stale > 5 && back > 1, "the decision went stale and came back")
    }

    @Test(arguments: backends) func blindReviewThenAdjudication(_ backend: StoreBackend) throws {
        let store = try store(backend, independent: ["ada", "bo"])
        let adas = try open("a1", in: store, as: "ada")
        #expect(adas.owner != nil)
        let id = adas.record.id
        let edited = try edit(.relabel(span: 1, label: "human"), adas, in: store, as: "ada")
        _ = try store.review(.decideSpan(spanID: edited.spans[0].id, decision: .approved), in: id, by: "ada")
        let bos = try open("a1", in: store, as: "bo")
        #expect(bos.spans.map(\.label) == ["human", "ai"], "bo does not see ada's version")
        #expect(bos.notes.isEmpty && bos.ratings.isEmpty, "nor ada's judgements")
        let adaRow = try #require(try store.documentPage(filter: .all, after: nil, before: nil, limit: 1, viewer: "ada").first)
        #expect(adaRow.status == .inProgress)
        #expect(try store.documentPage(filter: .all, after: nil, before: nil, limit: 1, viewer: "bo").first?.status == .unreviewed)
        #expect(try store.history(of: id, viewer: "bo").isEmpty)
        let blind = #expect(throws: ReviewStoreError.self) { try store.versionsToAdjudicate(of: id, by: "ada") }
        #expect(blind?.kind == .refused)
        let versions = try store.versionsToAdjudicate(of: id, by: "lead")
        #expect(versions.map(\.reviewer) == ["ada", "bo"])
        #expect(versions[0].spans.first?.currentDecision == "approved")
        let comparison = VersionComparison(versions: versions, rubric: Fixtures.defaultRubric)
        #expect(!comparison.agrees)
        let adjudicated = try store.adjudicate(document: id, version: comparison.resolve(comparison.regions.map { _ in 1 }), by: "lead")
        #expect(adjudicated.owner == nil)
        #expect(adjudicated.spans.map(\.label) == ["human", "ai"])
        let after = try open("a1", in: store, as: "ada")
        #expect(after.owner == nil, "once adjudicated, everyone works on the shared version")
        #expect(after.spans.map(\.span) == adjudicated.spans.map(\.span))
    }

    /// Undoing or reverting an adjudication undoes all of it: the document is awaiting
    /// adjudication again, reviewed blind on the reviewers' own versions; redo adjudicates it again.
    @Test(arguments: backends) func undoingAnAdjudicationUndoesAllOfIt(_ backend: StoreBackend) throws {
        let store = try store(backend, independent: ["ada", "bo"])
        let id = try open("a1", in: store, as: "ada").record.id
        _ = try edit(.relabel(span: 1, label: "human"), try open("a1", in: store, as: "ada"), in: store, as: "ada")
        _ = try open("a1", in: store, as: "bo")
        let comparison = VersionComparison(versions: try store.versionsToAdjudicate(of: id, by: "lead"), rubric: Fixtures.defaultRubric)
        let shared = try open("a1", in: store, as: "lead").spans.map(\.span)
        _ = try store.adjudicate(document: id, version: comparison.resolve(comparison.regions.map { _ in 0 }), by: "lead")
        let adjudicated = try open("a1", in: store, as: "lead").spans.map(\.span)
        func expectBlind(_ blind: Bool, _ comment: Comment) throws {
            #expect((try open("a1", in: store, as: "ada").owner != nil) == blind, comment)
            #expect((try open("a1", in: store, as: "bo").owner != nil) == blind, comment)
            #expect(((try? store.versionsToAdjudicate(of: id, by: "ada")) == nil) == blind, comment)
        }
        try expectBlind(false, "adjudicated")

        #expect(try store.undo(in: id, by: "lead")?.action == "adjudicate")
        #expect(try open("a1", in: store, as: "lead").spans.map(\.span) == shared)
        try expectBlind(true, "the adjudication undone")
        _ = try store.redo(in: id, by: "lead")
        #expect(try open("a1", in: store, as: "lead").spans.map(\.span) == adjudicated)
        try expectBlind(false, "the adjudication redone")

        let history = try store.history(of: id, viewer: "lead")
        let adjudication = try #require(history.lastIndex { $0.action == "adjudicate" })
        _ = try store.revert(document: id, toEntry: adjudication > 0 ? history[adjudication - 1].id : 0, by: "lead")
        #expect(try open("a1", in: store, as: "lead").spans.map(\.span) == shared)
        try expectBlind(true, "reverted to before the adjudication")
        _ = try store.undo(in: id, by: "lead")
        try expectBlind(false, "the revert undone")
    }

    @Test(arguments: backends) func rolesGuardAdjudicationAndOthersChanges(_ backend: StoreBackend) throws {
        let store = try store(backend, roles: ["lead": .admin])
        let document = try open("a1", in: store, as: "bo")
        let refused = #expect(throws: ReviewStoreError.self) { try store.versionsToAdjudicate(of: document.record.id, by: "bo") }
        #expect(refused?.description == "bo is a reviewer; only adjudicator or admin may adjudicate")
        _ = try edit(.delete(span: 0), document, in: store, as: "bo")
        let revert = #expect(throws: ReviewStoreError.self) { try store.revert(document: document.record.id, toEntry: 0, by: "ada") }
        #expect(revert?.kind == .refused)
        #expect(try store.revert(document: document.record.id, toEntry: 0, by: "lead").spans.count == 2)
    }
}
