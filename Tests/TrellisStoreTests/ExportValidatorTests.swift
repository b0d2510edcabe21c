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
    /// One type per field across the file: records that would change a field's type (or its
    /// keys) are found in the first batch of lines and in later ones, where the shape known from
    /// the batches before decides (nulls fit any type; a null field may get its type later).
    @Test func aFieldOfAnotherTypeIsFoundInEveryBatchOfLines() throws {
        let directory = try TemporaryDirectory()
        var lines: [String] = []
        for index in 0..<80_000 {
            let rating = index == 2 ? "null" : "4.5"
            let note = index < 30_000 ? "null" : "\"n\""
            lines.append(#"{"id": "d\#(index)", "text": "Hello there.", "spans": [{"start": 0, "end": 5, "label": "ai", "r": \#(rating)}], "note": \#(note)}"#)
        }
        lines[20] = lines[20].replacingOccurrences(of: #""r": 4.5"#, with: #""r": 4"#)
        lines[45_000] = lines[45_000].replacingOccurrences(of: #""r": 4.5"#, with: #""r": "4.5""#)
        lines[47_000] = lines[47_000].replacingOccurrences(of: #""note": "n""#, with: #""note": 1"#)
        lines[48_000] = lines[48_000].replacingOccurrences(of: #"}], "note""#, with: #", "x": 1}], "note""#)
        let path = try directory.write("eval.jsonl", lines.joined(separator: "\n") + "\n")
        #expect(FileManager.default.contents(atPath: path)!.count > 2 * (4 << 20))
        let problems = try ExportValidator.problems(at: path, format: .eval, schema: Fixtures.defaultSchema)
        #expect(problems == [
            "\(path):21: field spans[].r is an integer here and a float in the records before: one type per field lets datasets read the file",
            "\(path):45001: field spans[].r is a string here and a float in the records before: one type per field lets datasets read the file",
            "\(path):47001: field note is an integer here and a string in the records before: one type per field lets datasets read the file",
            "\(path):48001: field spans[].x is an integer here and absent in the records before: one type per field lets datasets read the file",
        ])
    }
}

