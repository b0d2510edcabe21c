import Crypto

/// SHA-256 comes from swift-crypto (BoringSSL's code, with the CPU's SHA instructions where it
/// has them); these are the few conveniences Trellis adds: text in, lower-case hex out.
extension SHA256 {
    /// Feeds the UTF-8 encoding of `string`.
    public mutating func update(utf8 string: String) {
        var string = string
        string.withUTF8 { update(bufferPointer: UnsafeRawBufferPointer($0)) }
    }

    /// The digest of `bytes` in lower-case hex.
    public static func hexDigest(_ bytes: [UInt8]) -> String {
        var hasher = SHA256()
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        return hasher.finalize().hex
    }

    /// The digest of the UTF-8 encoding of `string` in lower-case hex.
    public static func hexDigest(_ string: String) -> String {
        var hasher = SHA256()
        hasher.update(utf8: string)
        return hasher.finalize().hex
    }
}

extension Digest {
    /// The digest in lower-case hex (64 digits for SHA-256).
    public var hex: String {
        withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { text in
                for (index, byte) in bytes.enumerated() {
                    text[2 * index] = hexDigit(byte >> 4)
                    text[2 * index + 1] = hexDigit(byte & 0x0F)
                }
                return bytes.count * 2
            }
        }
    }
}

@inline(__always)
private func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
}
