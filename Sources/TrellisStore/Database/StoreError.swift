import Foundation

/// Errors of the store that a user can act on.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound(String)
    case exists(String)
    case notTrellisDatabase(String)
    case newerSchema(path: String, migration: String)
    case olderSchema(path: String, migration: String)
    case readOnly(String)
    /// The database's folder cannot be written, which SQLite needs (to create `PATH-shm` and
    /// `PATH-wal`, or a new database) even to read a database in WAL mode.
    case folderNotWritable(path: String, creating: Bool)
    case unknownDocument(String)
    case unknownSpan(Int64)
    case conflict(String)
    case refused(String)
    /// The file is damaged: SQLite found corruption, or it holds a value no Trellis writes.
    /// `detail` says what was found.
    case damaged(path: String, detail: String)

    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    public var description: String {
        switch self {
        case .notFound(let path): "no database at \(path)"
        case .exists(let path): "\(path) already exists"
        case .notTrellisDatabase(let path): "\(path) is an SQLite database but not a Trellis one"
        case .newerSchema(let path, let migration): "\(path) was written by a newer Trellis (migration \"\(migration)\"); upgrade Trellis to open it"
        case .olderSchema(let path, let migration): "\(path) was written by an older Trellis and needs upgrading (migration \"\(migration)\"), which a read-only file cannot take; open it once where it can be written"
        case .readOnly(let path): "\(path) is read-only: changes cannot be saved"
        case .folderNotWritable(let path, let creating):
            creating
                ? "cannot create \(path): you cannot write in its folder \(Self.folder(of: path))"
                : "cannot open \(path): you cannot write in its folder \(Self.folder(of: path)), and SQLite needs to create \(path)-shm there "
                    + "to read a database in WAL mode. Ask for write access to the folder (see docs/team.md, \"A shared host\") or copy the database where you can write"
        case .unknownDocument(let id): "no document with id \"\(id)\""
        case .unknownSpan(let id): "no span with id \(id)"
        case .conflict(let message): message
        case .refused(let message): message
        case .damaged(let path, let detail):
            "\(path) is damaged (\(detail)); Trellis writes nothing to it. Save what can be saved with "
                + "`sqlite3 \(ShellWord.quoted(path)) .recover | sqlite3 recovered.sqlite`, then work on recovered.sqlite "
                + "(docs/data-model.md, \"A damaged database\")"
        }
    }
}
