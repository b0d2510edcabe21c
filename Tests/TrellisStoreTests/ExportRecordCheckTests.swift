import Foundation
import Testing
import TrellisCore
@testable import TrellisStore
import TrellisTestSupport

/// A single JSONL export is checked record by record as it is made, not read back: a record
/// that formatting got wrong (made so here after formatting, as a bug would) still stops the
/// export with the problems `trellis validate` finds in those bytes, at the same lines in the
/// same words, and nothing is published.
@Suite struct ExportRecordCheckTests {
    let directory: TemporaryDirectory
    let database: AppDatabase

    init() throws {
        directory = try TemporaryDirectory()
        database = try AppDatabase.inMemory(clock: { Date(timeIntervalSince1970: 1_790_000_000) })
        let lines = (1...8).map { ImportHelpers.line(id: "doc-\($0)", text: "<human>Person \($0) speaks.</human> <ai>Reply \($0).</ai>", stage: $0 % 2 + 1) }
        _ = try ImportHelpers.importLines(lines, into: database, in: directory)
        for index in 1...8 {
            _ = try ReviewHelpers.judgeAll("doc-\(index)", in: database, by: "ada")
            _ = try ReviewHelpers.decideDocument("doc-\(index)", in: database, by: "ada")
        }
    }

    private func exporter(_ format: ExportFormat, tamper: (@Sendable ([UInt8]) -> [UInt8])? = nil) -> Exporter {
        var exporter = Exporter(database: database, schema: Fixtures.defaultSchema, rubric: Fixtures.defaultRubric,
                                options: ExportOptions(format: format, policy: GoldPolicy(rubric: Fixtures.defaultRubric)))
        exporter.tamper = tamper
        return exporter
    }

    /// `change` applied to the record of `doc-5` only (the ids sort doc-1…doc-8 in two stages).
    private static func onDoc5(_ change: @escaping @Sendable (String) -> String) -> @Sendable ([UInt8]) -> [UInt8] {
        { record in
            let text = String(decoding: record, as: UTF8.self)
            return text.contains(#""id":"doc-5""#) ? Array(change(text).utf8) : record
        }
    }

    static let breakages: [(format: ExportFormat, name: String, change: @Sendable (String) -> String)] = [
        (.eval, "a span outside the text", { $0.replacingOccurrences(of: #""start":0,"end":16"#, with: #""start":0,"end":160"#) }),
        (.eval, "an unknown label", { $0.replacingOccurrences(of: #""label":"ai""#, with: #""label":"robot""#) }),
        (.eval, "a field of another type", { $0.replacingOccurrences(of: #""stage":2"#, with: #""stage":"2""#) }),
        (.eval, "not JSON", { String($0.dropLast(3)) }),
        (.eval, "a quote that is not the text at its offsets", { $0.replacingOccurrences(of: #""text":"Reply 5.""#, with: #""text":"Reply 6.""#) }),
        (.eval, "offsets that are not the quote's", { $0.replacingOccurrences(of: #""start":0,"end":16"#, with: #""start":1,"end":17"#) }),
        (.eval, "the text changed under a quote", { $0.replacingOccurrences(of: #""text":"Person 5 speaks. "#, with: #""text":"Person 5 speaks! "#) }),
        (.eval, "a bad escape", { $0.replacingOccurrences(of: #""text":"Reply 5.""#, with: #""text":"Reply 5\q""#) }),
        (.train, "an unknown tag", { $0.replacingOccurrences(of: "<ai>", with: "<robot>").replacingOccurrences(of: "</ai>", with: "</robot>") }),
        (.controlTokens, "segments that are not the text", { $0.replacingOccurrences(of: #""text":"Reply 5.""#, with: #""text":"Reply 6.""#) }),
    ]

    @Test(arguments: 0..<breakages.count)
    func aBrokenRecordStopsTheExportWithTheProblemsValidationFindsInIt(_ index: Int) throws {
        let (format, name, change) = Self.breakages[index]
        let path = directory.path("gold.\(format.rawValue).jsonl")
        // The export as it should be, then the same bytes with the one record broken.
        _ = try exporter(format).run(to: path)
        let good = try String(contentsOfFile: path, encoding: .utf8)
        let broken = good.split(separator: "\n").map { String(decoding: Self.onDoc5(change)(Array($0.utf8)), as: UTF8.self) }
        #expect(broken.joined(separator: "\n") + "\n" != good, "\(name): the change applies")
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.removeItem(atPath: Exporter.manifestPath(for: path))

        var thrown: ExportError?
        do {
            _ = try exporter(format, tamper: Self.onDoc5(change)).run(to: path)
        } catch let error as ExportError {
            thrown = error
        }
        guard case .invalid(let file, let problems) = thrown else {
            Issue.record("\(name): the export was not stopped (\(String(describing: thrown)))")
            return
        }
        #expect(file == path)
        #expect(!FileManager.default.fileExists(atPath: path) && !FileManager.default.fileExists(atPath: Exporter.manifestPath(for: path)))
        // The same problems as reading those bytes back from the same (temporary) name finds.
        let temporary = ExportPublication(path: path, disk: .system).dataPartial
        try (broken.joined(separator: "\n") + "\n").write(toFile: temporary, atomically: false, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let readBack = try ExportValidator.problems(at: temporary, format: format, schema: Fixtures.defaultSchema, tokens: ControlTokens())
        #expect(!problems.isEmpty, "\(name)")
        #expect(problems == readBack, "\(name)")
        #expect(problems.allSatisfy { $0.hasPrefix("\(temporary):") }, "\(name): \(problems)")
    }

    @Test func aRecordWithALineBreakIsCaught() throws {
        let path = directory.path("gold.eval.jsonl")
        var problems: [String] = []
        do {
            _ = try exporter(.eval, tamper: Self.onDoc5 { "{\n" + $0.dropFirst() }).run(to: path)
        } catch ExportError.invalid(_, let found) {
            problems = found
        }
        #expect(problems.count == 1 && problems.first?.hasSuffix(":7: the record holds a line break") == true, "\(problems)")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func untouchedRecordsExportAsTheyReadBack() throws {
        for format in [ExportFormat.eval, .train, .controlTokens] {
            let path = directory.path("ok.\(format.rawValue).jsonl")
            let summary = try exporter(format).run(to: path)
            #expect(summary.records == 8, "\(format)")
            #expect(try ExportValidator.problems(at: path, format: format, schema: Fixtures.defaultSchema).isEmpty)
        }
    }
}
