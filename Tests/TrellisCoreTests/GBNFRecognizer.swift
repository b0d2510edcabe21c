/// A test oracle for GBNF grammars: parses a grammar by llama.cpp's rules (as its
/// `grammars/README.md` and grammar parser describe them: rule names of ASCII letters, digits
/// and `-`; a rule ends at a newline unless inside parentheses or after `|`; strings, character
/// classes with `^` and ranges, escapes `\x \u \U \t \r \n \\ \" \[ \] \-`, `.`, groups,
/// `* + ? {m} {m,} {m,n}`, `#` comments), checks what llama.cpp checks when it loads one (every
/// rule defined, a `root`, no left recursion), and recognises strings with an Earley parser.
struct GBNFRecognizer {
    struct SyntaxError: Error, CustomStringConvertible {
        var message: String
        var line: Int
        var description: String { "line \(line): \(message)" }
    }

    /// A set of code points: listed ranges, or (`negated`) everything but them.
    struct CharacterClass: Hashable {
        var ranges: [ClosedRange<UInt32>]
        var negated: Bool

        func contains(_ value: UInt32) -> Bool {
            ranges.contains { $0.contains(value) } != negated
        }
    }

    enum Symbol: Hashable {
        case terminal(CharacterClass)
        case rule(Int)
    }

    /// Rules by number; each a list of alternatives, each a sequence of symbols.
    private(set) var rules: [[[Symbol]]] = []
    private(set) var names: [String: Int] = [:]
    private var defined: Set<Int> = []
    private var nullable: [Bool] = []
    let root: Int

    init(_ text: String) throws {
        var parser = Parser(scalars: Array(text.unicodeScalars))
        var grammar = Builder()
        try parser.parseGrammar(into: &grammar)
        rules = grammar.rules
        names = grammar.names
        defined = grammar.defined
        for (name, id) in names where !defined.contains(id) {
            throw SyntaxError(message: "undefined rule \(name)", line: 0)
        }
        guard let root = names["root"] else { throw SyntaxError(message: "no root rule", line: 0) }
        self.root = root
        nullable = Self.nullableRules(rules)
        if let rule = leftRecursiveRule() { throw SyntaxError(message: "left recursion through rule \(rule)", line: 0) }
    }

    // MARK: Checks

    private static func nullableRules(_ rules: [[[Symbol]]]) -> [Bool] {
        var nullable = [Bool](repeating: false, count: rules.count)
        var changed = true
        while changed {
            changed = false
            for (id, alternatives) in rules.enumerated() where !nullable[id] {
                if alternatives.contains(where: { $0.allSatisfy { symbol in
                    if case .rule(let other) = symbol { return nullable[other] }
                    return false
                } }) {
                    nullable[id] = true
                    changed = true
                }
            }
        }
        return nullable
    }

    /// A rule that can reach itself at its left edge (llama.cpp refuses such grammars), if any.
    private func leftRecursiveRule() -> Int? {
        // Left corners: rules that may start a rule, through nullable prefixes.
        let corners = rules.map { alternatives in
            var found = Set<Int>()
            for alternative in alternatives {
                for symbol in alternative {
                    guard case .rule(let other) = symbol else { break }
                    found.insert(other)
                    if !nullable[other] { break }
                }
            }
            return found
        }
        for start in rules.indices {
            var seen = Set<Int>(), stack = Array(corners[start])
            while let next = stack.popLast() {
                if next == start { return start }
                if seen.insert(next).inserted { stack += corners[next] }
            }
        }
        return nil
    }

    // MARK: Recognising

