import Foundation
import TrellisCore

/// Running the format converters on text in tests, without files.
public enum ConversionHelpers {
    /// The results of converting every record of `text` (laid out as `layout`).
    public static func convert<C: JSONRecordConverter>(_ text: String, with converter: C, layout: JSONLayout = .array) -> [ConversionResult] {
        var converter = converter
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            var splitter = JSONValueSplitter(layout: layout)
            var results: [ConversionResult] = []
            while case .value(let range) = splitter.next(buffer, base: 0, atEnd: true) {
                let origin = ImportPlace.places(ofByteOffsets: [range.lowerBound], in: buffer, origin: ImportPlace(line: 1, column: 1))[0]
                results += converter.add(UnsafeBufferPointer(rebasing: buffer[range]), origin: origin)
            }
            return results + converter.finish()
        }
    }

    /// The results of converting the lines of a CoNLL text.
    public static func convertCoNLL(_ text: String, idPrefix: String = "doc") -> [ConversionResult] {
        var converter = CoNLLConverter(schema: Fixtures.defaultSchema, idPrefix: idPrefix)
        var results: [ConversionResult] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            results += Array(line.utf8).withUnsafeBufferPointer { converter.add($0, number: index + 1) }
        }
        return results + converter.finish()
    }

    /// The documents among `results`.
    public static func documents(_ results: [ConversionResult]) -> [ConvertedDocument] {
        results.compactMap { try? $0.get() }
    }

    /// The problems among `results`, formatted as `file:line:column: message [id]`.
    public static func problems(_ results: [ConversionResult], file: String = "in") -> [String] {
        results.flatMap { result -> [String] in
            guard case .failure(let rejection) = result else { return [] }
            return rejection.problems.map { $0.formatted(file: file) }
        }
    }

    /// A document's spans as `label start-end`, in document order.
    public static func spans(_ document: ConvertedDocument) -> [String] {
        document.input.annotated.spans.map { "\($0.label) \($0.start)-\($0.end)" }
    }
}
