/// A value that changes whenever anyone commits a change to a store: polling it (cheaply) tells
/// whether what is on screen may be out of date. Opaque: only compared for equality.
public struct ChangeToken: Hashable, Sendable {
    private let value: String

    public init(_ value: String) {
        self.value = value
    }
}
