/// Errors of the store that a user can act on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case exists(String)
    case notTrellisDatabase(String)
    case newerSchema(path: String, migration: String)
    case olderSchema(path: String, migration: String)
    case readOnly(String)
    case unknownDocument(String)
    case unknownSpan(Int64)
    case conflict(String)
    case refused(String)

    public var description: String {
        switch self {
        case .notFound(let path): "no database at \(path)"
        case .exists(let path): "\(path) already exists"
        case .notTrellisDatabase(let path): "\(path) is an SQLite database but not a Trellis one"
        case .newerSchema(let path, let migration): "\(path) was written by a newer Trellis (migration \"\(migration)\"); upgrade Trellis to open it"
        case .olderSchema(let path, let migration): "\(path) was written by an older Trellis and needs upgrading (migration \"\(migration)\"), which a read-only file cannot take; open it once where it can be written"
        case .readOnly(let path): "\(path) is read-only: changes cannot be saved"
        case .unknownDocument(let id): "no document with id \"\(id)\""
        case .unknownSpan(let id): "no span with id \(id)"
        case .conflict(let message): message
        case .refused(let message): message
        }
    }
}
