import Testing
import TrellisCore
import TrellisModel
import TrellisTestSupport

/// A long document (more spans than ``DocumentWindow/wholeLimit``) is read, edited and undone a
/// window at a time, on every backend, with its kept counts true: each check rebuilds the whole
/// version by walking its windows and validates it whole.
@Suite struct DocumentWindowTests {
    static let backends = StoreBackend.allCases
    let directory: TemporaryDirectory
    let schema = Fixtures.defaultSchema
    static let line = LongDocumentGenerator.line(id: "long", spans: 6000)
    static let short = ImportHelpers.line(id: "short", text: "<human>Hello.</human> <ai>Hi.</ai>")

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func store(_ backend: StoreBackend) throws -> any ReviewStore {
        try backend.make([Self.line, Self.short], in: directory)
    }

    private func documentID(_ store: any ReviewStore, _ externalID: String = "long") throws -> Int64 {
        try #require(try store.documentPage(filter: DocumentFilter(search: externalID), after: nil, before: nil, limit: 1, viewer: "ada").first).id
    }

    /// The long document is the first imported.
    private func open(_ store: any ReviewStore, near: Int?, as reviewer: String = "ada") throws -> StoredDocument {
        try #require(try store.workingDocument(id: 1, for: reviewer, near: near))
    }

    private func edit(_ edit: SpanEdit, _ document: StoredDocument, in store: any ReviewStore, as reviewer: String = "ada") throws -> StoredDocument {
        let result = try SpanEditor(schema: schema, annotated: document.annotated).apply(edit).get()
        return try store.applyEdit(result, named: edit.name, to: document, by: reviewer)
    }

