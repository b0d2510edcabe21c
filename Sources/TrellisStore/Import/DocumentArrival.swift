import TrellisCore

/// How an incoming document stands against what came before it: the one home of the rules on
/// ids that `Importer` applies and `FileValidator` (`trellis validate`) reports.
///
/// An id seen on an earlier line of the same file is a repeat, whatever is stored: the line is
/// rejected. Otherwise a document stored under the id with the same content hash is unchanged;
/// with another hash it changed, and is reported and kept unless replacing.
public enum DocumentArrival: Hashable, Sendable {
    case new
    /// The id was on line `firstLine` of this file already.
    case repeated(firstLine: Int?)
    case unchanged(documentID: Int64)
    case changed(documentID: Int64)

    /// What is known of an id: the line it was first seen on in this file (`nil`: not seen;
    /// `.some(nil)`: seen, line unknown), and the stored document's row id and content hash.
    public init(firstLineInFile: Int??, stored: (documentID: Int64, contentHash: String)?, contentHash: String) {
        if let firstLine = firstLineInFile {
            self = .repeated(firstLine: firstLine)
        } else if let stored {
            self = stored.contentHash == contentHash ? .unchanged(documentID: stored.documentID) : .changed(documentID: stored.documentID)
        } else {
            self = .new
        }
    }

    /// Whether the line's document is not imported as it stands in the file.
    public var isRejection: Bool {
        switch self {
        case .repeated, .changed: true
        case .new, .unchanged: false
        }
    }

    /// The problem to report for document `id` on `line`, if any (`replacing`: changed
    /// documents are replaced, `--replace-changed`).
    public func problem(id: String, line: Int, replacing: Bool) -> ImportProblem? {
        switch self {
        case .new, .unchanged:
            return nil
        case .repeated(let first):
            return ImportProblem(line: line, column: 1, message: "duplicate id \"\(id)\" (first on line \(first.map(String.init) ?? "?"))", documentID: id)
        case .changed:
            if replacing { return nil }
            return ImportProblem(line: line, column: 1, message: "document \"\(id)\" differs from the stored one, which was kept (--replace-changed overwrites it; its history keeps the old version)", documentID: id)
        }
    }
}
