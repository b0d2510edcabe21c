/// The transition table as a GBNF grammar for llama.cpp (`--grammar-file`), so that a model
/// writing tagged text can only write what imports without tag errors and passes validation.
///
/// The grammar matches the tagged text itself (the `text` field of a document). Each context of
/// the table becomes one rule per state (`TransitionTable.Context.State`), stepped through with
/// the same functions the acceptor uses; text follows the tag syntax of `docs/formats.md`: a `<`
/// is text unless it starts a tag-shaped token, and the only tag-shaped tokens that are text are
/// the literal tags. Syntax as llama.cpp parses it (`grammars/README.md` there): rule names of
/// ASCII letters, digits and `-`; code points outside printable ASCII written as `\x`, `\u`, `\U`.
public enum GBNFGrammar {
    /// The grammar text, ending with a newline.
    public static func grammar(for table: TransitionTable) -> String {
        var writer = Writer(table: table)
        return writer.write()
    }

    /// A rule name fragment for a tag: letters and digits kept, `-` doubled, `_` written `-u`,
    /// so that different tags never give the same name.
    static func ruleName(_ tag: String) -> String {
        var name = ""
        for character in tag {
            switch character {
            case "-": name += "--"
            case "_": name += "-u"
            default: name.append(character)
            }
        }
        return name
    }

