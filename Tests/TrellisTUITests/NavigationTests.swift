import Testing
import TrellisCore
import TrellisModel
import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// Moving around a document at vim's and less's pace: count prefixes and paging.
@Suite struct NavigationTests {
    /// Sixty one-sentence spans on lines of their own: enough to page at 80×24.
    static let long = ImportHelpers.line(id: "long", text: (1...60).map { "<human>Sentence number \($0) is here.</human>" }.joined(separator: "\n"))

    private func spans(_ app: TestApp, _ id: String = "d1") throws -> [Span] {
        try app.stored(id).spans.map(\.span)
    }

    @Test func aCountRepeatsSpanMotions() throws {
        let app = try TestApp(lines: [Self.long])
        app.type("<enter>3j")
        #expect(app.state.document?.current == 3)
        #expect(app.screen.contains("span 4/60"))
        app.type("12j")
        #expect(app.state.document?.current == 15)
        app.type("10k")
        #expect(app.state.document?.current == 5)
        app.type("99j")
        #expect(app.state.document?.current == 59)
        // A count applies to one key only.
        app.type("3kk")
        #expect(app.state.document?.current == 55)
    }

    @Test func aCountShowsWhileTypedAndEscCancelsIt() throws {
        let app = try TestApp(lines: [Self.long])
        app.type("<enter>4")
        #expect(app.screen.contains("4  (a count"))
        app.type("<esc>")
        #expect(app.state.screen == .document)
        #expect(app.state.message?.text == "count cancelled")
        app.type("j")
        #expect(app.state.document?.current == 1)
        // 0 alone is not a count.
        app.type("0")
        #expect(app.state.count == nil)
        app.type("10j")
        #expect(app.state.document?.current == 11)
    }

    /// `2w` moves the edge two words as one change (one history entry, one undo).
    @Test func aCountMovesAnEdgeSeveralUnitsAsOneChange() throws {
        let app = try TestApp(lines: [DocumentEditingTests.dialogue])
        app.type("<enter>2b")
        #expect(try spans(app)[0].end == 16)
        app.type("3l")
        #expect(try spans(app)[0].end == 19)
        let history = try app.database.history(of: try app.stored("d1").record.id)
        #expect(history.map(\.action) == ["move-end", "move-end"])
        app.type("u")
        #expect(try spans(app)[0].end == 16)
        // Counts stop where the edge cannot go further.
        app.type("o9w")
        #expect(app.state.message?.isError == true)
        #expect(try spans(app)[0].start == 0)
    }

    @Test func aCountMovesTheCursorOfASplit() throws {
        let app = try TestApp(lines: [DocumentEditingTests.dialogue])
        app.type("<enter>s")
        let start = try #require(app.state.document?.prompt?.cursor)
        #expect(start == 13)
        app.type("2b")
        #expect(app.state.document?.prompt?.cursor == 0)
        app.type("2w")
        #expect(app.state.document?.prompt?.cursor == 13)
    }

    @Test func spaceAndControlFPageDownAndControlBUp() throws {
        let app = try TestApp(lines: [Self.long])
        app.type("<enter>")
        #expect(app.screen.contains("Sentence number 1 is"))
        app.type(" ")
        #expect(!app.screen.contains("Sentence number 1 is"))
        #expect(app.screen.contains("Sentence number 20 is"))
        // The first span on the new page is current, so the next key acts on what is shown.
        #expect(app.state.document?.current == 19)
        app.type("<ctrl-f>")
        #expect(app.screen.contains("Sentence number 39 is"))
        #expect(app.state.document?.current == 38)
        app.type("<ctrl-b>")
        #expect(app.screen.contains("Sentence number 20 is"))
        #expect(app.state.document?.current == 19)
        app.type("2<ctrl-b>")
        #expect(app.screen.contains("Sentence number 1 is"))
        #expect(app.state.document?.current == 0)
        app.type("<ctrl-b>")
        #expect(app.state.message?.text == "this is the start of the document")
        app.type("9 ")
        #expect(app.screen.contains("Sentence number 60 is"))
        #expect(app.state.document?.current == 40)
    }