    /// The whole version, put together from its windows in document order, with the kept counts.
    private func walk(_ store: any ReviewStore) throws -> (annotated: AnnotatedText, windows: Int, record: DocumentRecord) {
        var spans: [Span] = [], scalars: [Unicode.Scalar] = []
        var near = 0, windows = 0
        var record: DocumentRecord?
        while true {
            let part = try open(store, near: near)
            let window = try #require(part.window)
            record = part.record
            windows += 1
            let text = Array(part.record.text.unicodeScalars)
            #expect(text.count == window.text.count)
            // Windows overlap: take what lies after what was taken.
            let covered = scalars.count
            #expect(window.text.lowerBound <= covered)
            scalars += text[min(text.count, covered - window.text.lowerBound)...]
            spans += part.spans.map { Span(start: $0.start + window.text.lowerBound, end: $0.end + window.text.lowerBound, label: $0.label, depth: $0.depth) }
                .filter { covered == 0 || $0.start >= covered }
            if window.atEnd { break }
            near = window.text.upperBound
        }
        return (AnnotatedText(scalars: scalars, spans: spans), windows, try #require(record))
    }

    /// The kept counts are those of the whole version, validated whole.
    private func expectCountsTrue(_ store: any ReviewStore, _ comment: Comment) throws {
        let whole = try walk(store)
        #expect(whole.record.spanCount == whole.annotated.spans.count, comment)
        #expect(whole.record.problemCount == Validator(schema: schema).violations(in: whole.annotated).count, comment)
        let row = try #require(try store.documentPage(filter: DocumentFilter(search: "long"), after: nil, before: nil, limit: 1, viewer: "ada").first)
        #expect(row.spanCount == whole.annotated.spans.count, comment)
        #expect(row.problemCount == whole.record.problemCount, comment)
    }

    @Test(arguments: backends) func aLongDocumentComesAsWindowsCutByTheRule(_ backend: StoreBackend) throws {
        let store = try store(backend)
        #expect(try documentID(store) == 1)
        let imported = try ModelFixtures.input(Self.line).annotated
        let tops = imported.spans.filter { $0.depth == 0 }
        for near in [nil, 1, imported.scalars.count / 2, imported.scalars.count - 3, imported.scalars.count] {
            let part = try open(store, near: near)
            let window = try #require(part.window, "a long document comes as a window")
            let expected = DocumentWindow.text(tops: tops, near: near ?? 0, length: imported.scalars.count)
            #expect(window.text == expected)
            #expect(window.spanCount == imported.spans.count)
            #expect(part.record.text == imported.text(in: expected))
            let inside = imported.spans.filter { $0.start >= expected.lowerBound && ($0.start < expected.upperBound || expected.upperBound == imported.scalars.count) }
            #expect(part.spans.map(\.span) == inside.map { Span(start: $0.start - expected.lowerBound, end: $0.end - expected.lowerBound, label: $0.label, depth: $0.depth) })
            #expect(part.spans.count < 4 * DocumentWindow.reach, "a window holds about 2 × reach top-level spans")
        }
        // Walking the windows gives the document back, and the import's counts are true.
        let whole = try walk(store)
        #expect(whole.windows > 2)
        #expect(whole.annotated == imported)
        try expectCountsTrue(store, "as imported")
        // A short document still comes whole.
        #expect(try store.workingDocument(id: try documentID(store, "short"), for: "ada", near: 3)?.window == nil)
    }

    @Test(arguments: backends) func editsAtAWindowsEdgesKeepTheCountsTrue(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let length = try open(store, near: nil).window!.length
        var part = try open(store, near: length / 2)
        let last = part.spans.count - 1
        // Human turns have nothing nested: one of the first and one of the last three spans.
        part = try edit(.relabel(span: try #require(part.spans.firstIndex { $0.label == "human" }), label: "ai"), part, in: store)
        try expectCountsTrue(store, "relabelled a span at the window's start")
        part = try open(store, near: length / 2)
        let lastHuman = try #require(part.spans.lastIndex { $0.label == "human" })
        #expect(lastHuman >= part.spans.count - 3)
        part = try edit(.relabel(span: lastHuman, label: "ai"), part, in: store)
        try expectCountsTrue(store, "relabelled the window's last span")
        part = try open(store, near: length / 2)
        part = try edit(.mergeWithNext(span: 0), part, in: store)
        try expectCountsTrue(store, "merged the window's first two spans")
        part = try open(store, near: length / 2)
        let first = part.spans[0].span
        part = try edit(.split(span: 0, at: first.start + 1), part, in: store)
        try expectCountsTrue(store, "split the window's first span")
        part = try open(store, near: length / 2)
        part = try edit(.delete(span: min(last, part.spans.count - 1)), part, in: store)
        try expectCountsTrue(store, "deleted the window's last span")
        part = try open(store, near: 0)
        // The first untagged words (a planted problem) become a span.
        let tops = part.spans.filter { $0.depth == 0 }
        let gap = try #require(zip(tops, tops.dropFirst()).map { $0.end..<$1.start }.first { part.annotated.text(in: $0).contains("no") })
        part = try edit(.insert(range: gap, label: "ai"), part, in: store)
        try expectCountsTrue(store, "made the first untagged words a span")
        part = try open(store, near: length)
        part = try edit(.moveEdge(span: part.spans.count - 1, edge: .end, direction: .backward, unit: .character), part, in: store)
        try expectCountsTrue(store, "moved the last span's end")
        #expect(part.window?.atEnd == true, "the saved version comes back as the window around the edit")
    }

    /// The window an edit, undo or redo answers with (its text reused from the window edited when
    /// the window stays the same) is the one a fresh read near the change gives.
    @Test(arguments: backends) func anEditsAnswerIsTheWindowAFreshReadGives(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let id = try documentID(store)
        let length = try open(store, near: nil).window!.length
        var random = SeededRandom(seed: 20)
        var checked = 0
        for round in 0..<24 {
            let part = try open(store, near: [0, length / 3, length / 2, length][round % 4] + random.uniform(below: 40))
            let window = try #require(part.window)
            let span = random.uniform(below: part.spans.count)
            let edits: [SpanEdit] = [
                .moveEdge(span: span, edge: .end, direction: .forward, unit: .character),
                .moveEdge(span: span, edge: .start, direction: .backward, unit: .word),
                .relabel(span: span, label: part.spans[span].label == "ai" ? "human" : "ai"),
                .delete(span: span),
                .split(span: span, at: part.spans[span].start + 1),
            ]
            let edit = edits[random.uniform(below: edits.count)]
            guard let result = try? SpanEditor(schema: schema, annotated: part.annotated).apply(edit).get() else { continue }
            let answer = try store.applyEdit(result, named: edit.name, to: part, by: "ada")
            let near = result.spans.indices.contains(result.focus) ? result.spans[result.focus].start + window.text.lowerBound : window.text.lowerBound
            #expect(answer == (try open(store, near: near)), "round \(round): \(edit)")
            checked += 1
            guard round % 3 == 0 else { continue }
            let replay = try #require(round % 2 == 0 ? try store.undo(in: id, by: "ada") : try store.redo(in: id, by: "ada") ?? store.undo(in: id, by: "ada"))
            let shown = try #require(replay.document.window)
            // (A span the replay deleted is not shown: its window is near where it was.)
            guard let at = replay.document.spans.first(where: { $0.id == replay.spanID }).map({ $0.start + shown.text.lowerBound }) else { continue }
            #expect(replay.document == (try open(store, near: at)), "round \(round): replayed \(replay.action)")
        }
        #expect(checked > 12)
        try expectCountsTrue(store, "after random edits, undos and redos")
    }

    @Test(arguments: backends) func undoAndRedoReachAcrossWindows(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let before = try walk(store).annotated
        let length = try open(store, near: nil).window!.length
        let start = try open(store, near: 0)
        let edited = try edit(.delete(span: 2), start, in: store)
        #expect(edited.window?.atStart == true)
        let end = try open(store, near: length)
        _ = try edit(.delete(span: end.spans.count - 2), end, in: store)
        let id = try documentID(store)
        let undone = try #require(try store.undo(in: id, by: "ada"))
        #expect(undone.document.window?.atEnd == true, "undo shows the window of the change it reverses")
        let first = try #require(try store.undo(in: id, by: "ada"))
        #expect(first.document.window?.atStart == true)
        #expect(first.document.spans.contains { $0.id == first.spanID })
        try expectCountsTrue(store, "undone")
        #expect(try walk(store).annotated == before)
        let redone = try #require(try store.redo(in: id, by: "ada"))
        #expect(redone.document.window?.atStart == true)
        try expectCountsTrue(store, "redone")
    }

    @Test(arguments: backends) func onlyTheWindowsSpansAreCheckedForConflicts(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let length = try open(store, near: nil).window!.length
        let adaStart = try open(store, near: 0, as: "ada")
        let adaEnd = try open(store, near: length, as: "ada")
        _ = try edit(.delete(span: 3), try open(store, near: 0, as: "bo"), in: store, as: "bo")
        #expect(throws: ReviewStoreError.self) { try edit(.delete(span: 4), adaStart, in: store) }
        _ = try edit(.delete(span: 3), adaEnd, in: store)
        try expectCountsTrue(store, "two reviewers' edits in two windows")
    }

    @Test(arguments: backends) func judgementsOfAWindowsSpansComeWithIt(_ backend: StoreBackend) throws {
        let store = try store(backend)
        let length = try open(store, near: nil).window!.length
        let part = try open(store, near: length / 2)
        let span = try #require(part.spans.first { $0.label == "ai" && $0.depth == 0 })
        let rated = try store.review(.rate(spanID: span.id, dimension: "honesty", value: 4), in: part.record.id, by: "ada")
        #expect(rated.window != nil && rated.spans.contains { $0.id == span.id })
        let decided = try store.review(.decideSpan(spanID: span.id, decision: .approved), in: part.record.id, by: "ada")
        #expect(decided.currentDecision(on: span.id, by: "ada") == .approved)
        #expect(decided.isCurrent(try #require(decided.ratings.first { $0.spanId == span.id })))
        let approved = try store.review(.decideDocument(.approved), in: part.record.id, by: "ada")
        #expect(approved.record.status == .approved)
        #expect(approved.currentDecision(on: nil, by: "ada") == .approved, "a window knows the whole version's state")
        try expectCountsTrue(store, "judged")
    }
}