    /// Whether the grammar matches the whole of `text` (an Earley parser, with nullable rules
    /// completed as they are predicted; items packed into integers to keep it quick).
    func matches(_ text: String) -> Bool {
        // Productions numbered: each rule's alternatives, one after another.
        var productions: [(rule: Int, symbols: [Symbol])] = []
        var first = [Int](repeating: 0, count: rules.count)
        for (rule, alternatives) in rules.enumerated() {
            first[rule] = productions.count
            for alternative in alternatives { productions.append((rule, alternative)) }
        }
        func pack(_ production: Int, _ dot: Int, _ origin: Int) -> UInt64 {
            UInt64(production) << 40 | UInt64(dot) << 32 | UInt64(origin)
        }
        let input = text.unicodeScalars.map(\.value)
        var sets = [[UInt64]](repeating: [], count: input.count + 1)
        /// Per position, the items waiting for each rule.
        var waitingFor = [[Int: [UInt64]]](repeating: [:], count: input.count + 1)
        var current = Set<UInt64>(), next = Set<UInt64>()
        for index in rules[root].indices {
            current.insert(pack(first[root] + index, 0, 0))
            sets[0].append(pack(first[root] + index, 0, 0))
        }
        for position in 0...input.count {
            var cursor = 0
            func add(_ item: UInt64) {
                if current.insert(item).inserted { sets[position].append(item) }
            }
            while cursor < sets[position].count {
                let item = sets[position][cursor]
                cursor += 1
                let production = Int(item >> 40), dot = Int(item >> 32 & 0xFF), origin = Int(item & 0xFFFF_FFFF)
                let (rule, sequence) = productions[production]
                if dot == sequence.count {
                    for waiting in waitingFor[origin][rule] ?? [] { add(waiting + (1 << 32)) }
                    continue
                }
                switch sequence[dot] {
                case .rule(let predicted):
                    waitingFor[position][predicted, default: []].append(item)
                    for index in rules[predicted].indices { add(pack(first[predicted] + index, 0, position)) }
                    if nullable[predicted] { add(item + (1 << 32)) }
                case .terminal(let characters):
                    if position < input.count, characters.contains(input[position]), next.insert(item + (1 << 32)).inserted {
                        sets[position + 1].append(item + (1 << 32))
                    }
                }
            }
            current = next
            next = []
        }
        return sets[input.count].contains { item in
            let production = Int(item >> 40)
            return productions[production].rule == root && item & 0xFFFF_FFFF == 0 && Int(item >> 32 & 0xFF) == productions[production].symbols.count
        }
    }

    // MARK: Building

    private struct Builder {
        var rules: [[[Symbol]]] = []
        var names: [String: Int] = [:]
        var defined: Set<Int> = []

        mutating func id(of name: String) -> Int {
            if let id = names[name] { return id }
            rules.append([])
            names[name] = rules.count - 1
            return rules.count - 1
        }

        mutating func fresh(_ alternatives: [[Symbol]]) -> Int {
            rules.append(alternatives)
            return rules.count - 1
        }

        /// `symbols` repeated at least `low` and at most `high` (`nil`: no limit) times.
        mutating func repeated(_ symbols: [Symbol], low: Int, high: Int?) -> [Symbol] {
            var result = Array([[Symbol]](repeating: symbols, count: low).joined())
            if let high {
                var tail: Int?
                for _ in 0..<(high - low) {
                    tail = fresh([symbols + (tail.map { [.rule($0)] } ?? []), []])
                }
                if let tail { result.append(.rule(tail)) }
            } else {
                let star = rules.count
                rules.append([symbols + [.rule(star)], []])
                result.append(.rule(star))
            }
            return result
        }
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0

        var line: Int { scalars[..<index].filter { $0 == "\n" }.count + 1 }
        var current: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

        func error(_ message: String) -> SyntaxError { SyntaxError(message: message, line: line) }

        static func isNameCharacter(_ scalar: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "-"
        }

        mutating func skipSpace(newlines: Bool) {
            while let scalar = current {
                if scalar == "#" {
                    while let inner = current, inner != "\n", inner != "\r" { index += 1 }
                } else if scalar == " " || scalar == "\t" || (newlines && (scalar == "\n" || scalar == "\r")) {
                    index += 1
                } else {
                    return
                }
            }
        }

        mutating func name() throws(SyntaxError) -> String {
            let start = index
            while let scalar = current, Self.isNameCharacter(scalar) { index += 1 }
            guard index > start else { throw error("expecting a name") }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }

        mutating func parseGrammar(into grammar: inout Builder) throws(SyntaxError) {
            skipSpace(newlines: true)
            while current != nil {
                let ruleName = try name()
                skipSpace(newlines: false)
                guard scalars[index...].starts(with: "::=".unicodeScalars) else { throw error("expecting ::=") }
                index += 3
                skipSpace(newlines: true)
                let id = grammar.id(of: ruleName)
                grammar.rules[id] = try alternatives(nested: false, into: &grammar)
                grammar.defined.insert(id)
                if current == "\r" { index += 1 }
                if current == "\n" {
                    index += 1
                } else if current != nil {
                    throw error("expecting a newline or the end")
                }
                skipSpace(newlines: true)
            }
        }

