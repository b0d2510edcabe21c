/// Strict UTF-8 checking of a whole text (a file another tool wrote), placing the first problem.
public enum UTF8Validation {
    /// The text, or the byte offset and description of its first invalid sequence.
    public static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<String, JSONSyntaxError> {
        var index = 0
        while index < bytes.count {
            if bytes[index] < 0x80 {
                index += 1
                continue
            }
            do {
                index += try UTF8Check.sequenceLength(at: index, in: bytes)
            } catch {
                return .failure(error)
            }
        }
        return .success(String(decoding: bytes, as: UTF8.self))
    }
}
