/// Errors that stop an import as a whole (as opposed to problems with single lines).
public enum ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case cannotRead(path: String, reason: String)
    /// The input is in no shape Trellis reads (or not in the one named with `--from`); `seen`
    /// says what it is instead.
    case unrecognised(path: String, seen: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open \(path): \(reason)"
        case .cannotRead(let path, let reason): "cannot read \(path): \(reason)"
        case .unrecognised(let path, let seen): "\(path): \(seen)"
        }
    }
}

/// An import that stopped part-way through `file`: the batches committed before the failure
/// stay in the database (`committed` counts them), the rest of the file was not imported.
public struct ImportInterrupted: Error, CustomStringConvertible {
    public var file: String
    public var committed: ImportSummary
    /// What stopped it (a full disk, a damaged database, a read error).
    public var cause: any Error

    public init(file: String, committed: ImportSummary, cause: any Error) {
        self.file = file
        self.committed = committed
        self.cause = cause
    }

    /// Whether any document of the file was written.
    public var wroteDocuments: Bool { committed.imported + committed.replaced > 0 }

    public var description: String { "\(file): \(StoreMessages.reason(cause))" }
}
