/// Why a JSON text could not be parsed, and the byte offset of the offending byte
/// (the input's length when the input ended too early).
public struct JSONSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var byteOffset: Int

    public init(message: String, byteOffset: Int) {
        self.message = message
        self.byteOffset = byteOffset
    }

    public var description: String { "\(message) (at byte \(byteOffset))" }
}
