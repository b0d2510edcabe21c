import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// The main screens as golden files (`Tests/Golden/screens/NAME.txt`: every row's text, then
/// its colours and attributes; see ``ScreenDump``), so that a change of layout or style shows
/// in a diff. 80×24 unless the name says otherwise; the store's clock is a ``TestClock``.
/// Re-record with `TRELLIS_RECORD_GOLDEN=1 swift test --filter ScreenGoldenTests`.
@Suite struct ScreenGoldenTests {
    static let bike = ImportHelpers.line(
        id: "s1-bike-003",
        text: "<human>I was seven when my dad took the stabilisers off my bike. He held the back of the saddle and ran beside me down the whole street, and then he let go.</human>\n\n"
            + "<ai>Falling is part of how balance gets learned. You wrote <quote>he let go</quote>, and that moment matters: she might not need courage so much as permission to be upset first.</ai>",
        stage: 1, source: "My dad let go of my bike when I was seven.")
    /// Two human turns in a row and words outside every span: two schema problems.
    static let broken = ImportHelpers.line(
        id: "s2-broken-007", text: "<human>Hi there.</human> <human>Assistant: hello.</human> stray words <ai>How can I help?</ai>", stage: 2)
    /// Wide and combining characters.
    static let cafe = ImportHelpers.line(
        id: "s2-cafe-012", text: "<human>日本語で話せますか？ 👋🏽</human> <ai>はい、もちろんです。Cafe\u{301} au lait?</ai>", stage: 2)
    static let corpus = [bike, broken, cafe]

    private func app(_ lines: [String] = corpus, rows: Int = 24, cols: Int = 80, monochrome: Bool = false, clock: TestClock = TestClock()) throws -> TestApp {
        try TestApp(lines: lines, rows: rows, cols: cols, monochrome: monochrome, database: AppDatabase.inMemory(clock: clock.now))
    }

    /// Screens reached by typing `keys` on the corpus: the golden file's name and the keys.
    static let typed: [(name: String, keys: String)] = [
        ("list", ""),
        ("list.filtered", "/stage:2<enter>j"),
        ("document.colour", "<enter>j"),
        ("document.problem", "j<enter>e"),
        ("document.wide-characters", "jj<enter>"),
        ("document.rating", "<enter>T"),
        // An error on the status line.
        ("document.refused", "<enter>P"),
        // Beside the rewrite from 100 columns (see `aWideTerminal`), below it on narrower screens.
        ("document.original", "<enter><tab>"),
        // Issue 16: search matches, the outline, the changes against the rewriter, a split's cursor line.
        ("document.search", "<enter>/the<enter>n"),
        ("document.outline", "jj<enter>jO"),
        ("document.changes", "<enter>hhjjdD"),
        ("document.split-cursor", "<enter>s"),
    ]

    @Test(arguments: typed)
    func screen(name: String, keys: String) throws {
        let app = try app()
        app.type(keys)
        app.expectScreen(name)
    }

    @Test func monochrome() throws {
        let app = try app(monochrome: true)
        app.type("<enter>j")
        app.expectScreen("document.monochrome")
    }

    @Test func aSpanWithAStaleDecision() throws {
        let app = try app([StaleDecisionScreenTests.bike])
        app.type("<enter>R444<esc>aR4444aA")
        app.type("jb")
        app.expectScreen("document.stale-decision")
    }

    @Test func theMergeLabelPrompt() throws {
        let app = try app([MergeScreenTests.turns])
        app.type("<enter>jm")
        app.expectScreen("document.merge-prompt")
    }

    @Test func theHistoryPanel() throws {
        let clock = TestClock()
        let app = try app([ReviewScreenTests.clean], clock: clock)
        for keys in ["<enter>h", "T3", "x", ";a note<enter>"] {
            app.type(keys)
            clock.advance(minutes: 1)
        }
        app.type("H")
        app.expectScreen("document.history")
    }

    @Test func theAdjudicationPanel() throws {
        let database = try ReviewHelpers.teamDatabase([AdjudicationScreenTests.line], clock: TestClock())
        try TestApp(lines: [], reviewer: "ada", database: database).type("<enter>R4444aR5555a")
        try TestApp(lines: [], reviewer: "bo", database: database).type("<enter>R4444aR3333x")
        let lead = try TestApp(lines: [], reviewer: "lead", database: database)
        lead.type("<enter>V")
        lead.expectScreen("adjudication")
        lead.type("1")
        lead.expectScreen("adjudication.chosen")
    }

    @Test func help() throws {
        let app = try app()
        app.type("?")
        #expect(app.state.showingHelp)
        app.expectScreen("help")
        app.type("<ctrl-d>")
        app.expectScreen("help.scrolled")
        app.type("?")
        #expect(!app.state.showingHelp)
    }

    @Test func aTerminalTooSmall() throws {
        let app = try app(rows: 8, cols: 30)
        app.expectScreen("size.30x8")
        app.runtime.send(.resized(ScreenSize(rows: 24, cols: 80)))
        #expect(app.screen.contains("s1-bike-003"), "resizing redraws")
    }

    @Test func aWideTerminal() throws {
        let app = try app(rows: 30, cols: 200)
        app.expectScreen("size.200x30.list")
        app.type("<enter><tab>")
        app.expectScreen("size.200x30.original")
    }
}
