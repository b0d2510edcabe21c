/// Why a call of a ``ReviewStore`` failed: the only error its calls throw, whatever the backend.
/// A failed call changed nothing; `message` says so in plain words, for the status line.
public struct ReviewStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Someone changed what the call was computed on (a newer revision is stored): reload and retry.
        case conflict
        /// The reviewer may not do this, or it cannot be done (the message says why).
        case refused
        /// The document or span does not exist (any more).
        case notFound
        /// The store takes no writes.
        case readOnly
        /// The store stayed busy (another process's lock, a server) past the wait's time limit.
        case busy
        /// The store cannot be used now (a full disk, a lost connection); trying again later may work.
        case unavailable
        /// The store's data is damaged: nothing more should be written to it.
        case damaged
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
