import Foundation
import TrellisCore

/// An input in another tool's format (see `ImportInput` for how it is recognised), converted
/// document by document.
public final class ImportSource: @unchecked Sendable {
    public let path: String
    public let format: ImportFormat

    enum Reader {
        case conll(LineReader)
        /// JSON records one per line.
        case jsonLines(LineReader, JSONRecordFormat)
        /// JSON records in an array or one after another.
        case jsonRecords(JSONRecordReader, JSONRecordFormat)
        case folder(BratFolder)
    }

    let reader: Reader
    private var folderBytesRead = 0

    init(path: String, format: ImportFormat, reader: Reader) {
        self.path = path
        self.format = format
        self.reader = reader
    }

    /// Size of the input, when it is a regular file.
    public var fileSize: Int? {
        switch reader {
        case .conll(let reader), .jsonLines(let reader, _): reader.fileSize
        case .jsonRecords(let reader, _): reader.fileSize
        case .folder: nil
        }
    }

    /// Bytes read so far.
    public var bytesRead: Int {
        switch reader {
        case .conll(let reader), .jsonLines(let reader, _): reader.bytesRead
        case .jsonRecords(let reader, _): reader.bytesRead
        case .folder: folderBytesRead
        }
    }

    /// Converts every document in order, and reports records that cannot be read as
    /// rejections; `body` returns whether to go on.
    public func forEachDocument(schema: TagSchema, _ report: (ConversionResult) throws -> Bool) throws {
        // However broken a record, at most `ProblemLimit.perLine` of its problems in full.
        func body(_ result: ConversionResult) throws -> Bool {
            try report(result.mapError { LineRejection(ProblemLimit.limited($0.problems), skipped: $0.skipped) })
        }
        let stem = path == "-" ? "stdin" : ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        switch reader {
        case .folder(let folder):
            try folder.forEachDocument(schema: schema, onRead: { self.folderBytesRead += $0 }, body)
        case .conll(let reader):
            var converter = CoNLLConverter(schema: schema, idPrefix: stem)
            var going = true
            try reader.forEachLine { event in
                guard going else { return }
                switch event {
                case .line(let number, let bytes):
                    for result in converter.add(bytes, number: number) where going { going = try body(result) }
                case .tooLong(let number, let byteCount):
                    converter.addTooLong(number: number, byteCount: byteCount, limit: reader.maxLineBytes)
                }
            }
            for result in converter.finish() where going { going = try body(result) }
        case .jsonLines(let reader, let records):
            var converter = records.converter(schema: schema, stem: stem)
            var going = true
            try reader.forEachLine { event in
                guard going else { return }
                switch event {
                case .line(let number, let bytes):
                    guard !DocumentLineDecoder.isBlank(bytes) else { return }
                    for result in converter.add(bytes, origin: ImportPlace(line: number, column: 1)) where going { going = try body(result) }
                case .tooLong(let number, let byteCount):
                    going = try body(.failure(LineRejection([.lineTooLong(line: number, byteCount: byteCount, limit: reader.maxLineBytes)])))
                }
            }
            for result in converter.finish() where going { going = try body(result) }
        case .jsonRecords(let reader, let records):
            var converter = records.converter(schema: schema, stem: stem)
            var going = true
            try reader.forEachRecord { event in
                switch event {
                case .record(let bytes, let origin):
                    for result in converter.add(bytes, origin: origin) where going { going = try body(result) }
                case .tooLong(let origin, let byteCount):
                    going = try body(.failure(LineRejection([origin.problem("a record of \(byteCount) bytes, over the limit of \(reader.maxRecordBytes) bytes (--max-line-bytes)")])))
                case .broken(let problem):
                    going = try body(.failure(LineRejection([problem])))
                }
                return going
            }
            for result in converter.finish() where going { going = try body(result) }
        }
    }
}

/// The formats whose records are JSON values.
enum JSONRecordFormat {
    case labelStudio, labelStudioMin, spacy

    init?(_ format: ImportFormat) {
        switch format {
        case .labelStudio: self = .labelStudio
        case .labelStudioMin: self = .labelStudioMin
        case .spacy: self = .spacy
        case .jsonl, .brat, .conll: return nil
        }
    }

    /// A converter of these records; `stem` names documents without an id.
    func converter(schema: TagSchema, stem: String) -> any JSONRecordConverter {
        switch self {
        case .labelStudio: LabelStudioConverter(schema: schema)
        case .labelStudioMin: LabelStudioMinConverter(schema: schema)
        case .spacy: SpacyConverter(schema: schema, fallbackIDPrefix: stem)
        }
    }
}
