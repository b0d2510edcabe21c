import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// Finding work: the list's search words and filters, and n/N walking the filter.
@Suite struct ListFilterTests {
    static let lines = [
        ImportHelpers.line(id: "a1", text: "<human>Plain.</human>", stage: 1),
        ImportHelpers.line(id: "b2", text: "<ai>Quoting <quote>you</quote>.</ai>", stage: 2),
        ImportHelpers.line(id: "c3", text: "<ai>Broken</ai> <ai>twice</ai>", stage: 2),
    ]

    private func ids(_ app: TestApp) -> [String] { app.state.list.rows.map(\.externalId) }

    @Test func searchWordsNarrowTheList() throws {
        let app = try TestApp(lines: Self.lines)
        app.type("/mode:quote<enter>")
        #expect(ids(app) == ["b2"])
        app.type("/stage:2 problems<enter>")
        #expect(ids(app) == ["c3"])
        #expect(app.screen.contains("filter: stage 2, with problems"))
        app.type("/Plain<enter>")
        #expect(ids(app) == ["a1"])
        app.type("c")
        #expect(ids(app) == ["a1", "b2", "c3"])
    }

    /// The first page of a search never waits for its count: the header says "…" until the
    /// count, done a step at a time while no key waits, is known. Counts the running totals hold
    /// come at once.
    @Test func theCountOfASearchComesAfterItsFirstPage() throws {
        let app = try TestApp(lines: Self.lines)
        #expect(app.screen.contains("3 documents"))
        for key in "/mode:ai" { app.press(.character(key)) }
        app.press(.enter)
        #expect(ids(app) == ["b2", "c3"])
        #expect(app.screen.contains("… documents"))
        #expect(app.state.list.counting != nil)
        app.runtime.finishBackgroundWork()
        #expect(app.screen.contains("2 documents"))
        #expect(app.state.list.counting == nil)
        // A count under way for a filter since replaced is dropped.
        for key in "/Plain" { app.press(.character(key)) }
        app.press(.enter)
        #expect(app.state.list.counting != nil)
        app.press(.character("c"))
        #expect(app.screen.contains("3 documents"))
        #expect(app.state.list.counting == nil)
        app.press(.character("t"))
        #expect(app.screen.contains("1 document "), "stage 1 alone: from the running totals, at once")
        #expect(app.state.list.counting == nil)
    }

    @Test func mineAndRatingRangesFindReviewedWork() throws {
        let app = try TestApp(lines: Self.lines)
        app.type("j<enter>T2q")
        app.type("/mine<enter>")
        #expect(ids(app) == ["b2"])
        app.type("/rating:honesty<=2<enter>")
        #expect(ids(app) == ["b2"])
        app.type("/rating:honesty>=3<enter>")
        #expect(ids(app).isEmpty)
        app.type("/reviewer:bo<enter>")
        #expect(ids(app).isEmpty)
        app.type("/status:in-progress<enter>")
        #expect(ids(app) == ["b2"])
    }

    /// `rating:` takes a dimension's key as well as its name, in any case.
    @Test func ratingWordsTakeADimensionsKeyOrName() throws {
        let app = try TestApp(lines: Self.lines)
        app.type("j<enter>T2K5q")
        for query in ["rating:T<=3", "rating:t<=3", "rating:Honesty=2", "rating:T=1..2", "rating:K>=5", "rating:care=5"] {
            app.type("/\(query)<enter>")
            #expect(app.state.message == nil, "\(query): \(app.state.message?.text ?? "")")
            #expect(ids(app) == ["b2"], "\(query)")
        }
        app.type("/rating:T>=3<enter>")
        #expect(ids(app).isEmpty)
    }

    /// Ids match anywhere in them and in any case, not only by their start.
    @Test func idsMatchBySubstring() throws {
        let app = try TestApp(lines: Self.lines + [ImportHelpers.line(id: "s2-kenya-004", text: "<human>Jambo.</human>")])
        for query in ["kenya", "KENYA", "nya-00", "s2-ke"] {
            app.type("/\(query)<enter>")
            #expect(ids(app) == ["s2-kenya-004"], "\(query)")
        }
        app.type("/2<enter>")
        #expect(ids(app) == ["b2", "s2-kenya-004"])
        app.type("/100%<enter>")
        #expect(ids(app).isEmpty)
    }

    /// The list narrows to what is typed when typing pauses (the terminal's idle tick), never
    /// on the keystroke itself; Esc goes back to the list as it was, Enter keeps the search.
    @Test func theListNarrowsWhenTypingPauses() throws {
        let app = try TestApp(lines: Self.lines)
        app.type("/b")
        #expect(ids(app) == ["a1", "b2", "c3"])
        app.runtime.idle()
        #expect(ids(app) == ["b2"])
        #expect(app.state.list.searchInput == "b")
        #expect(app.screen.contains("1 document"))
        // A word still being typed does not read as a search: the list stays.
        app.type("<backspace>rating:T<")
        app.runtime.idle()
        #expect(ids(app) == ["b2"])
        app.type("<esc>")
        #expect(ids(app) == ["a1", "b2", "c3"])
        app.type("/c<esc>")
        app.runtime.idle()
        #expect(ids(app) == ["a1", "b2", "c3"])
        app.type("/stage:2")
        app.runtime.idle()
        #expect(ids(app) == ["b2", "c3"])
        app.type("<enter>")
        #expect(app.state.list.searchInput == nil)
        #expect(ids(app) == ["b2", "c3"])
    }

    @Test func badSearchWordsSayWhy() throws {
        let app = try TestApp(lines: Self.lines)
        app.type("/rating:kindness=3<enter>")
        #expect(app.state.message?.text.contains("unknown dimension \"kindness\" (the rubric has T honesty, K care") == true)
        #expect(app.state.list.searchInput == "rating:kindness=3")
        app.type("<esc>/rating:honesty<enter>")
        #expect(app.state.message?.text.contains("write rating:DIMENSION=N") == true)
        app.type("<esc>/mode:robot<enter>")
        #expect(app.state.message?.text.contains("unknown mode \"robot\"") == true)
    }

    @Test func nextDocumentWalksTheFilter() throws {
        let app = try TestApp(lines: Self.lines)
        app.type("/stage:2<enter><enter>")
        #expect(app.state.document?.stored.record.externalId == "b2")
        app.type("}")
        #expect(app.state.document?.stored.record.externalId == "c3")
        app.type("{")
        #expect(app.state.document?.stored.record.externalId == "b2")
        app.type("{")
        #expect(app.state.message?.text.contains("first document") == true)
    }

    @Test func statusAndProblemFiltersCycle() throws {
        let app = try TestApp(lines: Self.lines)
        app.type("e")
        #expect(ids(app) == ["c3"])
        app.type("e")
        #expect(ids(app).count == 3)
        app.type("s")
        #expect(app.state.list.filter.status == .unreviewed)
        app.type("t")
        #expect(app.state.list.filter.stage == 1)
        #expect(ids(app) == ["a1"])
        app.type("t")
        #expect(ids(app) == ["b2", "c3"])
        app.type("t")
        #expect(app.state.list.filter.stage == nil)
        #expect(ids(app).count == 3)
    }
}
