import GRDB
import TrellisModel

extension ReviewStoreError {
    /// An error of the SQLite store (a `StoreError`, an SQLite error, a value that cannot be read)
    /// in the protocol's terms, with the plain words `StoreMessages` gives it; a damaged file's
    /// message names `path` and how to recover it.
    init(_ error: any Error, path: String?) {
        if let same = error as? ReviewStoreError {
            self = same
        } else if StoreMessages.damage(in: error) != nil {
            self.init(.damaged, StoreMessages.describe(error, path: path))
        } else if let store = error as? StoreError {
            self.init(Self.kind(of: store), store.description)
        } else if let database = error as? DatabaseError {
            let kind: Kind = switch database.resultCode {
            case .SQLITE_BUSY, .SQLITE_LOCKED: .busy
            case .SQLITE_READONLY: .readOnly
            default: .unavailable
            }
            self.init(kind, StoreMessages.describe(error))
        } else {
            self.init(.unavailable, StoreMessages.describe(error))
        }
    }

    private static func kind(of error: StoreError) -> Kind {
        switch error {
        case .conflict: .conflict
        case .refused, .exists: .refused
        case .notFound, .unknownDocument, .unknownSpan: .notFound
        case .readOnly: .readOnly
        case .damaged: .damaged
        case .notTrellisDatabase, .newerSchema, .olderSchema, .folderNotWritable: .unavailable
        }
    }
}
