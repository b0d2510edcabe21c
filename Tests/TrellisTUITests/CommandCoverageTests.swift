import Testing
import TrellisCore
import TrellisTestSupport
@testable import TrellisTUI

/// Every command has a default key, a line on the help screen and a handler that does something
/// with it: a forgotten one fails here instead of doing nothing when its key is pressed.
@Suite struct CommandCoverageTests {
    /// Spans of three modes, text outside every span (a schema problem), an original text, and
    /// enough of it to scroll in a small terminal: every command of the document screen applies.
    static let document = ImportHelpers.line(
        id: "d1",
        text: "Loose words first. <human>Can you help me get home tonight?</human> <ai>Of course. <quote>Can you help?</quote> — yes. "
            + String(repeating: "Walk along the river and keep to the lit side of the road. ", count: 12) + "</ai> <human>Thanks.</human>",
        source: "Can you help me get home tonight? Of course.")
    static let other = ImportHelpers.line(id: "d2", text: "<human>Hello.</human> <ai>Hi.</ai>")

    /// The app on the list, in the first document, and in a cursor prompt (after split).
    struct Screens {
        var list: AppState
        var document: AppState
        var prompt: AppState
    }

    static func screens() throws -> Screens {
        let app = try TestApp(lines: [document, other], rows: 12, cols: 60)
        let list = app.state
        app.type("<enter>")
        let document = app.state
        #expect(document.screen == .document && document.document?.annotated.spans.count == 4)
        let (prompt, _) = Reducer.reduce(document, .key(try #require(TestApp.defaultKeymap.keys(for: .split).first)))
        #expect(prompt.document?.prompt != nil)
        return Screens(list: list, document: document, prompt: prompt)
    }

    @Test func everyCommandHasADefaultKeyAndAHelpLine() throws {
        let screens = try Self.screens()
        let help = HelpView.lines(screens.list).map(\.text)
        for command in Command.allCases {
            let keys = TestApp.defaultKeymap.keys(for: command).map(KeyName.name(of:))
            #expect(!keys.isEmpty, "\(command.rawValue) has no key in Resources/keymap.json")
            #expect(!command.summary.isEmpty, "\(command.rawValue) has no help line")
            let line = help.first { $0.hasSuffix(command.summary) }
            #expect(line?.contains(keys.joined(separator: " ")) == true, "\(command.rawValue): the help screen shows \(line ?? "nothing")")
        }
    }

    /// Commands that can do something only after another: scrolling up needs a page scrolled down.
    static let firstPress: [Command: Command] = [.scrollUp: .scrollDown, .pageUp: .pageDown]

    /// Each command's first default key, pressed on each screen where the command applies,
    /// changes what is on screen, asks the runtime for something, quits or redraws; and no handler
    /// reports a command it does not know.
    @Test func everyCommandIsHandledWhereItApplies() throws {
        let screens = try Self.screens()
        for command in Command.allCases {
            let key = try #require(TestApp.defaultKeymap.keys(for: command).first, "\(command.rawValue) has no key")
            let states: [(String, AppState)] = switch command.context {
            case .global: [("list", screens.list), ("document", screens.document)]
            case .list: [("list", screens.list)]
            case .document: [("document", screens.document)]
            case .prompt: [("prompt", screens.prompt)]
            }
            for (name, start) in states {
                var state = start
                if let first = Self.firstPress[command] {
                    state = Reducer.reduce(state, .key(try #require(TestApp.defaultKeymap.keys(for: first).first))).0
                }
                let (next, effects) = Reducer.reduce(state, .key(key))
                let changed = !effects.isEmpty || next.shouldQuit != state.shouldQuit || next.redraws != state.redraws
                    || AppView.render(next) != AppView.render(state)
                #expect(changed, "\(command.rawValue) (\(KeyName.name(of: key))) did nothing on the \(name) screen")
                #expect(next.message?.text.contains("not handled here") != true, "\(command.rawValue) on the \(name) screen: \(next.message?.text ?? "")")
            }
        }
    }
}
