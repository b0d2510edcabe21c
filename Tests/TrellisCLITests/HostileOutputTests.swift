import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// Every command run on hostile documents, notes, names, arguments and config files: no escape,
/// bell, C1 control or bidirectional control leaves on standard output or standard error.
@Suite struct HostileOutputTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    /// Text that would retitle, recolour or reorder a terminal.
    static let hostile = "\u{1B}]2;pwned\u{7}\u{1B}[41m\u{9B}2J\u{202E}"
    static let reviewer = "\u{1B}]2;ada\u{7}"

    /// What must never leave: ESC, BEL, CSI U+009B, bidi controls, and bytes that are not UTF-8
    /// (a raw 0x9B is a CSI to an 8-bit terminal).
    static func leaks(_ bytes: [UInt8]) -> [String] {
        var found: [String] = []
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        loop: while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                switch scalar.value {
                case 0x1B, 0x07, 0x9B, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                    found.append(String(format: "U+%04X", scalar.value))
                default: break
                }
            case .error: found.append("a byte that is not UTF-8")
            case .emptyInput: break loop
            }
        }
        return found
    }

    private func run(_ arguments: [String], _ comment: String) throws -> TrellisProcess.Outcome {
        let outcome = try TrellisProcess.run(arguments, environment: ["XDG_DATA_HOME": directory.path("data"), "XDG_CONFIG_HOME": directory.path("config")])
        let leaks = Self.leaks(outcome.bytes)
        #expect(leaks.isEmpty, "\(comment): \(arguments.map(\.debugDescription).joined(separator: " ")) printed \(leaks)\n\(outcome.stdout)\n\(outcome.stderr)")
        return outcome
    }

    private func hostileFiles() throws -> (documents: String, schema: String, reasons: String, brokenSchema: String, rubric: String, keymap: String) {
        let documents = try directory.write("hostile.jsonl", [
            #"{"id":"esc","text":"<ai>x</ai> \u001b]2;pwned\u0007 <evil\u009b>y</evil\u009b>"}"#,
            #"{"id":"label","text":"plain","spans":[{"start":0,"end":2,"label":"\u001b[41m","text":"\u001b[41m"}]}"#,
            #"{"id":"bidi","text":"<human>hi \u202e there\u001b[41m</human> <ai>reply\u009b</ai>","stage":1,"source":"\u001b[41msrc"}"#,
            // Ids must be visible text: these are refused, and the refusal must not leak them.
            #"{"id":"bidi\u202e","text":"<ai>x</ai>"}"#,
            #"{"id":"gold\u2066","text":"<ai>x</ai>"}"#,
            #"{"id":"stage","text":"<ai>x</ai>","stage":"\u009b2J\u0007"}"#,
            #"{"id":"spantext","text":"hello","spans":[{"start":0,"end":5,"label":"ai","text":"\u001b]0;t\u0007"}]}"#,
            #"{"id":"gold","text":"<human>Be \u001b[5m kind\u202e</human> <ai>Yes \u0007</ai>","stage":2}"#,
            #"{"id":"\u001b[41m","text":"<ai>x</ai>"}"#,
            "{\"id\":\"raw\u{1B}[41m\",\"text\":\"<ai>\u{1B}]2;x\u{7}</ai>\"}",
        ].joined(separator: "\n") + "\n")
        let bundled = try String(contentsOf: Fixtures.repositoryFile("Resources/schema.json"), encoding: .utf8)
        let schema = try directory.write("hostile-schema.json", bundled.replacingOccurrences(of: #""name": "quote""#, with: #""name": "quote\u001b[41m\u202e""#))
        let reasons = try directory.write("hostile-reasons.json", bundled
            .replacingOccurrences(of: #""name": "model-raising""#, with: #""name": "model\u009b2J\u202e""#)
            .replacingOccurrences(of: #""reason": ""#, with: #""reason": "\u001b]2;t\u0007\u202e\u0080\u007f""#))
        let brokenSchema = try directory.write("broken-schema.json", "{\"name\": \"x\u{1B}]2;t\u{7}\", \u{1B}[41m \u{9B}2J }")
        let rubricText = String(decoding: try Fixtures.rubricBytes(), as: UTF8.self)
        let rubric = try directory.write("hostile-rubric.json", rubricText.replacingOccurrences(of: #""name": "care""#, with: #""name": "care\u001b]2;t\u0007""#))
        let keymap = try directory.write("hostile-keymap.json", #"{"global": {"quit": ["\u001b[41m"], "help": ["\u009b"]}, "nowhere\u202e": {}}"#)
        return (documents, schema, reasons, brokenSchema, rubric, keymap)
    }

    @Test func noCommandLetsAControlCharacterThrough() throws {
        let files = try hostileFiles()
        let db = directory.path("hostile.sqlite")
        _ = try run(["validate", files.documents], "validate a file")
        _ = try run(["import", "--db", db, files.documents], "import")
        _ = try run(["import", "--db", directory.path("other.sqlite"), "--schema", files.schema, files.documents], "import with a hostile schema")

        // A reviewer with a hostile name approves a document with hostile text and leaves hostile notes.
        let database = try AppDatabase.open(path: db)
        let gold = try #require(try database.document(externalID: "gold"))
        try ReviewHelpers.judgeAll("gold", in: database, by: Self.reviewer)
        _ = try database.annotate(span: gold.spans[0].id, in: gold.record.id, note: "\u{202E}note\u{1B}[41m", by: Self.reviewer, schema: Fixtures.defaultSchema)
        _ = try database.annotate(document: gold.record.id, note: Self.hostile, by: Self.reviewer, schema: Fixtures.defaultSchema)

        _ = try run(["validate", db], "validate a database")
        _ = try run(["validate", "--schema", files.schema, files.documents], "a hostile schema")
        _ = try run(["validate", "--schema", files.brokenSchema, files.documents], "a schema that does not parse")
        _ = try run(["validate", directory.path("missing" + Self.hostile)], "a missing file")
        _ = try run(["stats", "--db", db], "stats")
        _ = try run(["stats", "--db", directory.path(Self.hostile + ".sqlite")], "no such database")
        _ = try run(["review", db], "review without a terminal")
        _ = try run(["review", db, "--keymap", files.keymap], "a hostile keymap")
        _ = try run([Self.hostile], "a hostile argument")
        _ = try run(["history", "--db", db, "gold"], "history with notes")
        _ = try run(["history", "--db", db, "gold\u{2066}"], "history of a hostile id")
        _ = try run(["history", "--db", db, Self.hostile], "history of no document")
        for format in ["eval", "train", "control-tokens", "csv", "brat"] {
            let out = directory.path("\(format)-\(Self.hostile)")
            _ = try run(["export", "--db", db, "--format", format, "--out", out, "--token", "ai=\(Self.hostile)"], "export \(format)")
            _ = try run(["validate", out], "validate the \(format) export")
        }
        _ = try run(["export", "--db", db, "--format", "eval", "--out", directory.path("x.jsonl"), "--min-rating", Self.hostile + "=3"], "a hostile option")
        _ = try run(["agreement", "--db", db], "agreement")
        _ = try run(["agreement", "--db", db, "--json"], "agreement as JSON")
        _ = try run(["agreement", "--db", db, "--rubric", files.rubric], "a hostile rubric")
        _ = try run(["reviewers", "--db", db], "reviewers")
        _ = try run(["assign", "--db", db, "--to", Self.reviewer, "bo\u{202E}"], "assign")
        _ = try run(["adjudicate", "--db", db, "--auto", "--reviewer", Self.reviewer], "adjudicate")
        _ = try run(["reviewers", "--db", db, "--set", "\u{1B}[41mbo\u{202E}", "--role", "admin"], "set a role")
        _ = try run(["assign", "--db", db, "--to", "cy", "--reviewer", Self.reviewer], "a refusal naming a hostile reviewer")
        for export in ["json", "gbnf"] {
            _ = try run(["schema", "--export", export, "--schema", files.reasons], "schema --export \(export) of hostile reasons")
        }
        _ = try run(["gen", "--docs", "1", "--out", directory.path("missing-\(Self.hostile)/x.jsonl")], "gen into no folder")
    }

    @Test func theCheckFindsWhatItLooksFor() {
        #expect(Self.leaks(Array("plain ␛ ¤ ⇄ 日本".utf8)).isEmpty)
        #expect(Self.leaks(Array(Self.hostile.utf8)) == ["U+001B", "U+0007", "U+001B", "U+009B", "U+202E"])
        #expect(Self.leaks([0x41, 0x9B, 0x32, 0x4A]) == ["a byte that is not UTF-8"])
    }
}
