import Testing
import TrellisCore
import TrellisModel
import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// The review screen's defects of issue 16, each as the reviewer met it.
@Suite struct ReviewFlowDefectTests {
    static let clean = ReviewScreenTests.clean
    /// Three human turns in a row: two banned transitions, the first starting where the document does.
    static let bread = ImportHelpers.line(id: "bread", text: "<human>I baked.</human>\n\n<human>Yeast is alive.</human>\n\n<human>It rose.</human>", stage: 2)

    @Test func keysDoNothingBehindTerminalTooSmall() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>")
        app.runtime.send(.resized(ScreenSize(rows: 8, cols: 30)))
        #expect(app.screen.contains("Terminal too small"))
        app.type("dajx?q")
        #expect(try app.stored("c").spans.count == 3, "d deleted a span nobody could see")
        #expect(try app.stored("c").notes.isEmpty)
        #expect(app.state.screen == .document && !app.state.showingHelp)
        app.runtime.send(.resized(ScreenSize(rows: 24, cols: 80)))
        #expect(app.screen.contains("span 1/3"))
        app.runtime.send(.resized(ScreenSize(rows: 8, cols: 30)))
        app.type("Q")
        #expect(app.state.shouldQuit)
    }

    @Test func theHistoryPanelClosesWithBackAndLetsQuitAndHelpThrough() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>xH")
        #expect(app.state.document?.history != nil)
        #expect(app.screen.contains("q closes"))
        app.type("q")
        #expect(app.state.document?.history == nil && app.state.screen == .document)
        app.type("H<esc>")
        #expect(app.state.document?.history == nil && app.state.screen == .document)
        app.type("H?")
        #expect(app.state.showingHelp)
        app.type("?")
        #expect(!app.state.showingHelp && app.state.document?.history != nil)
        app.type("Q")
        #expect(app.state.shouldQuit)
        let again = try TestApp(lines: [Self.clean])
        again.type("<enter>xH<ctrl-c>")
        #expect(again.state.shouldQuit)
    }

    @Test func theFirstProblemIsNotSkipped() throws {
        let app = try TestApp(lines: [Self.bread])
        app.type("<enter>e")
        #expect(app.state.message?.text.hasPrefix("problem 1 of 2") == true)
        app.type("e")
        #expect(app.state.message?.text.hasPrefix("problem 2 of 2") == true)
    }

    @Test func aPromptGoesWhenItsQuestionEnds() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>r")
        #expect(app.screen.contains("relabel to: h human"))
        app.type("a")
        #expect(try app.stored("c").spans[0].label == "ai")
        #expect(!app.screen.contains("relabel to:"))
        app.type("s")
        #expect(app.screen.contains("split: move the cursor"))
        app.type("<enter>")
        #expect(!app.screen.contains("split: move the cursor"))
        app.type("i<enter><enter>")
        #expect(app.screen.contains("new span: press a mode key"))
        app.type("<esc>")
        #expect(!app.screen.contains("new span:"))
    }

    @Test func theCurrentQuoteStandsOutOnAMonochromeTerminal() throws {
        let line = ImportHelpers.line(id: "q", text: "<ai>First <quote>one</quote> then <quote>two</quote>.</ai>")
        let app = try TestApp(lines: [line], monochrome: true)
        app.type("<enter>j")
        let row = try #require(app.row(containing: "Q[one]"))
        let text = app.grid.text(row: row)
        let current = app.grid[row, text.distance(from: text.startIndex, to: try #require(text.range(of: "one")).lowerBound)].style.attributes
        let other = app.grid[row, text.distance(from: text.startIndex, to: try #require(text.range(of: "two")).lowerBound)].style.attributes
        #expect(current != other, "the current quote looks like every other quote")
        #expect(current.contains(.reverse) && current.contains(.underline))
    }

    @Test func theListCountsWhatItShows() throws {
        let pair = "<human>Hi.</human> <human>There.</human>"
        let app = try TestApp(lines: [ImportHelpers.line(id: "p1", text: pair), ImportHelpers.line(id: "p2", text: pair)])
        app.type("e")
        #expect(app.grid.text(row: 0).contains("2 documents"))
        app.type("<enter>mq")
        #expect(app.state.list.rows.count == 1)
        #expect(app.grid.text(row: 0).contains(" 1 document · "), "the header must count the rows the filter now shows")
    }

    @Test func aDocumentIsUnreviewedAgainOnceEveryChangeIsUndone() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>h")
        #expect(try app.stored("c").record.status == .inProgress)
        app.type("u")
        #expect(try app.stored("c").record.status == .unreviewed)
        app.type("<ctrl-r>")
        #expect(try app.stored("c").record.status == .inProgress)
    }

    @Test func theCursorStaysOnItsSpanAfterADocumentDecisionOrAnotherReviewersChange() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>GX")
        #expect(try app.stored("c").note(on: nil, by: "ada")?.decision == .rejected)
        #expect(app.state.document?.current == 2)
        app.type(":fine<enter>")
        #expect(app.state.document?.current == 2)
        let bo = try TestApp(lines: [], reviewer: "bo", database: app.database)
        bo.type("<enter>s<enter>")
        #expect(try app.stored("c").spans.count == 4)
        app.runtime.idle()
        #expect(app.state.document?.current == 3, "the span is now the fourth")
        #expect(app.state.document?.currentSpan?.label == "quote")
    }

    static let long = ImportHelpers.line(id: "long", text: "<ai>" + (1...80).map { "Sentence number \($0) is here." }.joined(separator: " ") + "</ai> <human>End.</human>")

    @Test func aLongSpanOpensAtItsStartAndTheScreenSaysWhereItIs() throws {
        let app = try TestApp(lines: [Self.long])
        app.type("<enter>")
        #expect(app.screen.contains("A[Sentence number 1 is") || app.screen.contains("[Sentence number 1 is"))
        #expect(app.screen.contains("lines 1–20/"))
        app.type("jk")
        #expect(app.screen.contains("[Sentence number 1 is"), "moving back to the long span shows its start")
        app.type("<ctrl-d>")
        #expect(app.screen.contains("lines 11–30/"))
    }

    @Test func aLongMessageIsReadWhole() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>a")
        #expect(app.state.message?.text == "cannot approve yet: rate honesty (T), care (K), harmlessness (S)")
        let bottom = (20..<24).map { app.grid.text(row: $0) }.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(bottom.contains("harmlessness (S)"))
        #expect(bottom.contains("ada · saved ✓"))
    }

    @Test func typingAListSearchInADocumentSavesNoNote() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>c/s2-la<enter>")
        #expect(try app.stored("c").notes.isEmpty)
        #expect(app.state.document?.noteEditor == nil)
        app.type("qc")
        #expect(app.state.list.filter == .all)
    }

    @Test func aWideTerminalKeepsLinesReadable() throws {
        let app = try TestApp(lines: [Self.long], rows: 30, cols: 200)
        app.type("<enter>")
        let widest = (1..<26).map { SafeText.width(of: app.grid.text(row: $0)) }.max() ?? 0
        #expect(widest <= AppState.readableTextWidth)
        #expect(widest > 80)
    }

    @Test func helpLinesWrapInsteadOfBeingCut() throws {
        let app = try TestApp(lines: [Self.clean])
        app.type("<enter>?")
        var seen = ""
        for _ in 0..<40 {
            seen += app.screen + "\n"
            app.type("<ctrl-d>")
        }
        for row in 0..<app.grid.rows { #expect(SafeText.width(of: app.grid.text(row: row)) <= 80) }
        let words = seen.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for command in Command.allCases {
            #expect(words.contains(command.summary.split(separator: " ").joined(separator: " ")), "help cuts \(command.rawValue)")
        }
    }
}
