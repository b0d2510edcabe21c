import Foundation
import Testing
import TrellisCore
import TrellisStore
import TrellisTestSupport

/// The check every export goes through before it is renamed into place finds what is wrong,
/// with its place, in files far larger than one read.
@Suite struct ExportValidatorTests {
    @Test func aCSVRowOfTheWrongWidthIsFoundAcrossReads() throws {
        let directory = try TemporaryDirectory()
        var rows = ["id,text,label"]
        for index in 0..<60_000 { rows.append("d\(index),\"text, with \"\"quotes\"\"\nand a line\",human") }
        rows[45_000] = "d45000,missing a field"
        let path = try directory.write("big.csv", rows.joined(separator: "\r\n") + "\r\n")
        #expect(try ExportValidator.problems(at: path, format: .csv, schema: Fixtures.defaultSchema) == ["\(path): row 45001 has 2 fields, the header 3"])
    }

    @Test func everyBadEvalLineIsReportedInFileOrder() throws {
        let directory = try TemporaryDirectory()
        var lines: [String] = []
        for index in 0..<3000 {
            lines.append(#"{"id": "d\#(index)", "text": "Hello there.", "spans": [{"start": 0, "end": 5, "label": "ai"}]}"#)
        }
        lines[10] = #"{"id": "d10", "text": "Hello", "spans": [{"start": 0, "end": 9, "label": "ai"}]}"#
        lines[2500] = "{not json"
        let path = try directory.write("eval.jsonl", lines.joined(separator: "\n") + "\n")
        let problems = try ExportValidator.problems(at: path, format: .eval, schema: Fixtures.defaultSchema)
        #expect(problems.count == 2)
        #expect(problems.first?.hasPrefix("\(path):11:") == true)
        #expect(problems.first?.contains("lies outside the text") == true)
        #expect(problems.last?.hasPrefix("\(path):2501:") == true)
    }
}
