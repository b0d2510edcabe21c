import Foundation
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// The eval export's quick check (one pass over a record's bytes, no tree) only ever says
/// "clean" when the full check (`RecordCheck`, what `trellis validate` runs) finds nothing and
/// the shape admits the record: records broken at random, byte by byte and field by field, are
/// either passed by both or left to the full check.
@Suite struct ExportQuickCheckTests {
    let directory: TemporaryDirectory
    let lines: [[UInt8]]
    let check: RecordCheck
    let shape: JSONShape

    init() throws {
        directory = try TemporaryDirectory()
        let database = try AppDatabase.inMemory(clock: { Date(timeIntervalSince1970: 1_790_000_000) })
        let texts = [
            "<human>Person 1 says \"hi\" and\ttabs.</human> <ai>Reply é 😀 <quote>quoted \\ back</quote> done.</ai>",
            "<human>Plain.</human> <ai>Reply 2.</ai>",
            "<ai>Only the AI, with a line\nbreak and ünïcödé.</ai>",
            "<human>Person 4.</human> <ai>Reply 4 <quote>q</quote>.</ai> <human>again</human>",
        ]
        let imported = texts.enumerated().map { ImportHelpers.line(id: "doc-\($0.offset + 1)", text: $0.element, stage: $0.offset % 2 + 1) }
        _ = try ImportHelpers.importLines(imported, into: database, in: directory)
        for index in 1...texts.count {
            _ = try ReviewHelpers.judgeAll("doc-\(index)", in: database, by: "ada", value: index % 5 + 1)
            _ = try ReviewHelpers.decideDocument("doc-\(index)", in: database, by: "ada")
        }
        let path = directory.path("gold.eval.jsonl")
        _ = try Exporter(database: database, schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric,
                         options: ExportOptions(format: .eval, policy: GoldPolicy(rubric: Fixtures.defaultRubric))).run(to: path)
        lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { Array($0.utf8) }
        check = ExportValidator.recordCheck(of: path, format: .eval, schema: Fixtures.defaultSchema, tokens: ControlTokens())!
        var known = JSONShape.null
        for line in lines {
            var conflict: ShapeConflict?
            known = try known.unified(with: JSONShape.of(JSONParser.parse(line), conflict: &conflict)).get()
        }
        shape = known
    }

    /// The full check's verdict on `record`: clean, and admitted by the shape.
    private func fullyClean(_ record: [UInt8]) -> Bool {
        let found = record.withUnsafeBufferPointer { check.check($0, lineNumber: 1, known: shape) }
        return found.problems.isEmpty && found.shape == nil && !record.contains(0x0A)
    }

    private func quicklyClean(_ record: [UInt8], _ quick: LineValidator.Quick, _ scratch: inout LineValidator.Quick.Scratch) -> Bool {
        record.withUnsafeBufferPointer { quick.passes($0, scratch: &scratch) }
    }

    @Test func theExportsRecordsPassQuickly() throws {
        let quick = try #require(check.quick(for: shape))
        var scratch = LineValidator.Quick.Scratch()
        #expect(lines.count == 4)
        for line in lines {
            #expect(fullyClean(line))
            #expect(quicklyClean(line, quick, &scratch), "\(String(decoding: line, as: UTF8.self))")
        }
    }

