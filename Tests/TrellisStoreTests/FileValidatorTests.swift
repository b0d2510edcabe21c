import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// `trellis validate` and `trellis import` apply the same rules: what import rejects, validate
/// reports, at the same line, with the same message.
@Suite struct FileValidatorTests {
    let directory: TemporaryDirectory

    init() throws {
        directory = try TemporaryDirectory()
    }

    private func validate(_ path: String, against database: AppDatabase? = nil) throws -> (FileValidator.Summary, [ImportProblem]) {
        var problems: [ImportProblem] = []
        let summary = try FileValidator(schema: Fixtures.defaultSchema, database: database).run(path: path) { problems.append($0) }
        return (summary, problems)
    }

    private func importProblems(_ path: String, into database: AppDatabase) throws -> [ImportProblem] {
        var problems: [ImportProblem] = []
        _ = try Importer(database: database, schema: Fixtures.defaultSchema, reviewer: "t").run(path: path) { problems.append($0) }
        return problems
    }

    @Test func aRepeatedIdIsReportedAsImportRejectsIt() throws {
        let path = try directory.write("repeats.jsonl", [
            ImportHelpers.line(id: "a", text: "<ai>first</ai>"),
            #"{"id": "b", "text": "<ai>unclosed"}"#,
            ImportHelpers.line(id: "b", text: "<ai>second b, the first that counts</ai>"),
            ImportHelpers.line(id: "a", text: "<ai>a again</ai>"),
            "",
            ImportHelpers.line(id: "b", text: "<ai>b again</ai>"),
        ].joined(separator: "\n"))
        let (summary, problems) = try validate(path)
        #expect(problems.map { "\($0.line): \($0.message)" } == [
            "2: <ai> is never closed (tag at text offset 0)",
            "4: duplicate id \"a\" (first on line 1)",
            "6: duplicate id \"b\" (first on line 3)",
        ])
        #expect(summary == FileValidator.Summary(documents: 5, withProblems: 3, problems: 3))
        #expect(try importProblems(path, into: AppDatabase.inMemory()) == problems)
    }

    @Test func withADatabaseTheFileIsCheckedAgainstWhatItHolds() throws {
        let database = try AppDatabase.inMemory()
        let first = try directory.write("first.jsonl", [
            ImportHelpers.line(id: "same", text: "<ai>same</ai>"),
            ImportHelpers.line(id: "edited", text: "<ai>before</ai>"),
        ].joined(separator: "\n"))
        _ = try importProblems(first, into: database)
        let second = try directory.write("second.jsonl", [
            ImportHelpers.line(id: "same", text: "<ai>same</ai>"),
            ImportHelpers.line(id: "edited", text: "<ai>after</ai>"),
            ImportHelpers.line(id: "new", text: "<ai>new</ai>"),
            ImportHelpers.line(id: "new", text: "<ai>new twice</ai>"),
        ].joined(separator: "\n"))
        let (_, problems) = try validate(second, against: database)
        #expect(problems.map { "\($0.line): \($0.message)" } == [
            "2: document \"edited\" differs from the stored one, which was kept (--replace-changed overwrites it; its history keeps the old version)",
            "4: duplicate id \"new\" (first on line 3)",
        ])
        // Without the database, only the repeat is a problem.
        #expect(try validate(second).1.map(\.line) == [4])
        #expect(try importProblems(second, into: database) == problems)
    }

    @Test func aLineTooLongIsReportedAsImportReportsIt() throws {
        let path = try directory.write("long.jsonl", ImportHelpers.line(id: "x", text: "<ai>" + String(repeating: "y", count: 100) + "</ai>"))
        var problems: [ImportProblem] = []
        _ = try FileValidator(schema: Fixtures.defaultSchema, maxLineBytes: 50).run(path: path) { problems.append($0) }
        var imported: [ImportProblem] = []
        _ = try Importer(database: AppDatabase.inMemory(), schema: Fixtures.defaultSchema, options: ImportOptions(maxLineBytes: 50), reviewer: "t")
            .run(path: path) { imported.append($0) }
        #expect(problems == imported)
        #expect(problems.first?.message == "line is 132 bytes, over the limit of 50 bytes (--max-line-bytes)")
    }
}