    /// One code point as GBNF writes it in a string or (`inClass`) a character class.
    static func escaped(_ value: UInt32, inClass: Bool = true) -> String {
        switch value {
        case 0x09: return "\\t"
        case 0x0A: return "\\n"
        case 0x0D: return "\\r"
        case 0x22, 0x5C: return "\\" + String(UnicodeScalar(UInt8(value)))
        case 0x2D, 0x5B, 0x5D: return (inClass ? "\\" : "") + String(UnicodeScalar(UInt8(value)))
        case 0x20...0x7E: return String(UnicodeScalar(UInt8(value)))
        case ..<0x100: return "\\x" + hex(value, digits: 2)
        case ..<0x10000: return "\\u" + hex(value, digits: 4)
        default: return "\\U" + hex(value, digits: 8)
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// The code points of `ranges` as the inside of a character class (`\t-\r \x85`).
    static func classBody(_ ranges: [ClosedRange<UInt32>]) -> String {
        ranges.map { $0.lowerBound == $0.upperBound ? escaped($0.lowerBound) : escaped($0.lowerBound) + "-" + escaped($0.upperBound) }.joined()
    }

    private struct Writer {
        /// A piece of a rule body: a reference to another rule (perhaps with `?`), or text.
        struct Symbol: Hashable {
            var text: String
            var rule: String?

            static func rule(_ name: String, _ suffix: String = "") -> Symbol { Symbol(text: name + suffix, rule: name) }
            static func raw(_ text: String) -> Symbol { Symbol(text: text, rule: nil) }
        }

        let table: TransitionTable
        /// Rule bodies (alternatives of symbols) by name, and the order they were defined in.
        var rules: [String: [[Symbol]]] = [:]
        var order: [String] = []
        var comments: [String: [String]] = [:]

        init(table: TransitionTable) {
            self.table = table
        }

        mutating func write() -> String {
            let top = table.contexts.first { $0.isTopLevel } ?? TransitionTable.Context(mode: nil, mayOpen: [], text: .whitespace, banned: [])
            defineContext(top)
            for context in table.contexts where !context.isTopLevel { defineContext(context) }
            defineText()

            var out = """
                # The mode tags of schema \(jsonString(table.schemaName)), version \(jsonString(table.schemaVersion)), as a GBNF grammar
                # for llama.cpp (--grammar-file). Written by `trellis schema --export gbnf`; see docs/schema.md.
                # It matches a document's tagged text (its "text" field) when the text imports without tag
                # errors and passes validation: tags nest as the schema allows, no span is empty, banned
                # neighbours never follow each other\(top.text == .whitespace ? ", and no text stands outside every span" : "").

                """
            for name in reachable() {
                if let lines = comments[name] { out += "\n" + lines.map { "# \($0)\n" }.joined() }
                out += "\(name) ::= \(render(rules[name]!))\n"
            }
            return out
        }

        /// The rule names reachable from `root`, in definition order.
        private func reachable() -> [String] {
            var seen: Set<String> = ["root"]
            var queue = ["root"]
            while let name = queue.popLast() {
                for reference in rules[name]!.joined().compactMap(\.rule) where seen.insert(reference).inserted {
                    queue.append(reference)
                }
            }
            return order.filter(seen.contains)
        }

        private mutating func define(_ name: String, _ body: [[Symbol]], comment: [String] = []) {
            if rules[name] == nil { order.append(name) }
            rules[name] = body
            if !comment.isEmpty { comments[name] = comment }
        }

        /// A fixed rule written out, naming the rules it refers to.
        private mutating func define(_ name: String, raw body: String, references: [String] = [], comment: [String] = []) {
            define(name, [[.raw(body)] + references.map { Symbol(text: "", rule: $0) }], comment: comment)
        }

        private func prefix(_ context: TransitionTable.Context) -> String {
            context.mode.map { "in-" + GBNFGrammar.ruleName($0) } ?? "top"
        }

        private func stateName(_ state: TransitionTable.Context.State) -> String {
            switch state {
            case .empty: "start"
            case .free: "free"
            case .afterSpan(let tag): "after-" + GBNFGrammar.ruleName(tag)
            case .afterText(let tag): "text-after-" + GBNFGrammar.ruleName(tag)
            }
        }

        /// The name of the rule where text may come in `state`.
        private func textRuleName(_ context: TransitionTable.Context, _ state: TransitionTable.Context.State) -> String {
            "\(prefix(context))-\(stateName(state))"
        }

        /// The alternatives after text in `state`: a child span then the state after it, the
        /// closing tag, or (`[]`) the end of the document.
        private func tagAlternatives(_ context: TransitionTable.Context, _ state: TransitionTable.Context.State) -> [[Symbol]] {
            var alternatives = context.mayOpen.filter { context.mayOpen($0, in: state) }.map {
                [Symbol.rule("span-" + GBNFGrammar.ruleName($0)), .rule(textRuleName(context, context.afterChild($0)))]
            }
            if context.mayClose(in: state), let mode = context.mode { alternatives.append([.raw(literal("</\(mode)>"))]) }
            if context.mayEnd(in: state) { alternatives.append([]) }
            return alternatives
        }

        /// What follows text in `state`: its tag rule, nothing when only the end may follow,
        /// `nil` when nothing may.
        private func tagReference(_ context: TransitionTable.Context, _ state: TransitionTable.Context.State) -> [Symbol]? {
            let alternatives = tagAlternatives(context, state)
            if alternatives.isEmpty { return nil }
            if alternatives == [[]] { return [] }
            return [.rule(textRuleName(context, state) + "-tag")]
        }

        /// The rule where text may come in `state`: white space, visible text or no text, each
        /// followed by what may follow it.
        private func textRule(_ context: TransitionTable.Context, _ state: TransitionTable.Context.State) -> [[Symbol]] {
            var options: [(text: Symbol?, then: [Symbol])] = []
            let none = tagReference(context, state)
            let white = tagReference(context, context.afterWhitespace(state))
            let visible = context.afterVisibleText(state).flatMap { tagReference(context, $0) }
            if let white, white == visible {
                options.append((.rule("text", none == white ? "?" : ""), white))
            } else {
                if let white { options.append((.rule("ws", none == white ? "?" : ""), white)) }
                if let visible { options.append((.rule("visible"), visible)) }
            }
            if let none, !options.contains(where: { $0.then == none && $0.text?.text.hasSuffix("?") == true }) {
                options.append((nil, none))
            }
            return options.map { ($0.text.map { [$0] } ?? []) + $0.then }
        }

        private mutating func defineContext(_ context: TransitionTable.Context) {
            let children = context.mayOpen.map { "<\($0)>" }.joined(separator: ", ")
            var notes: [String]
            if let mode = context.mode {
                notes = ["<\(mode)>: \(children.isEmpty ? "no nested span" : "may hold \(children)"); a span holds at least one code point."]
            } else {
                let between = context.text == .whitespace ? " with only white space between" : " and any text"
                let least = context.text == .whitespace ? "span" : "span or visible text"
                notes = ["The top level: \(children.isEmpty ? "no span" : children)\(between); at least one \(least)."]
            }
            for ban in context.banned {
                let between = ban.separation == .whitespace ? "with only white space between" : "whatever lies between"
                notes.append("<\(ban.open)> never follows <\(ban.after)> \(between).")
            }
            let start = textRuleName(context, .empty)
            if let mode = context.mode {
                define("span-" + GBNFGrammar.ruleName(mode), [[.raw(literal("<\(mode)>")), .rule(start)]], comment: notes)
            } else {
                define("root", [[.rule(start)]])
            }
            for state in context.reachableStates {
                let name = textRuleName(context, state)
                define(name, textRule(context, state), comment: context.isTopLevel && state == .empty ? notes : [])
                if tagReference(context, state)?.isEmpty == false {
                    define(name + "-tag", tagAlternatives(context, state))
                }
            }
        }

        private mutating func defineText() {
            let whitespace = GBNFGrammar.classBody(table.whitespace)
            let name = "[A-Za-z] name-char{0,\(TagSyntax.maxNameLength - 1)}"
            var ends = [
                "[^/A-Za-z<]", "\"/\" [^A-Za-z<]",
                "\"/\"? \(name) [^A-Za-z0-9_\\-<>]",
                "\"/\"? [A-Za-z] name-char{\(TagSyntax.maxNameLength)}",
            ]
            var references = ["name-char"]
            if !table.literalTags.isEmpty {
                ends.append("\"/\"? literal \">\"")
                references.append("literal")
                define("literal", raw: table.literalTags.map(literal).joined(separator: " | "), comment: ["Tag-shaped names that are ordinary text."])
            }
            define("text", raw: "([^<] | dangle* lt) run | dangle+", references: ["dangle", "lt", "run"], comment: [
                "Text: any code point but \"<\", which is text only where it starts no tag-shaped token",
                "(<NAME> or </NAME>, NAME up to \(TagSyntax.maxNameLength) characters) other than a literal tag.",
            ])
            define("visible", raw: "ws-char* (visible-char | dangle* lt) run | ws-char* dangle+",
                   references: ["ws-char", "visible-char", "dangle", "lt", "run"],
                   comment: ["Text with at least one character that is not white space."])
            define("ws", raw: "ws-char+", references: ["ws-char"])
            define("run", raw: "([^<] | dangle* lt)* dangle*", references: ["dangle", "lt"])
            define("lt", raw: "\"<\" (" + ends.joined(separator: " | ") + ")", references: references,
                   comment: ["A \"<\" that is text, with what shows it starts no tag."])
            define("dangle", raw: "\"<\" \"/\"? (\(name))?", references: ["name-char"],
                   comment: ["A \"<\" cut short by another \"<\", a tag or the end: text."])
            define("name-char", raw: "[A-Za-z0-9_\\-]")
            define("ws-char", raw: "[\(whitespace)]", comment: ["White space: Unicode White_Space and the invisible (default-ignorable) code points."])
            define("visible-char", raw: "[^<\(whitespace)]")
        }

        private func literal(_ text: String) -> String {
            "\"" + text.unicodeScalars.map { GBNFGrammar.escaped($0.value, inClass: false) }.joined() + "\""
        }

        private func jsonString(_ text: String) -> String {
            var bytes: [UInt8] = []
            JSONString.append(text, to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }

        /// Alternatives as a rule body; an empty alternative makes the rest optional, and no
        /// alternative at all gives a class that no code point matches.
        private func render(_ alternatives: [[Symbol]]) -> String {
            let filled = alternatives.filter { !$0.isEmpty }.map { $0.map(\.text).filter { !$0.isEmpty }.joined(separator: " ") }
            guard !filled.isEmpty else { return alternatives.isEmpty ? "[^\\x00-\\U0010FFFF]" : "\"\"" }
            let body = filled.joined(separator: " | ")
            guard alternatives.contains([]) else { return body }
            return filled.count == 1 && !body.contains(" ") ? body + "?" : "(" + body + ")?"
        }
    }
}
