import Testing
import TrellisCore
import TrellisModel
import TrellisTestSupport
@testable import TrellisTUI

/// `Reducer.reduce` alone, with no store at all: keys and results go in, the state and the
/// effects it asks the runtime for come out (as swift-nio's `EmbeddedChannel` tests a handler
/// by what it writes).
@Suite struct ReducerEffectTests {
    static let line = ImportHelpers.line(id: "d1", text: "<human>Hello there. How are you?</human> <ai>I am well, thanks.</ai>", stage: 1)
    let document: StoredDocument
    let start: AppState

    init() throws {
        document = try ModelFixtures.stored(Self.line, id: 7, firstSpanID: 40)
        var state = AppState(size: ScreenSize(rows: 24, cols: 80), schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric,
                             keymap: Fixtures.defaultKeymap, reviewer: "ada")
        state.list.rows = [ModelFixtures.summary(document)]
        start = state
    }

    /// Sends `actions` in turn; returns the state after them and the effects each asked for.
    private func reduce(_ state: AppState, _ actions: [Action]) -> (AppState, [[Effect]]) {
        var state = state
        var effects: [[Effect]] = []
        for action in actions {
            let (next, asked) = Reducer.reduce(state, action)
            state = next
            effects.append(asked)
        }
        return (state, effects)
    }

    private func type(_ state: AppState, _ keys: String) -> (AppState, [[Effect]]) {
        reduce(state, FakeApp.keys(keys).map(Action.key))
    }

    /// The app with `document` open on span `current`, as after the store sent it.
    private func opened(current: Int = 0, readOnly: Bool = false) -> AppState {
        var state = start
        state.readOnly = readOnly
        return Reducer.reduce(state, .documentLoaded(document, current: current, canUndo: false, canRedo: false)).0
    }

    @Test func startingAsksForTheFirstPageAndTheDocumentLeft() {
        let limit = ScreenLayout(start.size).listRows
        #expect(Reducer.start(start, resume: nil) == [.loadList(filter: .all, anchor: .start, limit: limit, select: .first, countTotal: true)])
        #expect(Reducer.start(start, resume: ReviewerPosition(documentID: 7, spanIndex: 1)) == [
            .loadList(filter: .all, anchor: .from(7), limit: limit, select: .first, countTotal: true),
            .loadDocument(id: 7, current: 1),
        ])
        #expect(Reducer.start(start, resume: ReviewerPosition(documentID: 7, spanIndex: 1, offset: 90_000))[1] == .loadWindow(documentID: 7, near: 90_000),
                "a long document reopens on the window around where the reviewer left it")
    }

    @Test func openingADocumentAsksForItThenRemembersWhereTheReviewerIs() {
        let (asked, effects) = type(start, "<enter>")
        #expect(effects == [[.loadDocument(id: 7, current: 0)]])
        #expect(asked.screen == .list, "nothing is shown before the store answers")
        let (shown, remembered) = reduce(asked, [.documentLoaded(document, current: 1, canUndo: false, canRedo: false)])
        #expect(shown.screen == .document)
        #expect(shown.document?.currentSpan?.label == "ai")
        #expect(remembered == [[.rememberPosition(ReviewerPosition(documentID: 7, spanIndex: 1))]])
        #expect(type(shown, "k").1 == [[.rememberPosition(ReviewerPosition(documentID: 7, spanIndex: 0))]])
    }

    @Test func anEditIsComputedHereAndSavedByTheStore() throws {
        let (state, effects) = type(opened(current: 1), "rh")
        let expected = try SpanEditor(schema: Fixtures.defaultSchema, annotated: document.annotated).apply(.relabel(span: 1, label: "human")).get()
        #expect(effects == [[], [.saveEdit(expected, name: "relabel", seen: document)]])
        #expect(state.document?.stored == document, "the screen changes only when the store answers")
        let deleted = type(opened(current: 1), "d")
        #expect(try deleted.1 == [[.saveEdit(SpanEditor(schema: Fixtures.defaultSchema, annotated: document.annotated).apply(.delete(span: 1)).get(),
                                         name: "delete", seen: document)]])
    }

    @Test func aDecisionIsAReviewEffectOrSaysWhyNot() {
        let (_, rejected) = type(opened(current: 1), "x")
        #expect(rejected == [[.review(.decideSpan(spanID: 41, decision: .rejected), documentID: 7)]])
        let (state, approved) = type(opened(current: 1), "a")
        #expect(approved == [[]])
        #expect(state.message?.isError == true)
        #expect(state.message?.text.hasPrefix("cannot approve yet: rate honesty (T), care (K)") == true)
        let (_, rated) = type(opened(current: 1), "T4")
        #expect(rated == [[], [.review(.rate(spanID: 41, dimension: "honesty", value: 4), documentID: 7)]])
    }

    @Test func undoAndRedoAreTheStoresToDo() {
        let (_, effects) = type(opened(), "u<ctrl-r>")
        #expect(effects == [[.undo(documentID: 7)], [.redo(documentID: 7)]])
    }

    @Test func aSearchBecomesAFilteredLoadOfTheList() {
        let (state, effects) = type(start, "/stage:2 problems mode:ai hello<enter>")
        let filter = DocumentFilter(stage: 2, onlyWithProblems: true, search: "hello", mode: "ai")
        #expect(effects.last == [.loadList(filter: filter, anchor: .start, limit: ScreenLayout(start.size).listRows, select: .first, countTotal: true)])
        #expect(effects.dropLast().allSatisfy { $0.isEmpty })
        #expect(state.list.searchInput == nil)
        let (wrong, none) = type(start, "/stage:two<enter>")
        #expect(none.allSatisfy { $0.isEmpty })
        #expect(wrong.message?.text == "stage must be a number (see ? for the search words)")
    }

    @Test func aReadOnlyStoreIsAskedForNoWrite() {
        let (state, effects) = type(opened(readOnly: true), "dx")
        #expect(effects == [[], []])
        #expect(state.message?.text == "the database is read-only: nothing can be changed")
    }
}
