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