    @Test func aRecordBrokenAtRandomPassesQuicklyOnlyWhenItIsClean() throws {
        let quick = try #require(check.quick(for: shape))
        var scratch = LineValidator.Quick.Scratch()
        var random = SeededRandom(seed: 20)
        let alphabet = Array(#"",:{}[]0123456789-.eEnulltrue\/ab"#.utf8) + [0x20, 0x0A, 0x00, 0x1F, 0x7F, 0x80, 0xC3, 0xA9, 0xED, 0xF0, 0xFF]
        var passedChanged = 0, leftToFull = 0
        for round in 0..<6000 {
            var record = lines[round % lines.count]
            let original = record
            for _ in 0...(round % 3) {
                let at = Int.random(in: 0..<record.count, using: &random)
                switch Int.random(in: 0..<5, using: &random) {
                case 0: record[at] = alphabet.randomElement(using: &random)!
                case 1: record.remove(at: at)
                case 2: record.insert(alphabet.randomElement(using: &random)!, at: at)
                case 3:
                    let end = min(record.count, at + Int.random(in: 1...24, using: &random))
                    record.insert(contentsOf: record[at..<end], at: Int.random(in: 0..<record.count, using: &random))
                default:
                    let other = Int.random(in: 0..<record.count, using: &random)
                    record.swapAt(at, other)
                }
            }
            if quicklyClean(record, quick, &scratch) {
                #expect(fullyClean(record), "passed quickly but not clean: \(String(decoding: record, as: UTF8.self))")
                if record != original { passedChanged += 1 }
            } else {
                leftToFull += 1
            }
        }
        // Both answers were given: changes that keep a record clean (a digit of a rating, a
        // letter of a note) pass, the rest are left to the full check.
        #expect(passedChanged > 0 && leftToFull > 0, "\(passedChanged) passed, \(leftToFull) left to the full check")
    }

    static let changes: [(name: String, change: @Sendable (String) -> String)] = [
        ("a span outside the text", { $0.replacingOccurrences(of: #""end":"#, with: #""end":9"#) }),
        ("an unknown label", { $0.replacingOccurrences(of: #""label":"ai""#, with: #""label":"robot""#) }),
        ("a label of another span", { $0.replacingOccurrences(of: #""label":"human""#, with: #""label":"quote""#) }),
        ("a quote that is not the text", { $0.replacingOccurrences(of: #""text":"Reply"#, with: #""text":"Reply!"#) }),
        ("a negative offset", { $0.replacingOccurrences(of: #""start":0"#, with: #""start":-0"#) }),
        ("a field of another type", { $0.replacingOccurrences(of: #""stage":2"#, with: #""stage":"2""#) }),
        ("a float for an integer", { $0.replacingOccurrences(of: #""stage":2"#, with: #""stage":2.0"#) }),
        ("an integer for a float", { $0.replacingOccurrences(of: ".0,", with: ",") }),
        ("a missing field", { $0.replacingOccurrences(of: #""source":"","#, with: "") }),
        ("a repeated field", { $0.replacingOccurrences(of: #""source":"","#, with: #""source":"","source":"","#) }),
        ("an unknown field", { $0.replacingOccurrences(of: #""source":"","#, with: #""sauce":"","#) }),
        ("an empty id", { $0.replacingOccurrences(of: #""id":"doc-"#, with: #""id":" "#) }),
        ("an empty text", { $0.replacingOccurrences(of: #","text":"[^"]*","#, with: #","text":"","#, options: .regularExpression) }),
        ("a null id", { $0.replacingOccurrences(of: #""id":"doc-1""#, with: #""id":null"#) }),
        ("meta that is not JSON", { $0.replacingOccurrences(of: #""meta":""#, with: #""meta":"{"#) }),
        ("white space", { $0.replacingOccurrences(of: #"",""#, with: #"", ""#) }),
        ("a line break", { $0.replacingOccurrences(of: #"",""#, with: "\",\n\"") }),
        ("an escaped surrogate", { $0.replacingOccurrences(of: "done.", with: #"\ud83d\ude00"#) }),
        ("a lone surrogate", { $0.replacingOccurrences(of: "done.", with: #"\ud83d"#) }),
        ("an invalid escape", { $0.replacingOccurrences(of: "done.", with: #"\x"#) }),
        ("trailing bytes", { $0 + " " }),
        ("not JSON", { String($0.dropLast(3)) }),
        ("a quote written with other escapes", quoteInOtherEscapes),
        ("offsets moved by one code point", offsetsMovedByOne),
        ("the text changed under a quote", textChangedUnderAQuote),
    ]

    /// The same quoted text written with an escape where the text has none (`\u0052` for `R`):
    /// its bytes differ from the text's at its offsets, its code points do not.
    static let quoteInOtherEscapes: @Sendable (String) -> String = {
        $0.replacingOccurrences(of: #""text":"Reply"#, with: #""text":"\u0052eply"#)
    }

    /// Every span's offsets one code point later (its quoted text left as it was).
    static let offsetsMovedByOne: @Sendable (String) -> String = { record in
        let regex = try! NSRegularExpression(pattern: #""(start|end)":([0-9]+)"#)
        var changed = record
        for match in regex.matches(in: record, range: NSRange(record.startIndex..., in: record)).reversed() {
            let key = (record as NSString).substring(with: match.range(at: 1)), value = Int((record as NSString).substring(with: match.range(at: 2)))!
            changed = (changed as NSString).replacingCharacters(in: match.range, with: "\"\(key)\":\(value + 1)")
        }
        return changed
    }

    /// The document's text changed in its first code point (which the first span quotes).
    static let textChangedUnderAQuote: @Sendable (String) -> String = {
        $0.replacingOccurrences(of: #"("stage":[0-9]+,"text":")."#, with: "$1X", options: .regularExpression)
    }

    @Test(arguments: 0..<changes.count)
    func aRecordChangedInOneFieldIsLeftToTheFullCheckUnlessItIsClean(_ index: Int) throws {
        let (name, change) = Self.changes[index]
        let quick = try #require(check.quick(for: shape))
        var scratch = LineValidator.Quick.Scratch()
        var changed = 0
        for line in lines {
            let record = Array(change(String(decoding: line, as: UTF8.self)).utf8)
            guard record != line else { continue }
            changed += 1
            #expect(!quicklyClean(record, quick, &scratch) || fullyClean(record), "\(name): \(String(decoding: record, as: UTF8.self))")
        }
        #expect(changed > 0, "\(name): the change applies")
    }

    /// The quoted text is compared with the text where their bytes differ, code point by code
    /// point: a quote in other escapes passes, quotes that are not the text at the offsets
    /// written (the offsets moved, the text changed) never pass and the full check finds them.
    @Test func quotesAreComparedWithTheTextAtTheOffsetsWritten() throws {
        let quick = try #require(check.quick(for: shape))
        var scratch = LineValidator.Quick.Scratch()
        var escapedQuotes = 0
        for line in lines {
            let record = Array(Self.quoteInOtherEscapes(String(decoding: line, as: UTF8.self)).utf8)
            guard record != line else { continue }
            escapedQuotes += 1
            #expect(fullyClean(record))
            #expect(quicklyClean(record, quick, &scratch), "\(String(decoding: record, as: UTF8.self))")
        }
        #expect(escapedQuotes >= 2)
        for change in [Self.offsetsMovedByOne, Self.textChangedUnderAQuote] {
            for line in lines {
                let record = Array(change(String(decoding: line, as: UTF8.self)).utf8)
                #expect(record != line)
                #expect(!fullyClean(record), "\(String(decoding: record, as: UTF8.self))")
                #expect(!quicklyClean(record, quick, &scratch), "\(String(decoding: record, as: UTF8.self))")
            }
        }
    }
}