    /// `/` searches the document's text in any case; matches are underlined and bold, the one
    /// jumped to stands out; `n` / `N` walk them (with a count), wrapping round.
    @Test func searchInsideADocumentJumpsBetweenHighlightedMatches() throws {
        let app = try TestApp(lines: [DocumentEditingTests.dialogue])
        app.type("<enter>/hel")
        #expect(app.grid.text(row: 23).hasPrefix(" /hel▏  (Enter finds, Esc cancels)"))
        app.type("<enter>")
        #expect(app.state.message?.text == "“hel”: match 1 of 2")
        let row = try #require(app.row(containing: "[Hello there. How are you?]"))
        // "Hello" of the first span: the focused match in the reversed current span.
        let first = app.grid[row, 1].style.attributes
        #expect(first.contains(.underline) && first.contains(.bold) && !first.contains(.reverse))
        #expect(app.grid.text(row: row).hasPrefix("[Hello there. How are you?] [I am well. [Hello there] was kind.]"))
        // "Hello" of the quote: a match, not focused.
        let quoteColumn = 41
        #expect(app.grid[row, quoteColumn].text == "H")
        #expect(app.grid[row, quoteColumn].style.attributes.isSuperset(of: [.underline, .bold]))
        // Not a match.
        #expect(!app.grid[row, 7].style.attributes.contains(.underline))
        app.type("n")
        #expect(app.state.message?.text == "“hel”: match 2 of 2")
        #expect(app.state.document?.current == 2)
        #expect(app.screen.contains("quote  37–48"))
        app.type("n")
        #expect(app.state.message?.text == "“hel”: match 1 of 2 (from the top)")
        #expect(app.state.document?.current == 0)
        app.type("N")
        #expect(app.state.message?.text == "“hel”: match 2 of 2 (from the bottom)")
        app.type("2n")
        #expect(app.state.message?.text == "“hel”: match 2 of 2 (from the top)")
    }

    @Test func aSearchWithoutMatchesSaysSoAndEscCancels() throws {
        let app = try TestApp(lines: [DocumentEditingTests.dialogue])
        app.type("<enter>n")
        #expect(app.state.message?.text == "no search: / searches the text")
        app.type("/zebra<enter>")
        #expect(app.state.message?.text == "“zebra” is not in this document")
        #expect(app.state.message?.isError == true)
        app.type("/WELL<esc>")
        #expect(app.state.message?.text == "search cancelled")
        #expect(app.state.screen == .document)
        app.type("/WELL<enter>")
        #expect(app.state.message?.text == "“WELL”: match 1 of 1")
        #expect(app.state.document?.current == 1)
    }

    /// A match far down a long document scrolls into view; the next-document keys moved to
    /// `}` and `{` to leave `n` and `N` to the search.
    @Test func aMatchScrollsIntoView() throws {
        let app = try TestApp(lines: [Self.long, DocumentEditingTests.dialogue])
        app.type("<enter>/number 57 <enter>")
        #expect(app.screen.contains("Sentence number 57 is"))
        #expect(app.state.document?.current == 56)
        app.type("}")
        #expect(app.state.document?.stored.record.externalId == "d1")
    }

    @Test func matchesIgnoreCaseAndDoNotOverlap() {
        #expect(TextSearch.matches(of: "aa", in: Array("AAAa b aa".unicodeScalars)) == [0..<2, 2..<4, 7..<9])
        #expect(TextSearch.matches(of: "ÉTÉ", in: Array("un été".unicodeScalars)) == [3..<6])
        #expect(TextSearch.matches(of: "", in: Array("x".unicodeScalars)).isEmpty)
        #expect(TextSearch.matches(of: "long query", in: Array("short".unicodeScalars)).isEmpty)
    }