        mutating func alternatives(nested: Bool, into grammar: inout Builder) throws(SyntaxError) -> [[Symbol]] {
            var result = [try sequence(nested: nested, into: &grammar)]
            while current == "|" {
                index += 1
                skipSpace(newlines: true)
                result.append(try sequence(nested: nested, into: &grammar))
            }
            return result
        }

        mutating func sequence(nested: Bool, into grammar: inout Builder) throws(SyntaxError) -> [Symbol] {
            var result: [Symbol] = []
            var lastStart: Int?  // where the last item's symbols start in `result`
            while let scalar = current {
                if scalar == "\"" {
                    index += 1
                    lastStart = result.count
                    while current != "\"" {
                        guard current != nil else { throw error("unexpected end of input in a string") }
                        let value = try character()
                        result.append(.terminal(CharacterClass(ranges: [value...value], negated: false)))
                    }
                    index += 1
                } else if scalar == "[" {
                    index += 1
                    var negated = false
                    if current == "^" {
                        negated = true
                        index += 1
                    }
                    var ranges: [ClosedRange<UInt32>] = []
                    while current != "]" {
                        guard current != nil else { throw error("unexpected end of input in a class") }
                        let low = try character()
                        if current == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                            index += 1
                            let high = try character()
                            guard low <= high else { throw error("reversed range") }
                            ranges.append(low...high)
                        } else {
                            ranges.append(low...low)
                        }
                    }
                    index += 1
                    lastStart = result.count
                    result.append(.terminal(CharacterClass(ranges: ranges, negated: negated)))
                } else if Self.isNameCharacter(scalar) {
                    let referenced = try name()
                    lastStart = result.count
                    result.append(.rule(grammar.id(of: referenced)))
                } else if scalar == "(" {
                    index += 1
                    skipSpace(newlines: true)
                    let group = try alternatives(nested: true, into: &grammar)
                    guard current == ")" else { throw error("expecting )") }
                    index += 1
                    lastStart = result.count
                    result.append(.rule(grammar.fresh(group)))
                } else if scalar == "." {
                    index += 1
                    lastStart = result.count
                    result.append(.terminal(CharacterClass(ranges: [], negated: true)))
                } else if scalar == "*" || scalar == "+" || scalar == "?" || scalar == "{" {
                    guard let start = lastStart else { throw error("expecting an item before \(scalar)") }
                    index += 1
                    var low = 0, high: Int?
                    switch scalar {
                    case "*": break
                    case "+": low = 1
                    case "?": high = 1
                    default:
                        skipSpace(newlines: nested)
                        low = try integer()
                        skipSpace(newlines: nested)
                        if current == "}" {
                            high = low
                        } else {
                            guard current == "," else { throw error("expecting , or }") }
                            index += 1
                            skipSpace(newlines: nested)
                            if let digit = current, ("0"..."9").contains(digit) { high = try integer() }
                            skipSpace(newlines: nested)
                            guard current == "}" else { throw error("expecting }") }
                        }
                        index += 1
                    }
                    if let high, high < low { throw error("{\(low),\(high)}: the maximum is below the minimum") }
                    let item = Array(result[start...])
                    result.removeSubrange(start...)
                    result += grammar.repeated(item, low: low, high: high)
                    lastStart = nil
                } else {
                    break
                }
                skipSpace(newlines: nested)
            }
            return result
        }

        mutating func integer() throws(SyntaxError) -> Int {
            let start = index
            while let scalar = current, ("0"..."9").contains(scalar) { index += 1 }
            guard index > start, let value = Int(String(String.UnicodeScalarView(scalars[start..<index]))) else { throw error("expecting a number") }
            return value
        }

        mutating func character() throws(SyntaxError) -> UInt32 {
            guard let scalar = current else { throw error("unexpected end of input") }
            index += 1
            guard scalar == "\\" else { return scalar.value }
            guard let escape = current else { throw error("unexpected end of input after \\") }
            index += 1
            switch escape {
            case "x": return try hex(digits: 2)
            case "u": return try hex(digits: 4)
            case "U": return try hex(digits: 8)
            case "t": return 0x09
            case "r": return 0x0D
            case "n": return 0x0A
            case "\\", "\"", "[", "]", "-": return escape.value
            default: throw error("unknown escape \\\(escape)")
            }
        }

        mutating func hex(digits: Int) throws(SyntaxError) -> UInt32 {
            guard index + digits <= scalars.count,
                  let value = UInt32(String(String.UnicodeScalarView(scalars[index..<(index + digits)])), radix: 16) else {
                throw error("expecting \(digits) hex digits")
            }
            index += digits
            return value
        }
    }
}
