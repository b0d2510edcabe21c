import Foundation
import GRDB
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport
import TrellisTUI

/// What the screens do with keymaps, layouts, wide and hostile text; how they look is in
/// ``ScreenGoldenTests``.
@Suite struct ScreenTests {
    @Test func aRemappedKeyShowsInHelpAndWorks() throws {
        let custom = #"{"document": {"next-span": ["J"]}}"#
        let keymap = try Keymap.load(layers: [("keymap.json", try Fixtures.keymapBytes()), ("mine.json", Array(custom.utf8))])
        #expect(keymap.keys(for: .nextSpan) == [.character("J")])
        #expect(keymap.command(for: .character("j"), in: .document) == nil)
        let clash = #"{"document": {"undo": ["j", "u"]}}"#
        #expect(throws: ConfigError.self) {
            _ = try Keymap.load(layers: [("keymap.json", try Fixtures.keymapBytes()), ("mine.json", Array(clash.utf8))])
        }
        let placed = #expect(throws: ConfigError.self) {
            _ = try Keymap.load(layers: [("keymap.json", try Fixtures.keymapBytes()), ("mine.json", Array("{\n \"document\": {\"undo\": [\"j\"]}}".utf8))])
        }
        #expect(placed?.description == "mine.json:2:23: key \"j\" of undo is already bound to next-span")
    }

    private func keymapError(_ custom: String) -> ConfigError? {
        do {
            _ = try Keymap.load(layers: [("keymap.json", try Fixtures.keymapBytes()), ("mine.json", Array(custom.utf8))])
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            Issue.record(error)
            return nil
        }
    }

    @Test func theListShowsAMillionSpansWhole() throws {
        let database = try AppDatabase.inMemory()
        _ = try TestApp(lines: [ImportHelpers.line(id: "huge", text: "<human>Hi.</human>"), ImportHelpers.line(id: "small", text: "<ai>Yo.</ai>")], database: database)
        // The count a document of a million spans keeps (its spans themselves are not needed here).
        try database.write { db in try db.execute(sql: "UPDATE document SET span_count = 1000000, problem_count = 123456 WHERE external_id = 'huge'") }
        let app = try TestApp(lines: [], database: database)
        let row = try #require(app.row(containing: "huge"))
        #expect(app.grid.text(row: row).contains(" 1000000 123456 "), "\(app.screen)")
        #expect(app.grid.text(row: 1).contains("spans   probs"), "the headings move with the wider columns: \(app.screen)")
    }

    @Test func aKeymapMustLeaveAWayOut() {
        #expect(keymapError("{\"global\": {\"quit\": [], \"back\": []}}")?.description
                == "mine.json:1:21: quit needs at least one key: without it there is no way out of the review screen")
        #expect(keymapError("{\"global\": {\"back\": []}}")?.message.hasPrefix("back needs at least one key") == true)
        #expect(keymapError("{\"global\": {\"quit\": [\"ctrl-q\"], \"back\": [\"esc\"]}}") == nil)
    }

    @Test func aKeymapKeyMustBePrintableOrNamed() {
        #expect(keymapError("{\"document\": {\"undo\": [\"\\u001b\"]}}")?.message == "U+001B is not a key name (see docs/keys.md)")
        #expect(keymapError("{\"document\": {\"undo\": [\"\\u009b\"]}}")?.message == "U+009B is not a key name (see docs/keys.md)")
        #expect(keymapError("{\"document\": {\"undo\": [\"\\u202e\"]}}")?.message == "U+202E is not a key name (see docs/keys.md)")
        #expect(keymapError("{\"document\": {\"undo\": [\"ü\"]}}") == nil)
    }

    /// The layout reduce remembers for scrolling is reused by the view only when it was made for
    /// the same width and markers: resizing, hiding markers and moving on each lay out afresh.
    @Test func aRememberedLayoutNeverShowsStaleText() throws {
        let app = try TestApp(lines: [DocumentEditingTests.dialogue])
        app.type("<enter>")
        #expect(app.screen.contains("[Hello there. How are you?] [I am well. [Hello there] was kind.]"))
        app.runtime.send(.resized(ScreenSize(rows: 24, cols: 40)))
        #expect(!app.screen.contains("[I am well. [Hello there] was kind.]"))
        #expect(app.screen.contains("\n[Hello there] was kind.]"))
        app.runtime.send(.resized(ScreenSize(rows: 24, cols: 80)))
        app.type("M")
        #expect(app.screen.contains("[Hello there. How are you?] I am well. Hello there was kind."))
        app.type("j")
        #expect(app.screen.contains("Hello there. How are you? [I am well. Hello there was kind.]"))
        app.type("M")
        #expect(app.screen.contains("[Hello there. How are you?] [I am well. [Hello there] was kind.]"))
    }

    @Test func wideAndCombiningCharactersTakeTheRightCells() throws {
        let line = ImportHelpers.line(id: "w", text: "<human>日本 e\u{301}😀x</human>")
        let app = try TestApp(lines: [line])
        app.type("<enter>")
        let row = try #require(app.row(containing: "[日本"))
        #expect(app.grid[row, 1].text == "日" && app.grid[row, 1].width == 2)
        #expect(app.grid[row, 2].isContinuation)
        #expect(app.grid[row, 3].text == "本")
        #expect(app.grid[row, 6].text == "e\u{301}")
        #expect(app.grid[row, 7].text == "😀" && app.grid[row, 7].width == 2)
        #expect(app.grid[row, 9].text == "x")
    }

    @Test func hostileTextNeverReachesTheGridRaw() throws {
        let line = ImportHelpers.line(id: "evil", text: "<ai>title \u{1B}]0;pwned\u{07} red \u{1B}[31m bidi \u{202E}olleh\u{202C} zero\u{200B}width</ai>")
        let app = try TestApp(lines: [line])
        for keys in ["", "<enter>"] {
            app.type(keys)
            #expect(app.screen.contains("␛"))
            for cell in app.grid.cells {
                for scalar in cell.text.unicodeScalars {
                    #expect(scalar.value >= 0x20 && !(0x7F...0x9F).contains(scalar.value) && !(0x202A...0x202E).contains(scalar.value) && scalar.value != 0x200B)
                }
            }
        }
        // Offsets still count the control characters.
        #expect(try app.stored("evil").spans.first?.end == 50)
    }

    @Test func longDocumentsScrollToKeepTheCurrentSpanVisible() throws {
        let sentences = (1...60).map { "<human>Sentence number \($0) is here.</human>" }.joined(separator: "\n")
        let app = try TestApp(lines: [ImportHelpers.line(id: "long", text: sentences)])
        app.type("<enter>G")
        #expect(app.screen.contains("Sentence number 60"))
        #expect(!app.screen.contains("Sentence number 1 is"))
        app.type("g")
        #expect(app.screen.contains("Sentence number 1 is"))
    }
}