    /// `O` lists the spans with their offsets, decision, problems and first words; the list
    /// moves with the span keys (and counts) and Enter jumps.
    @Test func theOutlineListsSpansAndJumps() throws {
        let app = try TestApp(lines: [Self.long])
        app.type("<enter>xO")
        #expect(app.grid.text(row: 1).hasPrefix(" Outline: 60 spans — Enter jumps to the selected one; O closes"))
        #expect(app.grid.text(row: 2).hasPrefix("   1 human 0–26  ✗ “Sentence number 1 is here.”"))
        #expect(app.grid.text(row: 3).hasPrefix("▸  2 human 27–53  · ⚠ “Sentence number 2 is here.”"))
        #expect(app.grid[3, 5].style.attributes.contains(.reverse))
        app.type("30j")
        #expect(app.screen.contains("32 human"))
        #expect(app.state.document?.panel?.selected == 31)
        app.type("<enter>")
        #expect(app.state.document?.panel == nil)
        #expect(app.state.document?.current == 31)
        #expect(app.screen.contains("Sentence number 32 is"))
        app.type("OG<esc>")
        #expect(app.state.document?.panel == nil)
        #expect(app.state.screen == .document)
        #expect(app.state.document?.current == 31)
    }

    @Test func theOutlineShowsProblems() throws {
        let app = try TestApp(lines: [ScreenGoldenTests.broken])
        app.type("<enter>O")
        #expect(app.screen.contains(" 1 human 0–9  · “Hi there.”"))
        #expect(app.screen.contains("  2 human 10–27  · ⚠ “Assistant: hello.”"))
    }

    /// `D` lists what reviewers changed against the rewriter's spans (from history): moved,
    /// relabelled, added, removed; Enter jumps to the span.
    @Test func theChangesAgainstTheRewritersSpans() throws {
        let app = try TestApp(lines: [DocumentEditingTests.dialogue])
        app.type("<enter>D")
        #expect(app.state.message?.text == "no changes: the spans are as the rewriter wrote them")
        app.type("hhjjdrh")
        app.type("D")
        #expect(app.grid.text(row: 1).hasPrefix(" Changes against the rewriter's spans: 3 — Enter jumps; D closes"))
        #expect(app.grid.text(row: 2).hasPrefix("   human 0–25 → 0–23  “Hello there. How are yo”"))
        #expect(app.grid.text(row: 3).hasPrefix("▸  ai → human 26–58  “I am well. Hello there was kind.”"))
        #expect(app.grid.text(row: 4).hasPrefix("   removed quote 37–48  “Hello there”"))
        app.type("k<enter>")
        #expect(app.state.document?.panel == nil)
        #expect(app.state.document?.current == 0)
        // Undoing every change leaves none.
        app.type("uuuuD")
        #expect(app.state.message?.text == "no changes: the spans are as the rewriter wrote them")
    }

    @Test func spanChangesPairWhatMovedAndWasRelabelled() {
        let original = [Span(start: 0, end: 10, label: "human"), Span(start: 11, end: 20, label: "ai"), Span(start: 21, end: 30, label: "ai")]
        let current = [Span(start: 0, end: 12, label: "human"), Span(start: 13, end: 20, label: "ai"), Span(start: 21, end: 30, label: "human"), Span(start: 31, end: 35, label: "quote")]
        #expect(SpanChange.between(original: original, current: current).map(\.description)
                == ["human 0–10 → 0–12", "ai 11–20 → 13–20", "ai → human 21–30", "added quote 31–35"])
        #expect(SpanChange.between(original: original, current: original).isEmpty)
        #expect(SpanChange.between(original: original, current: []).map(\.description) == ["removed human 0–10", "removed ai 11–20", "removed ai 21–30"])
    }

    /// The changes panel asks the store through `ReviewStore.originalSpans`: on the fake too,
    /// and a store that fails says so on the status line instead of opening an empty panel.
    @Test func theChangesPanelRunsOnTheFakeStore() throws {
        let app = try FakeApp(lines: [DocumentEditingTests.dialogue])
        app.type("<enter>jjd")
        app.type("D")
        #expect(app.grid.text(row: 2).hasPrefix("   removed quote 37–48  “Hello there”"))
        app.type("<esc>")
        app.store.failure = ReviewStoreError(.unavailable, "the store went away")
        app.type("D")
        #expect(app.state.document?.panel == nil)
        #expect(app.state.message?.text.contains("the store went away") == true)
    }
}
